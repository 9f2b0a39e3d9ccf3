import { CustomerIoSimulator, type Workspace } from './index';

/**
 * The simulator's messaging routes as Customer.io's App API answers them: an API-triggered
 * broadcast takes one audience per trigger and one trigger per 10 seconds, and the long lists
 * (newsletters, deliveries, a person's messages and activities) page with `limit` and a `next`
 * token sent back as `start`.
 */
const sim = new CustomerIoSimulator({ appRateLimitPerSecond: false, broadcastTriggerIntervalMs: false });
// Customer.io's own pace for triggers: one per 10 s per workspace.
const paced = new CustomerIoSimulator({ appRateLimitPerSecond: false });
let ws: Workspace;
// Triggers send messages: they get a workspace of their own, away from the listed deliveries.
let triggers: Workspace;
const NOW = Math.floor(Date.now() / 1000);

beforeAll(async () => {
	await Promise.all([sim.start(0), paced.start(0)]);
	ws = sim.addWorkspace({ name: 'messaging', region: 'us' });
	triggers = sim.addWorkspace({ name: 'triggers', region: 'us' });
	sim.seedBroadcast(triggers.name, { id: 5, name: 'Flash sale' });
	sim.seedPerson(triggers.name, { id: 'ada', email: 'ada@example.com' });
	for (let id = 1; id <= 5; id++) sim.seedNewsletter(ws.name, { id, name: `Weekly #${id}`, created: NOW - (10 - id) * 86_400 });
	const ada = sim.seedPerson(ws.name, { id: 'ada', email: 'ada@example.com' });
	for (let i = 0; i < 5; i++) sim.seedMessage(ws.name, ada, { id: `d-${i}`, type: 'email', created: NOW - i * 60, metrics: { sent: NOW - i * 60 } });
	for (let i = 0; i < 3; i++) ada.events.push({ name: 'purchase', data: { order: i }, timestamp: NOW - 1000 - i });
});
afterAll(() => Promise.all([sim.stop(), paced.stop()]));

