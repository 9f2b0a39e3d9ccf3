import { render } from '../../../nodes/CustomerIoAiPersonalize/liquid';
import type { ChatModel } from '../../../nodes/CustomerIoAiPersonalize/model';
import { personalize, promptVersion, type PersonalizeSettings } from '../../../nodes/CustomerIoAiPersonalize/personalize';
import { listedNames, scrub } from '../../../nodes/CustomerIoAiPersonalize/pii';
import { requestSchema } from '../../../nodes/CustomerIoAiPersonalize/request';
import { chooseVariant, inHoldout, parseTemplates, type Templates } from '../../../nodes/CustomerIoAiPersonalize/templates';
import { EXAMPLE_TEMPLATES } from '../../../nodes/CustomerIoAiPersonalize/description';

/**
 * AI Personalize without n8n: variant choice, holdout, PII scrubbing, and what is answered when
 * the model is fast, slow, failing or wrong. A fake chat model stands in for n8n's sub-nodes.
 */
const templates = EXAMPLE_TEMPLATES as unknown as Templates;
const settings = (over: Partial<PersonalizeSettings> = {}): PersonalizeSettings => ({
	templates,
	instructions: 'Friendly and short.',
	budgetMs: 300,
	holdoutPercent: 0,
	holdoutSalt: '',
	allocation: 'fixed',
	snapshotMaxAgeMinutes: 60,
	piiNames: listedNames('last_name, address'),
	...over,
});

const request = (over: Record<string, unknown> = {}) =>
	requestSchema.parse({
		template_id: 'welcome',
		user_id: 'user-17',
		tracking_id: 'trk-1',
		attrs: { plan: 'free', country: 'DE', email: 'ada@example.com' },
		fields: { first_name: 'Ada', last_name: 'Lovelace', phone: '+49 30 1234 5678', address: '1 Main St' },
		...over,
	});

/** A fake chat model: answers `reply` after `delayMs`, and records every prompt it receives. */
function fakeModel(reply: unknown, delayMs = 5): ChatModel & { prompts: string[]; aborted: boolean } {
	const model = {
		prompts: [] as string[],
		aborted: false,
		async invoke(messages: Array<[string, string]>, options?: { signal?: AbortSignal }) {
			model.prompts.push(JSON.stringify(messages));
			options?.signal?.addEventListener('abort', () => (model.aborted = true));
			await new Promise((r) => setTimeout(r, delayMs));
			if (reply instanceof Error) throw reply;
			return { content: typeof reply === 'string' ? reply : JSON.stringify(reply) };
		},
	};
	return model;
}

const goodVars = {
	subject: 'Ada, your free plan is live',
	preheader: 'Start in Berlin time',
	body: 'Hi {{fields.first_name | default: "there"}}, pick your first template.',
	cta: 'Start now',
};

async function answer(model: ChatModel | undefined, s = settings(), req = request()) {
	const startedAt = Date.now();
	const outcome = await personalize({ request: req, settings: s, model, startedAt });
	return { outcome, ms: Date.now() - startedAt };
}

describe('the model answers in time', () => {
	it('answers source "ai" with validated vars, slots filled with real fields', async () => {
		const { outcome } = await answer(fakeModel(goodVars));
		expect(outcome).toMatchObject({
			status: 200,
			answer: {
				template_id: 'welcome',
				tracking_id: 'trk-1',
				source: 'ai',
				prompt_version: promptVersion('Friendly and short.', templates.welcome),
				vars: { ...goodVars, body: 'Hi Ada, pick your first template.' },
			},
		});
	});

	it('accepts JSON wrapped in a ```json fence', async () => {
		const { outcome } = await answer(fakeModel('```json\n' + JSON.stringify(goodVars) + '\n```'));
		expect(outcome.status === 200 && outcome.answer.source).toBe('ai');
	});
});

