import { randomUUID } from 'crypto';
import { CustomerIoSimulator, makeReportingEvent, sendReportingEvent, signedHeaders, type Workspace } from '../simulator';
import { OpenAiStub } from '../stubs/openai';
import { installTarball, N8N_VERSIONS, packTarball, plainInstall, runtime } from './harness/install';
import { N8n, nodeOutput, type WorkflowNode } from './harness/n8n';
import { aiPersonalizeWithModel, code, customerIo, workflow } from './harness/workflows';

/**
 * The same packed package on every n8n our users run (test/compat/n8n-versions.json: the oldest
 * supported 1.x, the last 1.x, the pinned 2.x and the newest 2.x that installs here), each on the
 * Node.js it needs and installed as n8n's community installer installs it. Everything a user does
 * first is checked on each: the nodes show up, the credential test, identify + track in batches,
 * the Reporting Trigger, and AI Personalize with n8n's own OpenAI Chat Model node.
 * Workflows start from webhooks, so no version-specific "run" or executions API is needed.
 */
const sim = new CustomerIoSimulator();
const stub = new OpenAiStub();
let tarball: string;
let ws: Workspace;
const SIGNING_KEY = 'compat-webhook-action-signing-key';
// The node's default budget: a cold n8n loads LangChain on the first model call.
const BUDGET_MS = 3000;

beforeAll(async () => {
	await sim.start(0);
	await stub.start();
	ws = sim.addWorkspace({ name: 'compat', region: 'us' });
	tarball = packTarball();
});
afterAll(async () => {
	await stub.stop();
	await sim.stop();
});

const webhookNode = (path: string): WorkflowNode => ({
	name: 'Webhook',
	type: 'n8n-nodes-base.webhook',
	typeVersion: 2,
	position: [0, 0],
	webhookId: randomUUID(),
	parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
});