async function app(target: CustomerIoSimulator, workspace: Workspace, method: string, path: string, body?: unknown) {
	const response = await fetch(`${target.appBaseUrl('us')}${path}`, {
		method,
		headers: { authorization: `Bearer ${workspace.appApiKey}`, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, retryAfter: response.headers.get('retry-after'), body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}
const get = (path: string) => app(sim, ws, 'GET', path);

/** Every page of a list, following `next` until it comes back empty: the ids per page. */
async function allPages(path: string, field: string, limit: number): Promise<unknown[][]> {
	const pages: unknown[][] = [];
	let start = '';
	do {
		const separator = path.includes('?') ? '&' : '?';
		const { status, body } = await get(`${path}${separator}limit=${limit}${start ? `&start=${start}` : ''}`);
		expect(status).toBe(200);
		pages.push((body![field] as Array<{ id: unknown }>).map((record) => record.id));
		start = String(body!.next);
	} while (start !== '' && pages.length < 10);
	return pages;
}

describe('broadcast triggers', () => {
	it('takes one audience and records the trigger, whose status reads back as processed', async () => {
		const sent = await app(sim, triggers, 'POST', '/v1/campaigns/5/triggers', { ids: ['ada'], data: { coupon: 'A1' } });
		expect(sent).toMatchObject({ status: 200, body: { id: expect.any(Number) } });
		const triggerId = (sent.body as { id: number }).id;
		const status = await app(sim, triggers, 'GET', `/v1/campaigns/5/triggers/${triggerId}`);
		expect(status.body).toEqual({ id: triggerId, broadcast_id: 5, created_at: expect.any(Number), processed_at: expect.any(Number) });
		expect(sim.broadcastTriggers(triggers.name, 5).at(-1)?.body).toEqual({ ids: ['ada'], data: { coupon: 'A1' } });
	});

	it.each([
		['ids and emails', { ids: ['ada'], emails: ['ada@example.com'] }, 'give one audience at most, not emails and ids'],
		['a filter and per-user data', { recipients: { segment: { id: 3 } }, per_user_data: [{ id: 'ada' }] }, 'give one audience at most, not recipients and per_user_data'],
		['ids and a data file', { ids: ['ada'], data_file_url: 'https://example.com/people.json' }, 'give one audience at most, not ids and data_file_url'],
	])('refuses %s in one trigger with 400 in Customer.io\'s error shape, and sends nothing', async (_what, body, detail) => {
		const before = sim.broadcastTriggers(triggers.name, 5).length;
		const refused = await app(sim, triggers, 'POST', '/v1/campaigns/5/triggers', body);
		expect(refused).toMatchObject({ status: 400, body: { errors: [{ detail: `bad request: ${detail}`, status: '400' }] } });
		expect(sim.broadcastTriggers(triggers.name, 5)).toHaveLength(before);
	});

	it('refuses a second trigger within 10 seconds with 429 (no Retry-After: the spec defines none); another workspace is not held up', async () => {
		const [first, second] = [paced.addWorkspace({ name: 'paced-a', region: 'us' }), paced.addWorkspace({ name: 'paced-b', region: 'us' })];
		paced.seedBroadcast(first.name, { id: 8, name: 'Launch' });
		paced.seedBroadcast(second.name, { id: 8, name: 'Launch' });
		expect((await app(paced, first, 'POST', '/v1/campaigns/8/triggers', {})).status).toBe(200);
		const again = await app(paced, first, 'POST', '/v1/campaigns/8/triggers', {});
		expect(again).toMatchObject({ status: 429, retryAfter: null, body: { errors: [{ detail: 'API-triggered broadcasts are limited to one request every 10 seconds', status: '429' }] } });
		expect(paced.broadcastTriggers(first.name, 8)).toHaveLength(1);
		expect((await app(paced, second, 'POST', '/v1/campaigns/8/triggers', {})).status).toBe(200);
	});
});

describe('paged lists: limit per page, next sent back as start, empty next on the last page', () => {
	it('newsletters, newest first by default or oldest first with sort=asc', async () => {
		expect(await allPages('/v1/newsletters', 'newsletters', 2)).toEqual([[5, 4], [3, 2], [1]]);
		expect(await allPages('/v1/newsletters?sort=asc', 'newsletters', 3)).toEqual([[1, 2, 3], [4, 5]]);
	});

	it('deliveries, newest first, and a person\'s messages by email', async () => {
		expect(await allPages('/v1/messages', 'messages', 2)).toEqual([['d-0', 'd-1'], ['d-2', 'd-3'], ['d-4']]);
		expect(await allPages('/v1/customers/ada%40example.com/messages?id_type=email', 'messages', 3)).toEqual([['d-0', 'd-1', 'd-2'], ['d-3', 'd-4']]);
	});

	it('a person\'s activities (messages sent, then older events), newest first', async () => {
		const pages = await allPages('/v1/customers/ada/activities?id_type=id', 'activities', 4);
		expect(pages.map((page) => page.length)).toEqual([4, 4]);
		const types = (await get('/v1/customers/ada/activities?id_type=id&limit=100')).body!.activities as Array<{ type: string }>;
		expect(types.map((a) => a.type)).toEqual([...Array(5).fill('sent_email'), ...Array(3).fill('event')]);
	});

	it.each([
		['newsletters with limit over 100', '/v1/newsletters?limit=101'],
		['newsletters with limit 0', '/v1/newsletters?limit=0'],
		['newsletters with a start token it never gave', '/v1/newsletters?start=bogus'],
		['deliveries with limit over 1,000', '/v1/messages?limit=1001'],
		['deliveries with a start token it never gave', '/v1/messages?start=b2Zmc2V0OnRlbg'],
		['a person\'s messages with a start token it never gave', '/v1/customers/ada/messages?id_type=id&start=bogus'],
		['a person\'s activities with limit over 100', '/v1/customers/ada/activities?id_type=id&limit=101'],
	])('refuses %s with 400', async (_what, path) => {
		expect((await get(path)).status).toBe(400);
	});
});
