import { signedHeaders } from '../simulator';
import { OpenAiStub } from '../stubs/openai';
import { N8n, type Execution } from './harness/n8n';
import { aiPersonalizeWithModel } from './harness/workflows';

/**
 * AI Personalize as a Customer.io Webhook Action calls it, in an active workflow, with n8n's
 * real "OpenAI Chat Model" sub-node pointed at a local OpenAI-compatible stub.
 */
const stub = new OpenAiStub();
let n8n: N8n;
let url: string;
let workflowId: string;
const SIGNING_KEY = 'webhook-action-signing-key-0001';
// The node's default: the budget runs from the request's arrival, and a cold n8n loads LangChain on its first model call.
const BUDGET_MS = 3000;

beforeAll(async () => {
	await stub.start();
	n8n = await N8n.start();
	const workflow = await aiPersonalizeWithModel(n8n, {
		name: 'AI welcome copy',
		stubUrl: stub.url,
		signingKey: SIGNING_KEY,
		parameters: { budgetMs: BUDGET_MS, instructions: 'Warm, short.' },
	});
	workflowId = workflow.id;
	await n8n.activate(workflowId);
	url = `${n8n.url}/webhook/${workflow.webhookId}/personalize`;
	await n8n.waitForWebhook(url);
	// A fresh n8n loads LangChain on its first model call, which can take longer than the budget
	// on a busy machine (that request gets fallback copy, as designed): warm it up first.
	await call(body('warm-up'));
});
afterAll(async () => {
	await n8n?.stop();
	await stub.stop();
});

const body = (userId: string) =>
	JSON.stringify({
		template_id: 'welcome',
		user_id: userId,
		tracking_id: `trk-${userId}`,
		attrs: { plan: 'free', email: 'ada@example.com' },
		fields: { first_name: 'Ada', phone: '+1 415 555 0100' },
	});

async function call(raw: string, headers: Record<string, string> = signedHeaders(SIGNING_KEY, raw)) {
	const started = Date.now();
	const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: raw });
	return { status: response.status, type: response.headers.get('content-type'), json: (await response.json()) as Record<string, unknown>, ms: Date.now() - started };
}

describe('AI Personalize answering a Webhook Action', () => {
	it('answers personalized JSON from the chat model, without showing it personal data', async () => {
		stub.delayMs = 50;
		const answer = await call(body('user-1'));
		expect(answer.status).toBe(200);
		expect(answer.type).toMatch(/^application\/json/);
		expect(answer.json).toMatchObject({
			template_id: 'welcome',
			tracking_id: 'trk-user-1',
			source: 'ai',
			copy_id: expect.stringMatching(/^welcome-(a|b)$/),
			prompt_version: expect.stringMatching(/^[0-9a-f]{10}$/),
			vars: { subject: expect.stringMatching(/^✨ .*Ada/) },
		});
		const prompt = JSON.stringify(stub.requests.at(-1));
		expect(prompt).toContain('Warm, short.');
		expect(prompt).not.toContain('ada@example.com');
		expect(prompt).not.toContain('415 555 0100');
	});

	it('gives the same person the same variant every time', async () => {
		const first = await call(body('user-2'));
		const again = await call(body('user-2'));
		expect(again.json.copy_id).toBe(first.json.copy_id);
	});

	it('answers the fallback copy within the budget when the model hangs', async () => {
		stub.delayMs = Infinity;
		const answer = await call(body('user-3'));
		stub.delayMs = 0;
		expect(answer.json).toMatchObject({ source: 'fallback', vars: { subject: expect.stringContaining('Ada') } });
		expect(answer.ms).toBeLessThan(BUDGET_MS + 250);
	});

	it('answers 401 to unsigned or wrongly signed requests and 400 to a bad body, generating nothing', async () => {
		const before = stub.requests.length;
		const raw = body('user-4');
		expect((await call(raw, {})).status).toBe(401);
		expect((await call(raw, signedHeaders('another-key-0000000000', raw))).status).toBe(401);
		const bad = JSON.stringify({ template_id: 'welcome' });
		expect(await call(bad)).toMatchObject({ status: 400, json: { error: 'user_id: Required' } });
		expect(stub.requests.length).toBe(before);
	});

	it('leaves one audit item per answer in the executions', async () => {
		const deadline = Date.now() + 20_000;
		let executions: Execution[] = [];
		while (Date.now() < deadline) {
			executions = await n8n.executions(workflowId);
			if (executions.length >= 5) break;
			await new Promise((r) => setTimeout(r, 200));
		}
		const audits = executions
			.map((e) => e.data?.resultData.runData['AI Personalize']?.[0]?.data?.main[0]?.[0]?.json ?? {})
			.filter((audit) => (audit.request as { user_id?: string } | undefined)?.user_id !== 'warm-up');
		expect(audits.map((a) => (a.answer as { source: string }).source).sort()).toEqual(['ai', 'ai', 'ai', 'fallback']);
		expect(JSON.stringify(audits)).not.toContain('ada@example.com');
		expect(audits.find((a) => a.reason === 'model too slow')).toBeDefined();
	});
});