describe.each(N8N_VERSIONS.matrix)('n8n $n8n ($role)', ({ n8n: version }) => {
	let n8n: N8n;
	let credential: { id: string; name: string };

	beforeAll(async () => {
		n8n = await N8n.start({ runtime: runtime(version), install: (folder) => installTarball(folder, tarball) });
		credential = await n8n.createCredential(`Compat ${version}`, 'customerIoLifecycleApi', sim.credentialFor(ws));
	}, 300_000);
	afterAll(async () => {
		await n8n?.stop();
	});

	it('installs with a plain `npm install <tarball>` on its Node.js without pulling in anything else', () => {
		expect(plainInstall(tarball, runtime(version))).toEqual(['n8n-nodes-customerio-lifecycle']);
	});

	it('lists every node (the trigger also under its first type name, hidden from the node creator) and every credential', async () => {
		const types = await n8n.nodeTypes();
		const listed = (node: string) => {
			const type = types.find((t) => t.name === N8n.nodeType(node)) as { hidden?: boolean } | undefined;
			return type ? (type.hidden ? 'hidden' : 'shown') : 'missing';
		};
		expect(Object.fromEntries(['customerIoLifecycle', 'customerIoLifecycleTrigger', 'customerIoAiPersonalize', 'customerIoAiResults', 'customerIoReportingTrigger'].map((node) => [node, listed(node)]))).toEqual({
			customerIoLifecycle: 'shown',
			customerIoLifecycleTrigger: 'shown',
			customerIoAiPersonalize: 'shown',
			customerIoAiResults: 'shown',
			customerIoReportingTrigger: 'hidden',
		});
		const credentials = (await n8n.credentialTypes()).map((c) => c.name);
		expect(credentials).toEqual(expect.arrayContaining(['customerIoLifecycleApi', 'customerIoWebhookActionApi', 'customerIoReportingSigningApi']));
	});

	it('tests the credential: valid keys pass, a wrong Track key is named', async () => {
		expect(await n8n.testCredential('customerIoLifecycleApi', sim.credentialFor(ws))).toEqual({ status: 'OK', message: 'Track and App keys valid (US region)' });
		const wrong = await n8n.testCredential('customerIoLifecycleApi', sim.credentialFor(ws, { trackApiKey: 'wrong-track-key' }));
		expect(wrong.status).toBe('Error');
		expect(wrong.message).toMatch(/^Track API key or Site ID rejected/);
	});

	it('identifies and tracks 100 people through Track v2 batches, each once', async () => {
		const prefix = `compat-${version}`;
		const path = `compat-${randomUUID()}`;
		const wf = await n8n.createWorkflow(
			workflow(
				'identify + track',
				[
					webhookNode(path),
					code('People', `return Array.from({ length: 100 }, (_, i) => ({ json: { id: '${prefix}-' + i, plan: i % 2 ? 'pro' : 'free' } }));`),
					customerIo('Identify', credential, { resource: 'person', operation: 'identify', identifierType: 'id', identifier: '={{ $json.id }}', attributesJson: '={{ { plan: $json.plan } }}' }),
					customerIo('Track', credential, { resource: 'event', operation: 'track', identifierType: 'id', identifier: '={{ $json.id }}', eventName: 'compat_checked' }),
				],
				// Both read the People items directly: n8n 1.123 resolves `$('People').item` to null
				// in webhook-started runs (its own Set node too), which is not ours to test here.
				['Webhook', 'People', 'Identify'],
				['People', 'Track'],
			),
		);
		await n8n.activate(wf.id);
		sim.clearRequests();
		const response = await n8n.callWebhook(path, {});
		const text = await response.text();
		// On failure, show why: n8n answers only "Error in workflow".
		const failure = response.status === 200 ? undefined : { text, error: (await n8n.executions(wf.id))[0]?.data?.resultData.error };
		expect({ status: response.status, failure }).toEqual({ status: 200, failure: undefined });
		const items = JSON.parse(text) as Array<{ identifier?: unknown; status?: number; via?: string }>;
		expect(items).toHaveLength(100);
		expect(items.filter((item) => item.status !== 200 || item.via !== 'batch')).toEqual([]);
		expect(items[99].identifier).toEqual({ type: 'id', value: `${prefix}-99` });

		const requests = sim.requests.filter((r) => r.workspace === ws.name);
		expect(requests.every((r) => r.path === '/api/v2/batch' && r.status === 200)).toBe(true);
		const ops = requests.flatMap((r) => (r.body as { batch: Array<{ type: string; action: string; identifiers: { id: string } }> }).batch);
		expect(ops.filter((op) => op.action === 'identify')).toHaveLength(100);
		expect(ops.filter((op) => op.action === 'event')).toHaveLength(100);
		expect(sim.person(ws.name, { id: `${prefix}-99` })).toMatchObject({ attributes: { plan: 'pro' }, events: [expect.objectContaining({ name: 'compat_checked' })] });
		await n8n.deactivate(wf.id);
	});

	it('node 1.1: items keep their fields (Track maps {{ $json.id }}), failed items reach the error output', async () => {
		const prefix = `compat11-${version}`;
		const path = `compat11-${randomUUID()}`;
		const v11 = { typeVersion: 1.1 };
		const wf = await n8n.createWorkflow(
			workflow(
				'node 1.1 chain',
				[
					webhookNode(path),
					code('People', `return Array.from({ length: 10 }, (_, i) => ({ json: { id: i === 4 ? '' : '${prefix}-' + i, plan: 'pro' } }));`),
					customerIo('Identify', credential, { resource: 'person', operation: 'identify', identifierType: 'id', identifier: '={{ $json.id }}' }, { ...v11, onError: 'continueErrorOutput' }),
					customerIo('Track', credential, { resource: 'event', operation: 'track', identifierType: 'id', identifier: '={{ $json.id }}', eventName: 'compat_chained' }, v11),
				],
				['Webhook', 'People', 'Identify', 'Track'],
			),
		);
		await n8n.activate(wf.id);
		const response = await n8n.callWebhook(path, {});
		expect(response.status).toBe(200);
		const tracked = (await response.json()) as Array<{ id: string; plan: string; customerio: { status: number } }>;
		expect(tracked.map((item) => [item.id, item.plan, item.customerio.status])).toEqual(
			[0, 1, 2, 3, 5, 6, 7, 8, 9].map((i) => [`${prefix}-${i}`, 'pro', 200]),
		);
		// n8n may answer the webhook a moment before it has saved the execution.
		let [execution] = await n8n.executions(wf.id);
		for (let tries = 0; !execution?.data && tries < 50; tries++) {
			await new Promise((resolve) => setTimeout(resolve, 100));
			[execution] = await n8n.executions(wf.id);
		}
		expect(nodeOutput(execution, 'Identify', 1).map((o) => [o.json.error, o.pairedItem])).toEqual([['Item 4: Person Identifier is empty', { item: 4 }]]);
		await n8n.deactivate(wf.id);
	});

	it('Reporting Trigger answers 200 to a signed event and 401 to a forged one', async () => {
		const webhookId = randomUUID();
		const wf = await n8n.createWorkflow(
			workflow('reporting', [
				{
					name: 'Reporting Trigger',
					type: N8n.nodeType('customerIoLifecycleTrigger'),
					typeVersion: 1,
					position: [0, 0],
					webhookId,
					parameters: {},
					credentials: { customerIoLifecycleApi: credential },
				},
			]),
		);
		await n8n.activate(wf.id);
		const url = `${n8n.url}/webhook/${webhookId}/customerio-reporting`;
		await n8n.waitForWebhook(url);
		const event = makeReportingEvent('email', 'opened');
		expect((await sendReportingEvent(url, event, { signingKey: ws.signingKey })).status).toBe(200);
		expect((await sendReportingEvent(url, makeReportingEvent('email', 'opened'), { signingKey: 'not-the-signing-key' })).status).toBe(401);
		await n8n.deactivate(wf.id);
	});

	it('AI Personalize answers "ai" copy through n8n\'s OpenAI Chat Model, and fallback copy within the budget when the model hangs', async () => {
		const { id: workflowId, webhookId } = await aiPersonalizeWithModel(n8n, { name: 'AI copy', stubUrl: stub.url, signingKey: SIGNING_KEY, parameters: { budgetMs: BUDGET_MS } });
		await n8n.activate(workflowId);
		const url = `${n8n.url}/webhook/${webhookId}/personalize`;
		await n8n.waitForWebhook(url);
		const ask = async (userId: string) => {
			const raw = JSON.stringify({ template_id: 'welcome', user_id: userId, attrs: { plan: 'free' }, fields: { first_name: 'Ada' } });
			const started = Date.now();
			const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...signedHeaders(SIGNING_KEY, raw) }, body: raw });
			return { status: response.status, json: (await response.json()) as { source?: string; vars?: Record<string, string> }, ms: Date.now() - started };
		};
		stub.delayMs = 0;
		// The first model call of a fresh n8n loads LangChain, which may overrun the budget on a busy machine.
		await ask('compat-warm-up');
		const ai = await ask('compat-ai');
		expect(ai).toMatchObject({ status: 200, json: { source: 'ai', vars: { subject: expect.stringMatching(/^✨ .*Ada/) } } });

		stub.delayMs = Infinity;
		const fallback = await ask('compat-hang');
		stub.delayMs = 0;
		expect(fallback).toMatchObject({ status: 200, json: { source: 'fallback', vars: { subject: expect.stringContaining('Ada') } } });
		expect(fallback.ms).toBeLessThan(BUDGET_MS + 500);
		await n8n.deactivate(workflowId);
	});

	it('adaptive allocation: Update Allocation\'s shares reach AI Personalize through the workflow\'s static data', async () => {
		const updatePath = `compat-allocation-${randomUUID()}`;
		const webhookId = randomUUID();
		const auth = await n8n.createCredential(`Compat ${version}: allocation webhook actions`, 'customerIoWebhookActionApi', { method: 'signature', signingKey: SIGNING_KEY });
		const copyIds = ['welcome-a', 'welcome-b', 'welcome-c'];
		// Results that clearly favour welcome-c (12% against 2% and 4% clicked).
		const rows = copyIds.map((copy_id, i) => ({ template_id: 'welcome', copy_id, served: 500, successes: [10, 20, 60][i] }));
		const templates = { welcome: { variants: copyIds.map((copy_id) => ({ copy_id, vars: { subject: `${copy_id} for {{ fields.first_name }}` } })) } };
		const { id } = await n8n.createWorkflow(
			workflow(
				'adaptive allocation',
				[
					webhookNode(updatePath),
					code('Results', `return ${JSON.stringify(rows)}.map((json) => ({ json }));`),
					{ name: 'Update Allocation', type: N8n.nodeType('customerIoAiResults'), typeVersion: 1, position: [400, 0], parameters: { operation: 'updateAllocation', outcome: 'clicked' } },
					// No chat model: fallback copy answers, which is all the allocation needs.
					{ name: 'AI Personalize', type: N8n.nodeType('customerIoAiPersonalize'), typeVersion: 1, position: [0, 300], webhookId, parameters: { templates: JSON.stringify(templates), allocation: 'adaptive' }, credentials: { customerIoWebhookActionApi: auth } },
				],
				['Webhook', 'Results', 'Update Allocation'],
			),
		);
		// Production executions: n8n saves static data only for those, not for manual runs.
		await n8n.activate(id);
		const url = `${n8n.url}/webhook/${webhookId}/personalize`;
		await n8n.waitForWebhook(url);
		const ask = async (userId: string) => {
			const raw = JSON.stringify({ template_id: 'welcome', user_id: userId, fields: { first_name: 'Ada' } });
			const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...signedHeaders(SIGNING_KEY, raw) }, body: raw });
			expect(response.status).toBe(200);
			return (await response.json()) as { copy_id: string; source: string; allocation: string };
		};
		expect(await ask('adaptive-before')).toMatchObject({ source: 'fallback', allocation: 'fixed' });

		const response = await n8n.callWebhook(updatePath, {});
		expect(response.status).toBe(200);
		const [allocation] = (await response.json()) as Array<{ shares: Record<string, number> }>;
		expect(allocation).toMatchObject({ template_id: 'welcome', outcome: 'clicked', saved: true });
		expect(allocation.shares['welcome-c']).toBeGreaterThanOrEqual(0.6);

		// The split is a hash of user_id, so these 60 people always land the same way: 56, 1 and 3
		// by the shares (the fixed split gives 18, 20 and 22). Loose bounds keep the check readable.
		const answers: Array<{ copy_id: string; allocation: string }> = [];
		for (let i = 0; i < 60; i++) answers.push(await ask(`adaptive-${i}`));
		expect(answers.filter((answer) => answer.allocation !== 'adaptive')).toEqual([]);
		const served = copyIds.map((copyId) => answers.filter((answer) => answer.copy_id === copyId).length);
		expect(served[2]).toBeGreaterThanOrEqual(45);
		expect(served[2]).toBeGreaterThan(3 * Math.max(served[0], served[1]));
		await n8n.deactivate(id);
	});
});
