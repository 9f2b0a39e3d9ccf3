import { runNode, runNodeError } from '../../helpers/runNode';
import { simulatorPerFile } from '../../helpers/simulatorPerFile';

/**
 * Newsletter → Get / Get Many / Get Metrics, Delivery (Message) → Get / Get Many, and Person →
 * Get Messages / Get Activities against the simulator: App API GETs, paged with `start`/`next`
 * where Customer.io pages, one output item per record.
 */
const { sim, ws } = simulatorPerFile();
const NOW = Math.floor(Date.now() / 1000);
const DAY = 86_400;

beforeAll(() => {
	for (let id = 1; id <= 5; id++) sim.seedNewsletter(ws.name, { id, name: `Weekly #${id}`, created: NOW - (10 - id) * DAY });
	const ada = sim.seedPerson(ws.name, { id: 'ada', email: 'ada@example.com' });
	const alan = sim.seedPerson(ws.name, { id: 'alan', email: 'alan@example.com' });
	sim.seedMessage(ws.name, ada, { id: 'd-news', newsletter_id: 2, type: 'email', created: NOW - DAY - 60, metrics: { sent: NOW - DAY, opened: NOW - DAY } });
	sim.seedMessage(ws.name, ada, { id: 'd-camp', campaign_id: 7, type: 'email', created: NOW - 3 * DAY, metrics: { sent: NOW, bounced: NOW } });
	sim.seedMessage(ws.name, alan, { id: 'd-push', campaign_id: 7, type: 'push', created: NOW - 2 * DAY, metrics: { sent: NOW } });
	ada.events.push({ name: 'purchase', data: { total: 12 }, timestamp: NOW - 100 });
});

const run = (parameters: Record<string, unknown>) =>
	runNode({ credentials: sim.credentialFor(ws), parameters: { includeInputFields: false, ...parameters } });

describe('Newsletter', () => {
	it('Get Many reads every page with Return All, newest first, one item per newsletter', async () => {
		const output = await run({ resource: 'newsletter', operation: 'getMany', returnAll: true, sort: 'desc' });
		expect(output.map((o) => o.json.id)).toEqual([5, 4, 3, 2, 1]);
		expect(sim.requests.map((r) => r.query)).toEqual([{ sort: 'desc', limit: '100' }]);
	});

	it('Get Many stops at Limit, asking no more than it still needs', async () => {
		const output = await run({ resource: 'newsletter', operation: 'getMany', returnAll: false, limit: 2, sort: 'asc' });
		expect(output.map((o) => o.json.id)).toEqual([1, 2]);
		expect(sim.requests.map((r) => r.query.limit)).toEqual(['2']);
	});

	it('Get reads a newsletter picked by URL; an unknown one is Customer.io\'s 404', async () => {
		const [output] = await run({ resource: 'newsletter', operation: 'get', newsletterId: { __rl: true, mode: 'url', value: 'https://fly.customer.io/workspaces/3/journeys/newsletters/3/overview' } });
		expect(sim.requests[0].path).toBe('/v1/newsletters/3');
		expect(output.json).toMatchObject({ id: 3, name: 'Weekly #3' });
		await expect(run({ resource: 'newsletter', operation: 'get', newsletterId: 99 })).rejects.toThrow(/404|does not exist/i);
	});

	it('Get Metrics asks period and steps and outputs one count per step, oldest first', async () => {
		const [output] = await run({ resource: 'newsletter', operation: 'getMetrics', newsletterId: 2, period: 'days', newsletterMetricsOptions: { steps: 3, type: 'email' } });
		expect(sim.requests[0].query).toEqual({ period: 'days', steps: '3', type: 'email' });
		expect(output.json.newsletter_id).toBe(2);
		expect((output.json.metric as { series: Record<string, number[]> }).series.opened).toEqual([0, 1, 0]);
	});

	it('refuses more steps than the period allows, before sending', async () => {
		const error = await runNodeError({ credentials: sim.credentialFor(ws), parameters: { resource: 'newsletter', operation: 'getMetrics', newsletterId: 2, period: 'hours', newsletterMetricsOptions: { steps: 25 } } });
		expect(error.message).toBe('Item 0: Steps: must be at most 24 for hours');
		expect(sim.requests).toHaveLength(0);
	});
});

