import { runNode, runNodeError } from '../../helpers/runNode';
import { simulatorPerFile } from '../../helpers/simulatorPerFile';

/**
 * Segment → Get / Get Many / Get Membership / Create and Person → Find by Email / Get Segments
 * against the simulator: App API reads, membership read page by page (`start` = the last
 * answer's `next`) within the App API's 10 requests a second, Limit stopping early.
 */
const { sim, ws } = simulatorPerFile();
sim.seedSegment(ws.name, { id: 3, name: 'Readers', description: 'Everyone who reads the newsletter' });
sim.seedSegment(ws.name, { id: 4, name: 'Active (data-driven)', type: 'dynamic' });
const readers = Array.from({ length: 2500 }, (_, i) => sim.seedPerson(ws.name, { id: `r-${i}`, email: `r-${i}@example.com` }));
sim.seedSegmentMembers(ws.name, 3, readers);
sim.seedSegmentMembers(ws.name, 4, readers.slice(0, 1));
sim.seedSegment(ws.name, { id: 5, name: 'Nobody yet' });

const run = (parameters: Record<string, unknown>, items?: Array<Record<string, unknown>>) =>
	runNode({ credentials: sim.credentialFor(ws), items, parameters: { includeInputFields: false, ...parameters } });

describe('Segment → Get Membership', () => {
	it('reads every page with Return All (2,500 people, 3 pages), each page within the 10 req/s App budget', async () => {
		const started = Date.now();
		const output = await run({ resource: 'segment', operation: 'getMembership', segmentId: { __rl: true, mode: 'list', value: '3' }, returnAll: true });
		const pages = sim.requests;
		expect(pages.map((r) => `${r.method} ${r.path} limit=${r.query.limit} start=${r.query.start ? 'token' : '-'}`)).toEqual([
			'GET /v1/segments/3/membership limit=1000 start=-',
			'GET /v1/segments/3/membership limit=1000 start=token',
			'GET /v1/segments/3/membership limit=1000 start=token',
		]);
		expect(pages[1].query.start).toBe((pages[0].responseBody as { next: string }).next);
		expect(pages.every((r) => r.status === 200)).toBe(true);
		// The throttle gives one credential's App requests a 100 ms slot each: the third page cannot
		// leave before 200 ms (a little timer slack allowed), and the simulator's 10/s limit never answered 429.
		expect(pages[2].at - started).toBeGreaterThanOrEqual(190);
		// One n8n item per member, each paired with the input item that asked.
		expect(output).toHaveLength(2500);
		expect(output[0]).toEqual({ json: { id: 'r-0', email: 'r-0@example.com', cio_id: readers[0].cio_id }, pairedItem: { item: 0 } });
		expect(output[2499].json.id).toBe('r-2499');
	});

	it('stops early at Limit: the last page asks only for what is still wanted', async () => {
		const output = await run({ resource: 'segment', operation: 'getMembership', segmentId: 3, returnAll: false, limit: 1500 });
		expect(sim.requests.map((r) => r.query.limit)).toEqual(['1000', '500']);
		expect(output).toHaveLength(1500);
	});

	it('reads one small page when Limit is under a page', async () => {
		const output = await run({ resource: 'segment', operation: 'getMembership', segmentId: 3, returnAll: false, limit: 5 });
		expect(sim.requests.map((r) => r.query.limit)).toEqual(['5']);
		expect(output.map((person) => person.json.id)).toEqual(['r-0', 'r-1', 'r-2', 'r-3', 'r-4']);
	});

	it('outputs one item per member, each with the fields of the input item that asked (Include Input Fields); an empty segment outputs none', async () => {
		const items = [
			{ tag: 'first', segment: 4 },
			{ tag: 'empty', segment: 5 },
			{ tag: 'second', segment: 3 },
		];
		const output = await runNode({
			credentials: sim.credentialFor(ws),
			items,
			parameters: { resource: 'segment', operation: 'getMembership', segmentId: (i: number) => items[i].segment, returnAll: false, limit: 2, includeInputFields: true, resultField: 'member' },
		});
		expect(output.map(({ json, pairedItem }) => [json.tag, (json.member as { id: string }).id, pairedItem])).toEqual([
			['first', 'r-0', { item: 0 }],
			['second', 'r-0', { item: 2 }],
			['second', 'r-1', { item: 2 }],
		]);
	});

	it('fails with Customer.io\'s 404 for an unknown segment', async () => {
		const error = await runNodeError({ credentials: sim.credentialFor(ws), parameters: { resource: 'segment', operation: 'getMembership', segmentId: 99, returnAll: true } });
		expect(error.message).toMatch(/404|not found|does not exist/i);
	});
});

