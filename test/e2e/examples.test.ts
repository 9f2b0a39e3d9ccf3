import { inHoldout } from '../../nodes/CustomerIoAiPersonalize/templates';
import { CustomerIoSimulator, makeReportingEvent, sendReportingEvent } from '../simulator';
import { SANDBOX_WORKSPACES } from '../simulator/sandbox';
import { OpenAiStub } from '../stubs/openai';
import { exampleNames, loadExample, missingCredentialTypes, withCredentials } from './harness/examples';
import { N8n, nodeOutput, type Execution } from './harness/n8n';

/**
 * Every workflow in examples/ (what `npm start` puts in the sandbox, and what users can import)
 * works as its description says, against the simulator and the local model stub.
 */
const sim = new CustomerIoSimulator({ workspaces: SANDBOX_WORKSPACES });
const stub = new OpenAiStub();
let n8n: N8n;
const ids: Record<string, string> = {};

beforeAll(async () => {
	await sim.start(0);
	await stub.start();
	n8n = await N8n.start();
	const us = sim.workspace('Sandbox US');
	const byType = {
		customerIoLifecycleApi: await n8n.createCredential('Sandbox client US (simulator)', 'customerIoLifecycleApi', sim.credentialFor(us)),
		customerIoWebhookActionApi: await n8n.createCredential('Sandbox webhook action secret', 'customerIoWebhookActionApi', { method: 'header', headerName: 'X-Api-Key', headerValue: 'sandbox-webhook-action-secret' }),
		openAiApi: await n8n.createCredential('Local model stub (OpenAI API)', 'openAiApi', { apiKey: 'sk-local-stub', url: stub.url }),
	};
	// All but those that need PostgreSQL: test/e2e/queue-mode.test.ts and closed-loop.test.ts run them.
	for (const name of exampleNames()) {
		const example = loadExample(name);
		if (missingCredentialTypes(example, byType).length === 0) ids[name] = (await n8n.createWorkflow(withCredentials(example, byType))).id;
	}
});
afterAll(async () => {
	await n8n?.stop();
	await stub.stop();
	await sim.stop();
});

/** Waits until the workflow has `count` finished executions (n8n lists an execution as "new" before it runs). */
async function waitForExecutions(workflowId: string, count: number): Promise<Execution[]> {
	const deadline = Date.now() + 20_000;
	for (;;) {
		const executions = (await n8n.executions(workflowId)).filter((e) => !['new', 'running', 'waiting'].includes(e.status));
		if (executions.length >= count || Date.now() > deadline) return executions;
		await new Promise((r) => setTimeout(r, 200));
	}
}

describe('examples', () => {
	it('are all present: one per node and use case', () => {
		expect(exampleNames()).toEqual(['ai-personalize', 'closed-loop', 'get-attributes', 'identify-and-track', 'reporting-trigger', 'reporting-trigger-at-scale', 'transactional-email']);
		expect(Object.keys(ids).sort()).toEqual(exampleNames().filter((name) => name !== 'reporting-trigger-at-scale' && name !== 'closed-loop'));
	});

	it('give every node a fixed id, as the editor does (Remove Duplicates keys its history on it: without one, queue-mode workers would each see a new node)', () => {
		for (const name of exampleNames()) {
			const ids = loadExample(name).nodes.map((node) => node.id);
			expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
			expect(new Set(ids).size).toBe(ids.length);
		}
	});

	it('identify and track: three people, each with a signed_up event; Track maps the person from its own item', async () => {
		const execution = await n8n.runManually(ids['identify-and-track']);
		expect(execution.status).toBe('success');
		for (const id of ['u-1001', 'u-1002', 'u-1003']) {
			expect(sim.person('Sandbox US', { id })?.events.map((e) => [e.name, e.data])).toEqual([['signed_up', { plan: id === 'u-1001' ? 'pro' : 'free' }]]);
		}
		// Node version 1.1 keeps the input's fields: the chain's last items still describe the person.
		expect(nodeOutput(execution, 'Track Signed Up')[0].json).toMatchObject({ id: 'u-1001', email: 'ada@example.com', customerio: { status: 200 } });
	});

	it('get attributes: finds Ada, reports the unknown person as not found', async () => {
		const output = nodeOutput(await n8n.runManually(ids['get-attributes']), 'Get Attributes');
		expect(output.map((o) => (o.json.customerio as { found: boolean }).found)).toEqual([true, false]);
		expect(output[0].json.email).toBe('ada@example.com');
		expect((output[0].json.customerio as { attributes: unknown }).attributes).toMatchObject({ plan: 'pro', first_name: 'Ada' });
	});

	it('transactional email: sends the invoice with its attachment', async () => {
		const [sent] = nodeOutput(await n8n.runManually(ids['transactional-email']), 'Send Invoice Email');
		expect((sent.json.customerio as { delivery_id: unknown }).delivery_id).toEqual(expect.any(String));
		const delivery = sim.deliveries('Sandbox US').at(-1);
		expect(Buffer.from((delivery?.body.attachments as Record<string, string>)['invoice-42.txt'], 'base64').toString()).toContain('Invoice 42');
	});

	it('reporting trigger: a bounce unsubscribes the person, once, even when redelivered', async () => {
		await n8n.activate(ids['reporting-trigger']);
		const url = `${n8n.url}/webhook/${String(loadExample('reporting-trigger').nodes[0].webhookId)}/customerio-reporting`;
		const bounce = makeReportingEvent('email', 'bounced', { customer_id: 'u-1002', identifiers: { id: 'u-1002' } });
		const key = sim.workspace('Sandbox US').signingKey;
		expect((await sendReportingEvent(url, bounce, { signingKey: key })).status).toBe(200);
		await waitForExecutions(ids['reporting-trigger'], 1);
		expect((await sendReportingEvent(url, bounce, { signingKey: key })).status).toBe(200);
		expect((await sendReportingEvent(url, makeReportingEvent('email', 'opened'), { signingKey: key })).status).toBe(200);
		const executions = await waitForExecutions(ids['reporting-trigger'], 2);
		expect(executions).toHaveLength(2);
		expect(sim.person('Sandbox US', { id: 'u-1002' })).toMatchObject({ unsubscribed: true, attributes: { email_status: 'bounced' } });
		await n8n.deactivate(ids['reporting-trigger']);
	});

	it('AI Personalize: answers personalized copy through the chat model', async () => {
		await n8n.activate(ids['ai-personalize']);
		// The example holds 10% out as control: ask for someone in the AI group.
		const userId = Array.from({ length: 50 }, (_, i) => `u-${i}`).find((id) => !inHoldout('welcome', id, '', 10));
		const response = await fetch(`${n8n.url}/webhook/${String(loadExample('ai-personalize').nodes[0].webhookId)}/personalize`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-api-key': 'sandbox-webhook-action-secret' },
			body: JSON.stringify({ template_id: 'welcome', user_id: userId, attrs: { plan: 'pro' }, fields: { first_name: 'Ada' } }),
		});
		const answer = (await response.json()) as { source: string; vars: Record<string, string> };
		expect(answer.source).toBe('ai');
		expect(answer.vars.subject).toContain('Ada');
		const [execution] = await waitForExecutions(ids['ai-personalize'], 1);
		expect(execution.data?.resultData.runData['Review Log']).toBeDefined();
		await n8n.deactivate(ids['ai-personalize']);
	});
});
