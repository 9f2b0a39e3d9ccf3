import { CustomerIoSimulator, type Workspace } from './index';

/**
 * The simulator's App API reads (campaigns, segments, membership, customers by email, a person's
 * segments, transactional messages), as the official App OpenAPI describes them: what each
 * answers, and what it refuses (the spec's required parameters, enums and limits).
 */
const sim = new CustomerIoSimulator({ appRateLimitPerSecond: false });
let ws: Workspace;

beforeAll(async () => {
	await sim.start(0);
	ws = sim.addWorkspace({ name: 'reads', region: 'us' });
	sim.seedCampaign(ws.name, { id: 1, name: 'Onboarding' });
	sim.seedSegment(ws.name, { id: 2, name: 'Buyers' });
	sim.seedTransactionalMessage(ws.name, { id: 9, name: 'Password reset', trigger_name: 'password_reset' });
	const people = Array.from({ length: 5 }, (_, i) => sim.seedPerson(ws.name, { id: `b${i}`, email: `b${i}@example.com` }));
	sim.seedSegmentMembers(ws.name, 2, people);
});
afterAll(() => sim.stop());

async function app(method: string, path: string, body?: unknown) {
	const response = await fetch(`${sim.appBaseUrl('us')}${path}`, {
		method,
		headers: { authorization: `Bearer ${ws.appApiKey}`, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

describe('App API reads: answers', () => {
	it('lists and gets campaigns; 404 for an unknown one', async () => {
		expect(await app('GET', '/v1/campaigns')).toMatchObject({ status: 200, body: { campaigns: [{ id: 1, name: 'Onboarding', state: 'running' }] } });
		expect(await app('GET', '/v1/campaigns/1')).toMatchObject({ status: 200, body: { campaign: { id: 1 } } });
		expect((await app('GET', '/v1/campaigns/77')).status).toBe(404);
	});

	it('pages membership: limit per page, next as the following start, empty next on the last page', async () => {
		const first = await app('GET', '/v1/segments/2/membership?limit=2');
		expect((first.body!.identifiers as unknown[]).length).toBe(2);
		expect(first.body!.ids).toEqual(['b0', 'b1']);
		const second = await app('GET', `/v1/segments/2/membership?limit=2&start=${String(first.body!.next)}`);
		expect(second.body!.ids).toEqual(['b2', 'b3']);
		const last = await app('GET', `/v1/segments/2/membership?limit=2&start=${String(second.body!.next)}`);
		expect(last.body).toMatchObject({ ids: ['b4'], next: '' });
	});

	it('creates a manual segment, finds people by email, lists a person\'s segments and the transactional messages', async () => {
		const created = await app('POST', '/v1/segments', { segment: { name: 'New', description: 'd' } });
		expect(created).toMatchObject({ status: 200, body: { segment: { name: 'New', description: 'd', type: 'manual' } } });
		expect(await app('GET', '/v1/customers?email=b1%40example.com')).toMatchObject({ body: { results: [{ id: 'b1', email: 'b1@example.com' }] } });
		expect(await app('GET', '/v1/customers/b1/segments?id_type=id')).toMatchObject({ body: { segments: [{ id: 2, name: 'Buyers' }] } });
		expect(await app('GET', '/v1/transactional')).toMatchObject({ body: { messages: [{ id: 9, name: 'Password reset' }] } });
	});
});

describe('App API reads: refusals the official schema implies', () => {
	it.each([
		['metrics without the required version', 'GET', '/v1/campaigns/1/metrics', 400],
		['metrics with a res outside the enum', 'GET', '/v1/campaigns/1/metrics?version=2&res=yearly', 400],
		['metrics with a type outside the enum', 'GET', '/v1/campaigns/1/metrics?version=2&type=fax', 400],
		['metrics with a start that is not unix seconds', 'GET', '/v1/campaigns/1/metrics?version=2&start=yesterday', 400],
		['a campaign id that is not an integer', 'GET', '/v1/campaigns/abc', 400],
		['membership limit 0', 'GET', '/v1/segments/2/membership?limit=0', 400],
		['membership limit over 30,000', 'GET', '/v1/segments/2/membership?limit=30001', 400],
		['membership with a start token it never gave', 'GET', '/v1/segments/2/membership?start=bogus', 400],
		['membership of an unknown segment', 'GET', '/v1/segments/99/membership', 404],
		['customers without the required email', 'GET', '/v1/customers', 400],
		['customers with an email that is not one', 'GET', '/v1/customers?email=nope', 400],
		['a person\'s segments with an unknown id_type', 'GET', '/v1/customers/b1/segments?id_type=phone', 400],
		['a person\'s segments for an unknown person', 'GET', '/v1/customers/zz/segments', 404],
	])('refuses %s', async (_what, method, path, status) => {
		expect((await app(method, path)).status).toBe(status);
	});

	it.each([
		['no segment object', {}],
		['a segment without a name', { segment: { description: 'x' } }],
		['a blank name', { segment: { name: ' ' } }],
		['a description that is not text', { segment: { name: 'n', description: 5 } }],
	])('refuses to create a segment with %s', async (_what, body) => {
		expect((await app('POST', '/v1/segments', body)).status).toBe(400);
	});
});
