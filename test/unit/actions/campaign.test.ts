import { runNode, runNodeError } from '../../helpers/runNode';
import { simulatorPerFile } from '../../helpers/simulatorPerFile';

/**
 * Campaign → Get / Get Many / Get Metrics against the simulator: App API GETs, the campaign
 * picked from the list, by ID, by a URL pasted from Customer.io, or as saved before the field
 * was a resource locator (a plain number).
 */
const { sim, ws } = simulatorPerFile();

const DAY = 86_400;
const T0 = 1_767_225_600; // 2026-01-01T00:00:00Z

beforeAll(() => {
	sim.seedCampaign(ws.name, { id: 5, name: 'Welcome series', tags: ['welcome'] });
	sim.seedCampaign(ws.name, { id: 6, name: 'Trial ending', state: 'stopped', active: false });
	sim.seedCampaign(ws.name, { id: 7, name: 'Win-back' });
	// Campaign 5: day 0 two emails (one opened), day 1 one email clicked, and a push on day 1.
	sim.seedCampaignDelivery(ws.name, { campaign_id: 5, type: 'email', created: T0 + 100, metrics: ['sent', 'delivered', 'opened'] });
	sim.seedCampaignDelivery(ws.name, { campaign_id: 5, type: 'email', created: T0 + 200, metrics: ['sent', 'bounced'] });
	sim.seedCampaignDelivery(ws.name, { campaign_id: 5, type: 'email', created: T0 + DAY + 5, metrics: ['sent', 'delivered', 'opened', 'clicked'] });
	sim.seedCampaignDelivery(ws.name, { campaign_id: 5, type: 'push', created: T0 + DAY + 9, metrics: ['sent'] });
	sim.seedCampaignDelivery(ws.name, { campaign_id: 6, type: 'email', created: T0 + 100, metrics: ['sent'] });
});

const run = (parameters: Record<string, unknown>, items?: Array<Record<string, unknown>>) =>
	runNode({ credentials: sim.credentialFor(ws), items, parameters: { resource: 'campaign', includeInputFields: false, ...parameters } });

describe('Campaign → Get Many', () => {
	it('lists every campaign with Return All, in one App API GET', async () => {
		const output = await run({ operation: 'getMany', returnAll: true });
		expect(sim.requests.map((r) => `${r.api} ${r.method} ${r.path}`)).toEqual(['app GET /v1/campaigns']);
		// One n8n item per campaign, as n8n's own Get Many operations answer.
		expect(output.map((campaign) => campaign.json.name)).toEqual(['Welcome series', 'Trial ending', 'Win-back']);
		expect(output.every((campaign) => (campaign.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('stops at Limit', async () => {
		const output = await run({ operation: 'getMany', returnAll: false, limit: 2 });
		expect(output.map((campaign) => campaign.json.id)).toEqual([5, 6]);
	});

	it('refuses a Limit of 0 before sending', async () => {
		const error = await runNodeError({ credentials: sim.credentialFor(ws), parameters: { resource: 'campaign', operation: 'getMany', returnAll: false, limit: 0 } });
		expect(error.message).toBe('Item 0: Limit: must be 1 or more');
		expect(sim.requests).toHaveLength(0);
	});
});

describe('Campaign → Get', () => {
	it.each([
		['From List', { __rl: true, mode: 'list', value: '6', cachedResultName: 'Trial ending' }],
		['By ID', { __rl: true, mode: 'id', value: ' 6 ' }],
		['By URL', { __rl: true, mode: 'url', value: 'https://fly.customer.io/workspaces/118/journeys/campaigns/6/overview' }],
		['a value saved before the locator (number)', 6],
		['a value saved before the locator (text)', '6'],
	])('reads the campaign picked %s', async (_how, campaignId) => {
		const [output] = await run({ operation: 'get', campaignId });
		expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/campaigns/6']);
		expect(output.json).toMatchObject({ id: 6, name: 'Trial ending', state: 'stopped', active: false });
	});

	it('refuses a URL that names no campaign, before sending', async () => {
		const error = await runNodeError({
			credentials: sim.credentialFor(ws),
			parameters: { resource: 'campaign', operation: 'get', campaignId: { __rl: true, mode: 'url', value: 'https://fly.customer.io/workspaces/118/journeys/segments/6' } },
		});
		expect(error.message).toBe('Item 0: Campaign: the URL holds no /campaigns/<ID>');
		expect(sim.requests).toHaveLength(0);
	});

	it('fails with Customer.io\'s 404 for an unknown campaign, or outputs an error item with Continue On Fail', async () => {
		const error = await runNodeError({ credentials: sim.credentialFor(ws), parameters: { resource: 'campaign', operation: 'get', campaignId: 404 } });
		expect(error.message).toMatch(/404|not found|does not exist/i);
		const output = await runNode({
			credentials: sim.credentialFor(ws),
			continueOnFail: true,
			items: [{}, {}],
			parameters: { resource: 'campaign', operation: 'get', includeInputFields: false, campaignId: (i: number) => (i === 0 ? 404 : 5) },
		});
		expect(output[0].json.error).toBeDefined();
		expect(output[1].json).toMatchObject({ id: 5, name: 'Welcome series' });
		expect(output.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});
});

describe('Campaign → Get Metrics', () => {
	it('asks for version 2 metrics and outputs one count per day, oldest first', async () => {
		const [output] = await run({
			operation: 'getMetrics',
			campaignId: { __rl: true, mode: 'id', value: '5' },
			resolution: 'daily',
			metricsOptions: { start: '2026-01-01T00:00:00Z', end: T0 + 2 * DAY - 1, type: 'email' },
		});
		expect(sim.requests[0].path).toBe('/v1/campaigns/5/metrics');
		expect(sim.requests[0].query).toEqual({ version: '2', res: 'daily', start: String(T0), end: String(T0 + 2 * DAY - 1), type: 'email' });
		const series = (output.json.metric as { series: Record<string, number[]> }).series;
		expect(output.json.campaign_id).toBe(5);
		expect(series.sent).toEqual([2, 1]);
		expect(series.opened).toEqual([1, 1]);
		expect(series.clicked).toEqual([0, 1]);
		expect(series.bounced).toEqual([1, 0]);
	});

	it('counts every message type when none is chosen', async () => {
		const [output] = await run({ operation: 'getMetrics', campaignId: 5, resolution: 'weekly', metricsOptions: { start: T0, end: T0 + 7 * DAY - 1 } });
		expect((output.json.metric as { series: Record<string, number[]> }).series.sent).toEqual([4]);
	});

	it('refuses a Start that is not a date, before sending', async () => {
		const error = await runNodeError({
			credentials: sim.credentialFor(ws),
			parameters: { resource: 'campaign', operation: 'getMetrics', campaignId: 5, resolution: 'daily', metricsOptions: { start: 'last tuesday' } },
		});
		expect(error.message).toMatch(/^Item 0: Start/);
		expect(sim.requests).toHaveLength(0);
	});
});