describe('Delivery (Message)', () => {
	it('Get reads one delivery and its metrics by delivery ID', async () => {
		const [output] = await run({ resource: 'delivery', operation: 'get', deliveryId: 'd-camp' });
		expect(sim.requests[0].path).toBe('/v1/messages/d-camp');
		expect(output.json).toMatchObject({ id: 'd-camp', campaign_id: 7, type: 'email', customer_id: 'ada', metrics: { bounced: NOW } });
	});

	it('Get fails with Customer.io\'s 404 for an unknown delivery, and refuses an empty ID before sending', async () => {
		await expect(run({ resource: 'delivery', operation: 'get', deliveryId: 'nope' })).rejects.toThrow(/404|does not exist/i);
		sim.clearRequests();
		await expect(run({ resource: 'delivery', operation: 'get', deliveryId: '  ' })).rejects.toThrow('Item 0: Delivery ID: is empty');
		expect(sim.requests).toHaveLength(0);
	});

	it('Get Many filters by campaign, metric, type and time', async () => {
		const output = await run({
			resource: 'delivery',
			operation: 'getMany',
			returnAll: true,
			deliveryFilters: { campaign_id: 7, metric: 'sent', start_ts: new Date((NOW - 4 * DAY) * 1000).toISOString() },
		});
		expect(sim.requests[0].query).toEqual({ campaign_id: '7', metric: 'sent', start_ts: String(NOW - 4 * DAY), limit: '1000' });
		expect(output.map((o) => o.json.id)).toEqual(['d-push', 'd-camp']);
		const email = await run({ resource: 'delivery', operation: 'getMany', returnAll: true, deliveryFilters: { type: 'email', metric: 'bounced' } });
		expect(email.map((o) => o.json.id)).toEqual(['d-camp']);
	});

	it('Get Many with Limit 1 asks for one delivery only', async () => {
		const output = await run({ resource: 'delivery', operation: 'getMany', returnAll: false, limit: 1 });
		expect(output).toHaveLength(1);
		expect(sim.requests.map((r) => r.query.limit)).toEqual(['1']);
	});
});

describe('Person → Get Messages / Get Activities', () => {
	it('reads the messages sent to a person named by email (id_type=email), newest first', async () => {
		const output = await run({ resource: 'person', operation: 'getMessages', identifierType: 'email', identifier: 'ada@example.com', returnAll: true });
		expect(sim.requests[0].path).toBe('/v1/customers/ada%40example.com/messages');
		expect(sim.requests[0].query).toEqual({ id_type: 'email', limit: '1000' });
		expect(output.map((o) => o.json.id)).toEqual(['d-news', 'd-camp']);
	});

	it('reads a person\'s activities newest first, up to Limit, or of one type', async () => {
		const output = await run({ resource: 'person', operation: 'getActivities', identifierType: 'id', identifier: 'ada', returnAll: false, limit: 2 });
		expect(output.map((o) => o.json.type)).toEqual(['event', 'sent_email']);
		expect(output[0].json).toMatchObject({ name: 'purchase', data: { total: 12 } });
		const filtered = await run({ resource: 'person', operation: 'getActivities', identifierType: 'id', identifier: 'ada', returnAll: true, activityFilters: { type: 'sent_email' } });
		expect(filtered.map((o) => o.json.delivery_id)).toEqual(['d-news', 'd-camp']);
		expect(sim.requests.at(-1)?.query).toEqual({ id_type: 'id', type: 'sent_email', limit: '100' });
	});

	it('fails with Customer.io\'s 404 for a person who does not exist', async () => {
		await expect(run({ resource: 'person', operation: 'getMessages', identifierType: 'id', identifier: 'nobody', returnAll: true })).rejects.toThrow(/404|does not exist/i);
	});
});
