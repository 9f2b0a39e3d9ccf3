import { CustomerIoSimulator, type Workspace } from '../simulator';
import { N8n, nodeOutput } from './harness/n8n';
import { code, customerIo, manualTrigger, workflow } from './harness/workflows';

/**
 * Broadcasts, newsletters, deliveries and a person's messages and activities inside a real n8n
 * execution, on node version 1.1 (items keep their fields, the result goes under `customerio`).
 * List reads answer one item per record, so the node after a "Get Many" runs once for each.
 * Every App request goes through the simulator, which refuses what Customer.io's official App
 * schema refuses.
 */
const sim = new CustomerIoSimulator();
let n8n: N8n;
let ws: Workspace;
let credential: { id: string; name: string };
const NOW = Math.floor(Date.now() / 1000);
const DAY = 86_400;

beforeAll(async () => {
	await sim.start(0);
	ws = sim.addWorkspace({ name: 'messaging-us', region: 'us' });
	sim.seedBroadcast(ws.name, { id: 51, name: 'Spring sale' });
	sim.seedBroadcast(ws.name, { id: 52, name: 'Back in stock' });
	sim.seedNewsletter(ws.name, { id: 61, name: 'March digest', created: NOW - 60 * DAY });
	sim.seedNewsletter(ws.name, { id: 62, name: 'April digest', created: NOW - 30 * DAY });
	sim.seedNewsletter(ws.name, { id: 63, name: 'May digest', created: NOW - DAY });
	for (const i of [1, 2, 3]) sim.seedPerson(ws.name, { id: `buyer-${i}`, email: `buyer-${i}@example.com` });
	const ada = sim.seedPerson(ws.name, { id: 'ada', email: 'ada@example.com' });
	const alan = sim.seedPerson(ws.name, { id: 'alan', email: 'alan@example.com' });
	// Newsletter deliveries of today: 61 reached two people who both opened it, 62 one, 63 none.
	sim.seedMessage(ws.name, ada, { id: 'n61-ada', newsletter_id: 61, created: NOW - 600, metrics: { sent: NOW - 600, opened: NOW - 300 } });
	sim.seedMessage(ws.name, alan, { id: 'n61-alan', newsletter_id: 61, created: NOW - 500, metrics: { sent: NOW - 500, opened: NOW - 200 } });
	sim.seedMessage(ws.name, alan, { id: 'n62-alan', newsletter_id: 62, created: NOW - 400, metrics: { sent: NOW - 400 } });
	// Campaign 31's emails: two opened, one only sent, and one push that was opened.
	sim.seedMessage(ws.name, ada, { id: 'c31-ada', campaign_id: 31, created: NOW - 3 * DAY, metrics: { sent: NOW - 3 * DAY, opened: NOW - 2 * DAY } });
	sim.seedMessage(ws.name, alan, { id: 'c31-alan', campaign_id: 31, created: NOW - 2 * DAY, metrics: { sent: NOW - 2 * DAY, opened: NOW - DAY } });
	sim.seedMessage(ws.name, alan, { id: 'c31-unread', campaign_id: 31, created: NOW - DAY, metrics: { sent: NOW - DAY } });
	sim.seedMessage(ws.name, ada, { id: 'c31-push', campaign_id: 31, type: 'push', created: NOW - DAY, metrics: { sent: NOW - DAY, opened: NOW - DAY } });
	ada.events.push({ name: 'purchase', data: { total: 42 }, timestamp: NOW - 100 });
	n8n = await N8n.start();
	credential = await n8n.createCredential('Messaging (US)', 'customerIoLifecycleApi', sim.credentialFor(ws));
});
afterAll(async () => {
	await n8n?.stop();
	await sim.stop();
});
beforeEach(() => sim.clearRequests());

const V1_1 = { typeVersion: 1.1 };
const node = (name: string, parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) => customerIo(name, credential, parameters, { ...V1_1, ...extra });
const mine = () => sim.requests.filter((r) => r.workspace === ws.name);
const calls = () => mine().map((r) => `${r.method} ${r.path} → ${r.status}`);
const results = <T>(execution: Parameters<typeof nodeOutput>[0], name: string) => nodeOutput(execution, name).map((item) => item.json.customerio as T);
type Series = { metric: { series: Record<string, number[]> } };

