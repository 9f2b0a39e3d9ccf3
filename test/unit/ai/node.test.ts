import { CustomerIoAiPersonalize } from '../../../nodes/CustomerIoAiPersonalize/CustomerIoAiPersonalize.node';
import { EXAMPLE_TEMPLATES } from '../../../nodes/CustomerIoAiPersonalize/description';
import { fakeWebhookContext } from '../../helpers/fakeWebhookContext';
import { signedHeaders } from '../../simulator';

/** The AI node's n8n entry points: who gets an answer, what is answered, what the workflow sees. */
const node = new CustomerIoAiPersonalize();
const body = JSON.stringify({ template_id: 'welcome', user_id: 'u-1', attrs: { plan: 'pro' }, fields: { first_name: 'Grace' } });

function context(credentials: Record<string, string>, headers: Record<string, string>, raw = body, parameters: Record<string, unknown> = {}, model?: unknown) {
	return fakeWebhookContext(
		{ rawBody: raw, headers },
		{
			credentials,
			// The node's defaults, as n8n fills them in.
			parameters: { authentication: 'credential', budgetMs: 500, templates: JSON.stringify(EXAMPLE_TEMPLATES), instructions: '', holdoutPercent: 0, ...parameters },
			extra: { getInputConnectionData: async () => model },
		},
	);
}

const header = { method: 'header', headerName: 'X-Api-Key', headerValue: 'a-long-shared-secret-42' };
const basic = { method: 'basic', user: 'customerio', password: 'correct-horse-battery' };
const signature = { method: 'signature', signingKey: 'cio-webhook-action-key-1' };
const basicHeader = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });

describe('authentication', () => {
	it.each([
		['a header secret', header, { 'x-api-key': 'a-long-shared-secret-42' }, { 'x-api-key': 'a-long-shared-secret-43' }],
		['Basic auth', basic, basicHeader('customerio', 'correct-horse-battery'), basicHeader('customerio', 'wrong')],
		['a Customer.io signature', signature, signedHeaders('cio-webhook-action-key-1', body), signedHeaders('other-key', body)],
	])('with %s: answers the right caller, 401 to anyone else', async (_label, credentials, good, bad) => {
		const ok = context(credentials, good);
		const result = await node.webhook.call(ok.ctx);
		expect(ok.answer).toMatchObject({ status: 200, body: { source: 'fallback', copy_id: 'welcome-pro', vars: { subject: 'Welcome to Pro, Grace' } } });
		expect(result.workflowData?.[0][0].json).toMatchObject({ reason: 'no chat model connected', chosen_by: 'rule' });

		for (const headers of [bad, {}]) {
			const denied = context(credentials, headers);
			expect(await node.webhook.call(denied.ctx)).toEqual({ noWebhookResponse: true });
			expect(denied.answer.status).toBe(401);
		}
	});

	it('lets anyone in only when authentication is explicitly None', async () => {
		const open = context({}, {}, body, { authentication: 'none' });
		await node.webhook.call(open.ctx);
		expect(open.answer.status).toBe(200);
	});

	it('refuses weak secrets when the workflow is activated', async () => {
		const weak = context({ ...header, headerValue: 'short' }, {});
		await expect(node.webhookMethods.default.checkExists.call(weak.ctx)).rejects.toThrow(
			'Webhook Action credential: Header Value must be a secret of at least 16 characters',
		);
	});

	it.each([
		['a Time Budget of NaN', header, { budgetMs: NaN }, 'Time Budget (Milliseconds) must be a number from 100 to 30000'],
		['a Time Budget of a day', header, { budgetMs: 86_400_000 }, 'Time Budget (Milliseconds) must be a number from 100 to 30000'],
		['a Holdout of 150%', header, { holdoutPercent: 150 }, 'Holdout (%) must be a number from 0 to 100'],
		['a Signature Tolerance of NaN', signature, { options: { toleranceSeconds: NaN } }, 'Signature Tolerance (Seconds) must be a number from 1 to 3600'],
		['a Signature Tolerance given as text', signature, { options: { toleranceSeconds: '300' } }, 'Signature Tolerance (Seconds) must be a number from 1 to 3600'],
	])('refuses %s when the workflow is activated (an expression can produce anything)', async (_label, credentials, parameters, message) => {
		const broken = context(credentials, {}, body, parameters);
		await expect(node.webhookMethods.default.checkExists.call(broken.ctx)).rejects.toThrow(message);
	});

	it('refuses broken templates when the workflow is activated', async () => {
		const broken = context(header, {}, body, { templates: '{"welcome": {"variants": []}}' });
		await expect(node.webhookMethods.default.checkExists.call(broken.ctx)).rejects.toThrow(
			'Templates: welcome.variants: needs at least one variant',
		);
	});
});

describe('answers', () => {
	it('answers 400 naming the field, and starts nothing', async () => {
		const raw = JSON.stringify({ template_id: 'welcome', user_id: 'u', attrs: [] });
		const bad = context(header, { 'x-api-key': header.headerValue }, raw);
		expect(await node.webhook.call(bad.ctx)).toEqual({ noWebhookResponse: true });
		expect(bad.answer).toEqual({ status: 400, body: { error: 'attrs: Expected object, received array' } });
	});

	it('uses the connected chat model and reports its timing in the audit item', async () => {
		const model = { invoke: async () => ({ content: JSON.stringify({ subject: 'Grace, Pro is on', preheader: 'p', body: 'b', cta: 'Go' }) }) };
		const run = context(header, { 'x-api-key': header.headerValue }, body, {}, model);
		const result = await node.webhook.call(run.ctx);
		expect(run.answer.body).toMatchObject({ source: 'ai', vars: { subject: 'Grace, Pro is on' } });
		expect(result.workflowData?.[0][0].json).toMatchObject({ model_ms: expect.any(Number), answered_in_ms: expect.any(Number) });
	});

	it('gives each audit item its own served_id (the store\'s key for the answer) and served_at', async () => {
		const first = await node.webhook.call(context(header, { 'x-api-key': header.headerValue }).ctx);
		const again = await node.webhook.call(context(header, { 'x-api-key': header.headerValue }).ctx);
		const [a, b] = [first, again].map((result) => result.workflowData?.[0][0].json as { served_id: string; served_at: string });
		expect(a.served_id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
		expect(b.served_id).not.toBe(a.served_id);
		expect(Math.abs(Date.parse(a.served_at) - Date.now())).toBeLessThan(60_000);
	});

	it('still answers when the model sub-node itself fails to load', async () => {
		const run = context(header, { 'x-api-key': header.headerValue });
		(run.ctx as unknown as { getInputConnectionData: () => Promise<never> }).getInputConnectionData = async () => {
			throw new Error('OpenAI credential is missing');
		};
		const result = await node.webhook.call(run.ctx);
		expect(run.answer).toMatchObject({ status: 200, body: { source: 'fallback' } });
		expect(result.workflowData?.[0][0].json).toMatchObject({ model_error: 'OpenAI credential is missing' });
	});
});
