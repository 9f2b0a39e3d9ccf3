import { randomUUID } from 'crypto';
import { CustomerIoSimulator, makeReportingEvent, sendReportingEvent, type ReportingEvent, type Workspace } from '../simulator';
import { N8n, type Execution, type WorkflowNode } from './harness/n8n';
import { workflow } from './harness/workflows';

/**
 * The Reporting Trigger in an active workflow: signed events from the simulator's sender start
 * executions, filters decide which, forgeries start nothing, auto-registration creates and
 * removes the webhook in the workspace, and redeliveries are dropped by event_id.
 */
const sim = new CustomerIoSimulator();
let n8n: N8n;
let ws: Workspace;
let credential: { id: string; name: string };

beforeAll(async () => {
	await sim.start(0);
	ws = sim.addWorkspace({ name: 'acme', region: 'us' });
	n8n = await N8n.start();
	credential = await n8n.createCredential('Acme (US)', 'customerIoLifecycleApi', sim.credentialFor(ws));
});
afterAll(async () => {
	await n8n?.stop();
	await sim.stop();
});

/** `customerIoReportingTrigger` is the type's first name, kept for workflows saved with it. */
function trigger(parameters: Record<string, unknown>, name = 'Reporting Trigger', type = 'customerIoLifecycleTrigger'): WorkflowNode & { webhookId: string } {
	return {
		name,
		type: N8n.nodeType(type),
		typeVersion: 1,
		position: [0, 0],
		webhookId: randomUUID(),
		parameters,
		credentials: { customerIoLifecycleApi: credential },
	};
}

const productionUrl = (node: { webhookId: string }) => `${n8n.url}/webhook/${node.webhookId}/customerio-reporting`;

/** Waits until the workflow has `count` executions, then a little longer to catch extras. */
async function executionsOf(workflowId: string, count: number): Promise<Execution[]> {
	const deadline = Date.now() + 30_000;
	let executions = await n8n.executions(workflowId);
	while (executions.length < count && Date.now() < deadline) {
		await new Promise((r) => setTimeout(r, 200));
		executions = await n8n.executions(workflowId);
	}
	await new Promise((r) => setTimeout(r, 500));
	return await n8n.executions(workflowId);
}

const eventIdsIn = (executions: Execution[], node: string) =>
	executions
		.flatMap((e) => e.data?.resultData.runData[node]?.[0]?.data?.main[0] ?? [])
		.map((item) => item.json.event_id)
		.sort();