describe('broadcasts, newsletters and deliveries in a real n8n execution (node 1.1)', () => {
	it('Broadcast: one trigger for three people (an Aggregate node gathers their IDs into one list for "IDs"), its status, metrics picked by URL, and the list', async () => {
		const wf = await n8n.createWorkflow(
			workflow(
				'broadcast to buyers',
				[
					manualTrigger(),
					code('Buyers', `return [1, 2, 3].map((i) => ({ json: { id: 'buyer-' + i, email: 'buyer-' + i + '@example.com' } }));`),
					{
						name: 'Gather IDs',
						type: 'n8n-nodes-base.aggregate',
						typeVersion: 1,
						position: [0, 0],
						parameters: { fieldsToAggregate: { fieldToAggregate: [{ fieldToAggregate: 'id', renameField: true, outputFieldName: 'ids' }] } },
					},
					node('Trigger', {
						resource: 'broadcast',
						operation: 'trigger',
						broadcastId: { __rl: true, mode: 'list', value: '51', cachedResultName: 'Spring sale (51)' },
						audience: 'ids',
						ids: '={{ $json.ids }}',
						data: '{"coupon": "SPRING24"}',
					}),
					node('Status', {
						resource: 'broadcast',
						operation: 'getTriggerStatus',
						broadcastId: { __rl: true, mode: 'id', value: '={{ $json.customerio.broadcast_id }}' },
						triggerId: '={{ $json.customerio.trigger_id }}',
					}),
					node('Sale Metrics', {
						resource: 'broadcast',
						operation: 'getMetrics',
						broadcastId: { __rl: true, mode: 'url', value: 'https://fly.customer.io/workspaces/118/journeys/broadcasts/51/overview' },
						period: 'hours',
						broadcastMetricsOptions: { steps: 2, type: 'email' },
					}),
					node('All Broadcasts', { resource: 'broadcast', operation: 'getMany', returnAll: true }),
				],
				['Manual Trigger', 'Buyers', 'Gather IDs', 'Trigger', 'Status', 'Sale Metrics', 'All Broadcasts'],
			),
		);
		const execution = await n8n.runManually(wf.id);
		expect(execution.status).toBe('success');
		// Exactly one trigger, naming all three people, with the data for every message.
		const triggers = sim.broadcastTriggers(ws.name, 51);
		expect(triggers.map((t) => t.body)).toEqual([{ ids: ['buyer-1', 'buyer-2', 'buyer-3'], data: { coupon: 'SPRING24' } }]);
		const [triggered] = nodeOutput(execution, 'Trigger');
		expect(triggered.json).toEqual({ ids: ['buyer-1', 'buyer-2', 'buyer-3'], customerio: { broadcast_id: 51, trigger_id: triggers[0].id } });
		expect(results(execution, 'Status')).toEqual([{ id: triggers[0].id, broadcast_id: 51, created_at: expect.any(Number), processed_at: expect.any(Number) }]);
		// The trigger's three emails, counted in the latest of two hours (oldest first).
		const [metrics] = results<Series & { broadcast_id: number }>(execution, 'Sale Metrics');
		expect(metrics.broadcast_id).toBe(51);
		expect(metrics.metric.series.sent).toEqual([0, 3]);
		expect(results<{ id: number; name: string }>(execution, 'All Broadcasts').map((b) => [b.id, b.name])).toEqual([[51, 'Spring sale'], [52, 'Back in stock']]);
		expect(calls()).toEqual([
			'POST /v1/campaigns/51/triggers → 200',
			`GET /v1/campaigns/51/triggers/${triggers[0].id} → 200`,
			'GET /v1/broadcasts/51/metrics → 200',
			'GET /v1/broadcasts → 200',
		]);
		expect(mine()[2].query).toEqual({ period: 'hours', steps: '2', type: 'email' });
	});

	it('Newsletter: Get Many answers one item per newsletter, and Get Metrics reads each one\'s own counts (item i → newsletter i)', async () => {
		const wf = await n8n.createWorkflow(
			workflow(
				'newsletter report',
				[
					manualTrigger(),
					node('Newsletters', { resource: 'newsletter', operation: 'getMany', returnAll: true, sort: 'desc' }),
					node('Metrics', {
						resource: 'newsletter',
						operation: 'getMetrics',
						newsletterId: { __rl: true, mode: 'id', value: '={{ $json.customerio.id }}' },
						period: 'days',
						newsletterMetricsOptions: { steps: 2 },
					}),
				],
				['Manual Trigger', 'Newsletters', 'Metrics'],
			),
		);
		const execution = await n8n.runManually(wf.id);
		expect(execution.status).toBe('success');
		expect(results<{ id: number }>(execution, 'Newsletters').map((n) => n.id)).toEqual([63, 62, 61]);
		const metrics = nodeOutput(execution, 'Metrics');
		expect(metrics.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		const counts = metrics.map((item) => {
			const { newsletter_id, metric } = item.json.customerio as Series & { newsletter_id: number };
			return [newsletter_id, metric.series.sent, metric.series.opened];
		});
		// Yesterday, then today: 63 sent nothing, 62 one email, 61 two, both opened.
		expect(counts).toEqual([
			[63, [0, 0], [0, 0]],
			[62, [0, 1], [0, 0]],
			[61, [0, 2], [0, 2]],
		]);
		expect(mine().map((r) => [r.path, r.query])).toEqual([
			['/v1/newsletters', { sort: 'desc', limit: '100' }],
			['/v1/newsletters/63/metrics', { period: 'days', steps: '2' }],
			['/v1/newsletters/62/metrics', { period: 'days', steps: '2' }],
			['/v1/newsletters/61/metrics', { period: 'days', steps: '2' }],
		]);
	});

	it('Delivery and Person: deliveries filtered by campaign, metric and type, each read by {{ $json.customerio.id }}; a person\'s messages and activities by email', async () => {
		const wf = await n8n.createWorkflow(
			workflow(
				'delivery reads',
				[
					manualTrigger(),
					node('Opened Emails', {
						resource: 'delivery',
						operation: 'getMany',
						returnAll: true,
						deliveryFilters: { campaign_id: 31, metric: 'opened', type: 'email' },
					}),
					node('Delivery', { resource: 'delivery', operation: 'get', deliveryId: '={{ $json.customerio.id }}' }),
					code('Ada', `return [{ json: { email: 'ada@example.com' } }];`),
					node('Her Messages', { resource: 'person', operation: 'getMessages', identifierType: 'email', identifier: '={{ $json.email }}', returnAll: true }),
					node('Her Activities', { resource: 'person', operation: 'getActivities', identifierType: 'email', identifier: '={{ $json.email }}', returnAll: false, limit: 2 }),
				],
				['Manual Trigger', 'Opened Emails', 'Delivery'],
				['Manual Trigger', 'Ada', 'Her Messages'],
				['Ada', 'Her Activities'],
			),
		);
		const execution = await n8n.runManually(wf.id);
		expect(execution.status).toBe('success');
		expect(results<{ id: string }>(execution, 'Opened Emails').map((m) => m.id)).toEqual(['c31-alan', 'c31-ada']);
		const deliveries = nodeOutput(execution, 'Delivery');
		expect(deliveries.map((item) => [item.pairedItem, (item.json.customerio as { id: string }).id])).toEqual([
			[{ item: 0 }, 'c31-alan'],
			[{ item: 1 }, 'c31-ada'],
		]);
		expect(deliveries[1].json.customerio).toMatchObject({ campaign_id: 31, type: 'email', customer_id: 'ada', recipient: 'ada@example.com', metrics: { opened: expect.any(Number) } });
		// Newest first: today's newsletter, then the campaign's push and email.
		expect(results<{ id: string }>(execution, 'Her Messages').map((m) => m.id)).toEqual(['n61-ada', 'c31-push', 'c31-ada']);
		expect(results<{ type: string; name: string }>(execution, 'Her Activities').map((a) => [a.type, a.name])).toEqual([
			['event', 'purchase'],
			['sent_email', ''],
		]);
		const query = (path: string) => mine().find((r) => r.path === path)?.query;
		expect(query('/v1/messages')).toEqual({ campaign_id: '31', metric: 'opened', type: 'email', limit: '1000' });
		expect(query('/v1/customers/ada%40example.com/messages')).toEqual({ id_type: 'email', limit: '1000' });
		expect(query('/v1/customers/ada%40example.com/activities')).toEqual({ id_type: 'email', limit: '2' });
		expect(calls().sort()).toEqual([
			'GET /v1/customers/ada%40example.com/activities → 200',
			'GET /v1/customers/ada%40example.com/messages → 200',
			'GET /v1/messages → 200',
			'GET /v1/messages/c31-ada → 200',
			'GET /v1/messages/c31-alan → 200',
		]);
	});

	it('Resource locators: the editor\'s list request (POST /rest/dynamic-node-parameters/resource-locator-results) names broadcasts and newsletters from the simulator', async () => {
		const list = (methodName: string, path: string, currentNodeParameters: Record<string, unknown>, filter?: string) =>
			n8n.rest<{ results: Array<{ name: string; value: string }>; paginationToken?: string }>('POST', '/rest/dynamic-node-parameters/resource-locator-results', {
				path,
				methodName,
				filter,
				nodeTypeAndVersion: { name: N8n.nodeType('customerIoLifecycle'), version: 1.1 },
				currentNodeParameters,
				credentials: { customerIoLifecycleApi: credential },
			});
		const broadcasts = await list('searchBroadcasts', 'broadcastId', { resource: 'broadcast', operation: 'trigger', broadcastId: { __rl: true, mode: 'list', value: '' } });
		expect(broadcasts).toEqual({
			results: [
				{ name: 'Back in stock (52)', value: '52' },
				{ name: 'Spring sale (51)', value: '51' },
			],
		});
		const newsletters = await list('searchNewsletters', 'newsletterId', { resource: 'newsletter', operation: 'getMetrics', newsletterId: { __rl: true, mode: 'list', value: '' } }, 'april');
		expect(newsletters).toEqual({ results: [{ name: 'April digest (62)', value: '62' }] });
		expect(mine().map((r) => [r.path, r.query])).toEqual([
			['/v1/broadcasts', {}],
			['/v1/newsletters', { limit: '100' }],
		]);
	});
});
