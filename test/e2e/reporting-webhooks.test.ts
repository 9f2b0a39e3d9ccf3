import { CustomerIoSimulator, type Workspace } from '../simulator';
import { N8n, nodeOutput } from './harness/n8n';
import { code, customerIo, manualTrigger, workflow } from './harness/workflows';

/**
 * Reporting Webhook operations inside a real n8n execution (node 1.1): a workflow creates a
 * webhook, lists the workspace's webhooks, picks its own out of the list, disables it and
 * deletes it. The simulator answers as the official App OpenAPI says (a PUT replaces the whole
 * webhook), so Disable keeping the name, endpoint and events shows the read-then-write.
 */
const sim = new CustomerIoSimulator();
let n8n: N8n;
let ws: Workspace;
let credential: { id: string; name: string };

beforeAll(async () => {
	await sim.start(0);
	ws = sim.addWorkspace({ name: 'webhooks-us', region: 'us' });
	sim.seedReportingWebhook(ws.name, { name: 'Made in the UI', endpoint: 'https://ui.example.com/hook', events: ['email_sent'] });
	n8n = await N8n.start();
	credential = await n8n.createCredential('Webhooks (US)', 'customerIoLifecycleApi', sim.credentialFor(ws));
});
afterAll(async () => {
	await n8n?.stop();
	await sim.stop();
});

const node = (name: string, parameters: Record<string, unknown>) => customerIo(name, credential, { resource: 'reportingWebhook', ...parameters }, { typeVersion: 1.1 });
const byId = { __rl: true, mode: 'id', value: '={{ $json.id }}' };

describe('reporting webhooks in a real n8n execution (node 1.1)', () => {
	it('creates a webhook, finds it in Get Many, disables it (keeping its settings) and deletes it', async () => {
		const wf = await n8n.createWorkflow(
			workflow(
				'reporting webhook lifecycle',
				[
					manualTrigger(),
					code('Endpoint', `return [{ json: { endpoint: 'https://hooks.example.com/cio?token=e2e-secret' } }];`),
					node('Create', {
						operation: 'create',
						webhookName: 'Warehouse (e2e)',
						endpoint: '={{ $json.endpoint }}',
						events: ['email_opened', 'email_clicked'],
						webhookOptions: { withContent: true },
					}),
					node('Get Many', { operation: 'getMany', returnAll: true }),
					code('Ours', `return $input.all().filter((item) => item.json.customerio.name === 'Warehouse (e2e)').map((item) => ({ json: { id: item.json.customerio.id } }));`),
					node('Disable', { operation: 'disable', webhookId: byId }),
					code('Its ID', `return [{ json: { id: $('Ours').first().json.id } }];`),
					node('Delete', { operation: 'delete', webhookId: byId }),
				],
				['Manual Trigger', 'Endpoint', 'Create', 'Get Many', 'Ours', 'Disable', 'Its ID', 'Delete'],
			),
		);
		const execution = await n8n.runManually(wf.id);
		expect(execution.status).toBe('success');

		const created = nodeOutput(execution, 'Create')[0].json.customerio as { id: number; endpoint: string };
		expect(created).toMatchObject({ id: expect.any(Number), name: 'Warehouse (e2e)', endpoint: 'https://hooks.example.com/cio?token=[redacted]', with_content: true });
		// One n8n item per webhook, both paired with the one item that asked.
		const listed = nodeOutput(execution, 'Get Many');
		expect(listed.map((item) => (item.json.customerio as { name: string }).name).sort()).toEqual(['Made in the UI', 'Warehouse (e2e)']);
		expect(listed.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
		expect(nodeOutput(execution, 'Disable')[0].json.customerio).toMatchObject({ id: created.id, disabled: true, name: 'Warehouse (e2e)', events: ['email_opened', 'email_clicked'] });
		expect(nodeOutput(execution, 'Delete')[0].json.customerio).toEqual({ id: created.id, deleted: true });

		const calls = sim.requests.filter((r) => r.workspace === ws.name).map((r) => `${r.method} ${r.path} → ${r.status}`);
		expect(calls).toEqual([
			'POST /v1/reporting_webhooks → 200',
			'GET /v1/reporting_webhooks → 200',
			`GET /v1/reporting_webhooks/${created.id} → 200`,
			`PUT /v1/reporting_webhooks/${created.id} → 200`,
			`DELETE /v1/reporting_webhooks/${created.id} → 200`,
		]);
		// The disable kept what the user never touched: the PUT carried the whole webhook.
		expect(sim.requests.find((r) => r.method === 'PUT')?.body).toEqual({
			name: 'Warehouse (e2e)',
			endpoint: 'https://hooks.example.com/cio?token=e2e-secret',
			events: ['email_opened', 'email_clicked'],
			disabled: true,
			full_resolution: true,
			with_content: true,
		});
		expect(sim.reportingWebhooks(ws.name).map((w) => w.name)).toEqual(['Made in the UI']);
	});
});