describe('fallback', () => {
	const cases: Array<[string, () => ChatModel & { aborted: boolean }, RegExp]> = [
		['slow (2× the budget)', () => fakeModel(goodVars, 600), /did not answer within/],
		['throwing', () => fakeModel(new Error('401 invalid api key')), /401 invalid api key/],
		['answering prose, not JSON', () => fakeModel('Sure! Here is a great subject line.'), /did not answer JSON/],
		['missing a key', () => fakeModel({ subject: 'Hi', preheader: 'x', body: 'y' }), /field cta: Required/],
		['adding a key', () => fakeModel({ ...goodVars, ps: 'extra' }), /extra keys ps/],
		['writing an over-long subject', () => fakeModel({ ...goodVars, subject: 's'.repeat(151) }), /subject is longer than 150 characters/],
		['copying a masked email into the copy', () => fakeModel({ ...goodVars, body: 'We will write to [email].' }), /hidden personal data into body/],
	];

	it.each(cases)('a model %s gets the variant\'s own copy, within budget + 100 ms', async (_label, make, error) => {
		const model = make();
		const { outcome, ms } = await answer(model);
		expect(ms).toBeLessThan(300 + 100);
		if (outcome.status !== 200) throw new Error('expected an answer');
		expect(outcome.answer).toMatchObject({
			source: 'fallback',
			vars: { subject: expect.stringContaining('Ada'), cta: expect.any(String) },
		});
		expect(String(outcome.audit.error)).toMatch(error);
	});

	it('aborts the model call it stopped waiting for', async () => {
		const model = fakeModel(goodVars, 600);
		await answer(model);
		expect(model.aborted).toBe(true);
	});

	it('serves hydrated variant copy when no model is connected', async () => {
		const { outcome } = await answer(undefined);
		expect(outcome).toMatchObject({ status: 200, answer: { source: 'fallback' }, audit: { reason: 'no chat model connected' } });
	});
});

describe('privacy', () => {
	it('never shows the model an email, a phone number or a listed attribute', async () => {
		const model = fakeModel(goodVars);
		await answer(model);
		const prompt = model.prompts.join();
		for (const secret of ['ada@example.com', '+49 30 1234 5678', '1234 5678', 'Lovelace', '1 Main St']) expect(prompt).not.toContain(secret);
		expect(prompt).toContain('Ada'); // first names are not listed: the model may use them
		expect(prompt).toContain('[email]');
	});

	it('masks nested values and is case-insensitive about listed names', () => {
		expect(scrub({ Last_Name: 'X', notes: ['call 0151 2345 678', 'id 42'], deep: { mail: 'a@b.io' } }, listedNames('last_name'))).toEqual({
			Last_Name: '[redacted]',
			notes: ['call [phone]', 'id 42'],
			deep: { mail: '[email]' },
		});
	});

	it('masks internationalised emails and full-width phone numbers as well as ordinary ones', () => {
		const masked = scrub(
			{ note: 'Mail jöhn@exämple.de or 用户@例子.中国, call ＋１ ４１５ ５５５ ０１００ or +1 (415) 555-0100, ask ada@example.com' },
			listedNames(''),
		);
		expect(masked).toEqual({ note: 'Mail [email] or [email], call [phone] or [phone], ask [email]' });
	});

	it('keeps the audit item free of emails and phone numbers', async () => {
		const { outcome } = await answer(fakeModel(goodVars));
		expect(JSON.stringify(outcome.status === 200 && outcome.audit)).not.toMatch(/ada@example\.com|1234 5678|Lovelace/);
	});
});

describe('variants and holdout', () => {
	it('picks the first variant whose rule matches attrs', () => {
		expect(chooseVariant('welcome', templates.welcome, 'u1', { plan: 'pro' })).toMatchObject({ variant: { copy_id: 'welcome-pro' }, reason: 'rule' });
	});

	it('splits everyone else stably and about evenly across the variants without rules', () => {
		const counts: Record<string, number> = {};
		for (let i = 0; i < 10_000; i++) {
			const { variant } = chooseVariant('welcome', templates.welcome, `user-${i}`, { plan: 'free' });
			counts[variant.copy_id] = (counts[variant.copy_id] ?? 0) + 1;
			expect(chooseVariant('welcome', templates.welcome, `user-${i}`, {}).variant.copy_id).toBe(variant.copy_id);
		}
		expect(Object.keys(counts).sort()).toEqual(['welcome-a', 'welcome-b']);
		expect(Math.abs(counts['welcome-a'] - 5000)).toBeLessThan(200);
	});

	it.each([5, 10, 30])('puts %i%% of 10,000 people in the holdout, within ±2 points, the same ones every time', (percent) => {
		const ids = Array.from({ length: 10_000 }, (_, i) => `u${i}`);
		const held = ids.filter((id) => inHoldout('welcome', id, 'spring', percent));
		expect(Math.abs((held.length / 100) - percent)).toBeLessThanOrEqual(2);
		expect(ids.filter((id) => inHoldout('welcome', id, 'spring', percent))).toEqual(held);
		// Another salt draws another group.
		expect(ids.filter((id) => inHoldout('welcome', id, 'autumn', percent))).not.toEqual(held);
	});

	it('answers the control copy, without asking the model, to people in the holdout', async () => {
		const model = fakeModel(goodVars);
		const everyone = settings({ holdoutPercent: 100 });
		const { outcome } = await answer(model, everyone);
		expect(outcome).toMatchObject({ status: 200, answer: { source: 'control', variant: 'control', copy_id: 'welcome-control', vars: { subject: 'Welcome!' } } });
		expect(model.prompts).toHaveLength(0);
	});

	it('refuses an unknown template_id without telling the caller which ones exist', async () => {
		const { outcome } = await answer(undefined, settings(), request({ template_id: 'winback' }));
		expect(outcome).toEqual({ status: 400, error: 'template_id: unknown template "winback"; use a template_id defined in the node\'s Templates' });
	});
});

