import { MAX_BLOCK_MS } from '../../helpers/eventLoopProbe';
import { AUTHORIZED, body, call, modelAnswering, warmUp } from './harness';

/**
 * The audit item is workflow data: it is stored with every execution and flows on to other
 * nodes. Private Attributes (and emails, phone numbers) are masked in it wherever they appear:
 * in the request and in the answered copy, where a slot such as {{fields.last_name}} puts them.
 * Customer.io itself still gets the real copy.
 */
beforeAll(warmUp);

const copy = (subject: string) => ({ subject, preheader: 'p', body: 'Write to {{fields.contact}}', cta: 'c' });
const templates = JSON.stringify({
	welcome: {
		variants: [{ copy_id: 'welcome-a', vars: copy('Hi {{fields.first_name}} {{fields.last_name}} of {{fields.profile.address}}') }],
		control: { copy_id: 'welcome-control', vars: copy('Hello {{ fields.last_name | upcase }}') },
	},
});
const person = { first_name: 'Ada', last_name: 'Lovelace', contact: 'ada@example.com', profile: { address: '12 St James Square' } };
const secrets = ['Lovelace', 'LOVELACE', 'ada@example.com', '12 St James Square'];

it.each([
	['fallback', {}, undefined, 'Hi Ada Lovelace of 12 St James Square', 'Hi Ada [redacted] of [redacted]'],
	['control', { holdoutPercent: 100 }, undefined, 'Hello LOVELACE', 'Hello [REDACTED]'],
	['ai', {}, modelAnswering(JSON.stringify(copy('{{fields.first_name}} {{fields.last_name}}, welcome'))), 'Ada Lovelace, welcome', 'Ada [redacted], welcome'],
])('%s copy: Customer.io gets the private attribute, the audit item shows the mask', async (source, parameters, model, subject, audited) => {
	const result = await call({ raw: body({ fields: person }), parameters: { templates, ...parameters }, model, headers: AUTHORIZED });
	expect(result).toMatchObject({ status: 200, body: { source, vars: { subject, body: 'Write to ada@example.com' } } });
	const audit = JSON.stringify(result.audit);
	for (const secret of secrets) expect(audit).not.toContain(secret);
	expect(result.audit).toMatchObject({ answer: { source, vars: { subject: audited, body: 'Write to [email]' } } });
	expect(result.blockedMs).toBeLessThan(MAX_BLOCK_MS);
});