describe('Segment → Get / Get Many / Create', () => {
	it('gets one segment, picked by a URL pasted from Customer.io', async () => {
		const [output] = await run({
			resource: 'segment',
			operation: 'get',
			segmentId: { __rl: true, mode: 'url', value: 'https://fly.customer.io/workspaces/118/journeys/segments/3/overview' },
		});
		expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/segments/3']);
		expect(output.json).toMatchObject({ id: 3, name: 'Readers', description: 'Everyone who reads the newsletter', type: 'manual' });
	});

	it('lists the segments, all or up to Limit', async () => {
		const all = await run({ resource: 'segment', operation: 'getMany', returnAll: true });
		expect(all.map((segment) => segment.json.name)).toEqual(expect.arrayContaining(['Readers', 'Active (data-driven)']));
		expect(await run({ resource: 'segment', operation: 'getMany', returnAll: false, limit: 1 })).toHaveLength(1);
	});

	it('creates a manual segment per item and outputs it with its new ID', async () => {
		const output = await run({ resource: 'segment', operation: 'create', segmentName: (i: number) => `Webinar ${i}`, segmentDescription: 'Signed up for the webinar' }, [{}, {}]);
		expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v1/segments', 'POST /v1/segments']);
		expect(sim.requests[0].body).toEqual({ segment: { name: 'Webinar 0', description: 'Signed up for the webinar' } });
		expect(output.map((o) => o.json)).toEqual([
			expect.objectContaining({ name: 'Webinar 0', type: 'manual' }),
			expect.objectContaining({ name: 'Webinar 1', type: 'manual' }),
		]);
		const [fetched] = await run({ resource: 'segment', operation: 'get', segmentId: output[1].json.id });
		expect(fetched.json.name).toBe('Webinar 1');
	});

	it('refuses an empty name before sending', async () => {
		const error = await runNodeError({ credentials: sim.credentialFor(ws), parameters: { resource: 'segment', operation: 'create', segmentName: '  ' } });
		expect(error.message).toBe('Item 0: Name: is empty: give the segment a name');
		expect(sim.requests).toHaveLength(0);
	});
});

describe('Person → Find by Email / Get Segments', () => {
	it('finds the people with an email address (and none for an unknown one)', async () => {
		const output = await run({ resource: 'person', operation: 'findByEmail', email: (i: number) => (i === 0 ? 'r-7@example.com' : 'nobody@example.com') }, [{}, {}]);
		expect(sim.requests.map((r) => r.query)).toEqual([{ email: 'r-7@example.com' }, { email: 'nobody@example.com' }]);
		expect(output[0].json).toEqual({ email: 'r-7@example.com', found: true, count: 1, people: [{ email: 'r-7@example.com', id: 'r-7', cio_id: readers[7].cio_id }] });
		expect(output[1].json).toMatchObject({ found: false, count: 0, people: [] });
	});

	it('refuses something that is not an email, before sending', async () => {
		const error = await runNodeError({ credentials: sim.credentialFor(ws), parameters: { resource: 'person', operation: 'findByEmail', email: 'r-7' } });
		expect(error.message).toBe('Item 0: Email: is not an email address');
		expect(sim.requests).toHaveLength(0);
	});

	it('lists the segments a person is in', async () => {
		const output = await run({ resource: 'person', operation: 'getSegments', identifierType: 'email', identifier: 'r-0@example.com' });
		expect(sim.requests.map((r) => `${r.path}?id_type=${r.query.id_type}`)).toEqual(['/v1/customers/r-0%40example.com/segments?id_type=email']);
		expect(output.map((segment) => segment.json.id).sort()).toEqual([3, 4]);
	});
});

describe('Resource locators in the writes (Transactional Message, Segment of Add People)', () => {
	const send = (messageId: unknown) =>
		run({
			resource: 'transactional',
			operation: 'sendEmail',
			messageId,
			identifierType: 'id',
			identifier: 'r-1',
			to: 'r-1@example.com',
			messageData: '{}',
			emailOptions: {},
		});

	it.each([
		['From List', { __rl: true, mode: 'list', value: '12', cachedResultName: 'Receipt (12)' }, 12],
		['By ID', { __rl: true, mode: 'id', value: '12' }, 12],
		['By ID, a trigger name', { __rl: true, mode: 'id', value: 'password_reset' }, 'password_reset'],
		['By URL', { __rl: true, mode: 'url', value: 'https://fly.customer.io/workspaces/118/journeys/transactional/12/overview' }, 12],
		['as saved before the locator (text)', 'password_reset', 'password_reset'],
	])('sends the message picked %s', async (_how, messageId, sent) => {
		await send(messageId);
		expect((sim.requests[0].body as { transactional_message_id: unknown }).transactional_message_id).toBe(sent);
	});

	it('adds people to the manual segment picked from the list or by URL', async () => {
		for (const segmentId of [{ __rl: true, mode: 'list', value: '3' }, { __rl: true, mode: 'url', value: 'https://fly.customer.io/workspaces/1/journeys/segments/3/overview' }]) {
			sim.clearRequests();
			await run({ resource: 'segment', operation: 'addPeople', segmentId, identifierType: 'id', identifier: 'r-1' });
			expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/v1/segments/3/add_customers']);
		}
	});
});