describe('templates', () => {
	it.each([
		['not JSON', '{', /^Templates is not valid JSON/],
		['no variants', { welcome: { variants: [] } }, 'Templates: welcome.variants: needs at least one variant'],
		['27 variants', { welcome: { variants: Array.from({ length: 27 }, (_, i) => ({ copy_id: `c${i}`, vars: { subject: 's' } })) } }, 'Templates: welcome.variants: has more than 26 variants (answers name them A to Z): split the test over two templates'],
		['a reused copy_id', { a: { variants: [{ copy_id: 'x', vars: { subject: 's' } }] }, b: { variants: [{ copy_id: 'x', vars: { subject: 's' } }] } }, 'Templates: b: copy_id "x" is used twice (also in a): each variant needs its own'],
		['a var name with spaces', { a: { variants: [{ copy_id: 'x', vars: { 'Sub ject': 's' } }] } }, 'Templates: a.variants.0.vars: var names are lowercase words such as subject or cta'],
	])('refuses %s with a message that says what to fix', (_label, json, message) => {
		const parsed = parseTemplates(typeof json === 'string' ? json : JSON.stringify(json));
		expect(parsed.ok).toBe(false);
		if (!parsed.ok) expect(parsed.error).toMatch(message);
	});

	it('renders Liquid slots with defaults and filters, and nothing from prototypes', () => {
		const scope = { fields: { first_name: 'ada', city: '' }, attrs: { plan: 'pro' } };
		expect(render('Hi {{ fields.first_name | capitalize }} ({{attrs.plan | upcase}})', scope)).toBe('Hi Ada (PRO)');
		expect(render('{{fields.city | default: "your city"}} / {{ fields.missing | default: \'there\' }}', scope)).toBe('your city / there');
		expect(render('{{ fields.constructor }}{{ fields.__proto__ }}{{ fields.constructor.name }}{{ attrs.toString }}{{ fields.__proto__.polluted }}', scope)).toBe('');
		expect(render('{{ fields.first_name | truncate: 2 }}', scope)).toBe('a…');
	});
});

describe('var limits', () => {
	const template = (vars: Record<string, string>, limits?: Record<string, number>) => ({ welcome: { variants: [{ copy_id: 'a', vars }], ...(limits ? { limits } : {}) } });

	it('refuses, when the workflow is activated, copy that is over its limit even without request data', () => {
		expect(parseTemplates(JSON.stringify(template({ subject: 'Hi {{ fields.name | default: "dear customer" }}' }, { subject: 10 })))).toEqual({
			ok: false,
			error: 'Templates: welcome.variants.0.vars.subject: is longer than 10 characters even without request data: shorten it or raise limits.subject',
		});
	});

	it('gives a var named like an Object member ("constructor") the default limit of other vars, 500', async () => {
		const parsed = parseTemplates(JSON.stringify(template({ constructor: 'Hi {{fields.first_name}}' })));
		if (!parsed.ok) throw new Error(parsed.error);
		const withName = (length: number) => answer(undefined, settings({ templates: parsed.templates }), request({ fields: { first_name: 'x'.repeat(length) } }));
		expect((await withName(497)).outcome).toMatchObject({ status: 200, answer: { vars: { constructor: `Hi ${'x'.repeat(497)}` } } });
		expect((await withName(498)).outcome).toMatchObject({ status: 200, answer: { vars: { constructor: 'Hi ' } }, audit: { defaulted_vars: ['constructor'] } });
	});
});

describe('request body', () => {
	it.each([
		[{ user_id: 'u' }, 'template_id: Required'],
		[{ template_id: 'welcome', user_id: '  ' }, 'user_id: is required'],
		[{ template_id: 'welcome', user_id: 'u', attrs: { plan: { nested: true } } }, /^attrs.plan: /],
		[{ template_id: 'welcome', user_id: 'u', feilds: {} }, "body: unknown field(s) feilds"],
	])('names the field in %j', async (body, error) => {
		const { parseRequest } = await import('../../../nodes/CustomerIoAiPersonalize/request');
		const parsed = parseRequest(Buffer.from(JSON.stringify(body)));
		expect(parsed.ok).toBe(false);
		if (!parsed.ok) expect(parsed.reply.error).toMatch(error);
	});
});