describe('Reporting Trigger in an active workflow', () => {
	it('starts one execution per accepted event of every object type, and none for filtered or forged ones', async () => {
		const node = trigger({ filters: { objectTypes: ['customer', 'email', 'push', 'sms', 'whatsapp', 'webhook', 'in_app'], metrics: ['sent', 'opened', 'clicked', 'subscribed', 'bounced'] } });
		const wf = await n8n.createWorkflow(workflow('reporting', [node]));
		await n8n.activate(wf.id);
		const url = productionUrl(node);

		const events: ReportingEvent[] = [];
		for (const type of ['customer', 'email', 'push', 'sms', 'whatsapp', 'slack', 'webhook', 'in_app']) {
			for (const metric of type === 'customer' ? ['subscribed', 'unsubscribed'] : ['sent', 'clicked', 'failed']) {
				events.push(makeReportingEvent(type, metric));
			}
		}
		const expected = events.filter((e) => e.object_type !== 'slack' && ['sent', 'clicked', 'subscribed'].includes(e.metric));
		const answers = await Promise.all(events.map((event) => sendReportingEvent(url, event, { signingKey: ws.signingKey })));
		expect(answers.map((a) => a.status)).toEqual(events.map(() => 200));
		// Accepted: an empty 200 at once; filtered out: a 200 saying why, and no execution.
		expect(new Set(answers.map((a) => a.body))).toEqual(new Set(['', '{"received":true,"ignored":"filtered out by object types"}', '{"received":true,"ignored":"filtered out by metrics"}']));

		const forged = makeReportingEvent('email', 'opened');
		const rejected = await Promise.all([
			sendReportingEvent(url, forged, { signingKey: 'not-the-key' }),
			sendReportingEvent(url, forged, { signingKey: ws.signingKey, tamper: 'body' }),
			sendReportingEvent(url, forged, { signingKey: ws.signingKey, tamper: 'signature' }),
			sendReportingEvent(url, forged, { signingKey: ws.signingKey, unsigned: true }),
			sendReportingEvent(url, forged, { signingKey: ws.signingKey, timestamp: Math.floor(Date.now() / 1000) - 3600 }),
		]);
		expect(rejected.map((r) => r.status)).toEqual([401, 401, 401, 401, 401]);
		expect(JSON.parse(rejected[0].body)).toEqual({ error: 'Rejected: signature does not match the signing key' });

		const executions = await executionsOf(wf.id, expected.length);
		expect(eventIdsIn(executions, 'Reporting Trigger')).toEqual(expected.map((e) => e.event_id).sort());
		const [one] = executions.flatMap((e) => e.data?.resultData.runData['Reporting Trigger'][0].data?.main[0] ?? []);
		expect(one.json).toMatchObject({ object_type: expect.any(String), timestamp_iso: expect.any(String), data: expect.any(Object) });
		await n8n.deactivate(wf.id);
	});

	it('registers its webhook in Customer.io on activation and removes it on deactivation', async () => {
		const before = sim.reportingWebhooks('acme').length;
		const node = trigger({ events: ['email_bounced', 'email_opened'], registerWebhook: true });
		const wf = await n8n.createWorkflow(workflow('auto-registered', [node]));
		await n8n.activate(wf.id);

		const registered = sim.reportingWebhooks('acme');
		expect(registered).toHaveLength(before + 1);
		expect(registered.at(-1)).toMatchObject({
			name: 'n8n: auto-registered',
			endpoint: productionUrl(node),
			events: ['email_bounced', 'email_opened'],
			disabled: false,
		});

		// Customer.io now delivers matching events to it, signed with the workspace key.
		const delivered = await sim.deliverReportingEvent('acme', makeReportingEvent('email', 'bounced'));
		expect(delivered.map((d) => d.status)).toEqual([200]);
		expect(await executionsOf(wf.id, 1)).toHaveLength(1);

		await n8n.deactivate(wf.id);
		expect(sim.reportingWebhooks('acme')).toHaveLength(before);
	});

	it('still activates, registers and fires in a workflow saved with the first type name (customerIoReportingTrigger)', async () => {
		const node = trigger({ events: ['email_clicked'], registerWebhook: true }, 'Reporting Trigger', 'customerIoReportingTrigger');
		expect(node.type).toBe('n8n-nodes-customerio-lifecycle.customerIoReportingTrigger');
		const wf = await n8n.createWorkflow(workflow('saved before the rename', [node]));
		await n8n.activate(wf.id);
		expect(sim.reportingWebhooks('acme').filter((w) => w.name === 'n8n: saved before the rename')).toMatchObject([{ endpoint: productionUrl(node), events: ['email_clicked'] }]);

		const clicked = makeReportingEvent('email', 'clicked');
		expect((await sim.deliverReportingEvent('acme', clicked)).map((d) => d.status)).toEqual([200]);
		const forged = await sendReportingEvent(productionUrl(node), makeReportingEvent('email', 'clicked'), { signingKey: 'not-the-key' });
		expect(forged.status).toBe(401);
		expect(eventIdsIn(await executionsOf(wf.id, 1), 'Reporting Trigger')).toEqual([clicked.event_id]);

		await n8n.deactivate(wf.id);
		expect(sim.reportingWebhooks('acme').filter((w) => w.name === 'n8n: saved before the rename')).toEqual([]);
	});

	it('leaves webhooks it did not create alone', async () => {
		const manual = await fetch(`${sim.appBaseUrl('us')}/v1/reporting_webhooks`, {
			method: 'POST',
			headers: { authorization: `Bearer ${ws.appApiKey}`, 'content-type': 'application/json' },
			body: JSON.stringify({ name: 'made by hand', endpoint: 'https://example.com/hook', events: ['email_sent'] }),
		});
		expect(manual.status).toBe(200);
		const node = trigger({ registerWebhook: true });
		const wf = await n8n.createWorkflow(workflow('registers all events', [node]));
		await n8n.activate(wf.id);
		expect(sim.reportingWebhooks('acme').map((w) => w.name)).toEqual(['made by hand', 'n8n: registers all events']);
		await n8n.deactivate(wf.id);
		expect(sim.reportingWebhooks('acme').map((w) => w.name)).toEqual(['made by hand']);
	});

	it('drops a redelivered event with Remove Duplicates keyed on event_id (works in queue mode: the history is in n8n\'s database)', async () => {
		const node = trigger({});
		const wf = await n8n.createWorkflow(
			workflow(
				'deduped',
				[
					node,
					{
						name: 'Remove Duplicates',
						type: 'n8n-nodes-base.removeDuplicates',
						typeVersion: 2,
						position: [200, 0],
						parameters: { operation: 'removeItemsSeenInPreviousExecutions', dedupeValue: '={{ $json.event_id }}' },
					},
					{ name: 'New Events', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [400, 0], parameters: {} },
				],
				['Reporting Trigger', 'Remove Duplicates', 'New Events'],
			),
		);
		await n8n.activate(wf.id);
		const event = makeReportingEvent('email', 'delivered');
		const other = makeReportingEvent('email', 'opened');
		for (const [i, e] of [event, event, other].entries()) {
			// One after the other, as Customer.io redelivers: the first must be recorded first.
			expect((await sendReportingEvent(productionUrl(node), e, { signingKey: ws.signingKey })).status).toBe(200);
			await executionsOf(wf.id, i + 1);
		}
		const executions = await executionsOf(wf.id, 3);
		expect(executions).toHaveLength(3);
		expect(eventIdsIn(executions, 'New Events')).toEqual([event.event_id, other.event_id].sort());
		await n8n.deactivate(wf.id);
	});

	it('refuses to activate without a signing key, saying where to find it', async () => {
		const keyless = await n8n.createCredential('No key', 'customerIoLifecycleApi', {
			region: 'us',
			siteId: ws.siteId,
			trackApiKey: ws.trackApiKey,
			appApiKey: ws.appApiKey,
		});
		const node = { ...trigger({}), credentials: { customerIoLifecycleApi: keyless } };
		const wf = await n8n.createWorkflow(workflow('no signing key', [node]));
		await expect(n8n.activate(wf.id)).rejects.toThrow(/No signing key to verify Customer.io reporting webhooks/);
	});
});
