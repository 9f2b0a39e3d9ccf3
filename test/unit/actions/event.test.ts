import { sentProblems } from '../../helpers/officialTrack';
import { runNode, runNodeError } from '../../helpers/runNode';
import { simulatorPerFile } from '../../helpers/simulatorPerFile';

/** Event → Track / Track Anonymous / Track Page View / Track Screen View: dedupe ids, timestamps, limits, retries without duplicates. */
const { sim, ws } = simulatorPerFile();

function track(count: number, params: Record<string, unknown> = {}) {
	const items = Array.from({ length: count }, (_, i) => ({ id: `e${i}`, total: i * 10 }));
	return {
		credentials: sim.credentialFor(ws),
		items,
		parameters: {
			resource: 'event',
			operation: 'track',
			identifierType: 'id',
			identifier: (i: number) => items[i].id,
			eventName: 'purchased',
			dataUi: {},
			dataJson: (i: number) => ({ total: items[i].total }),
			eventOptions: {},
			...params,
		},
	};
}

const eventsOf = (id: string) => sim.person('client-a', { id })?.events ?? [];

describe('Event → Track', () => {
	it('gives every event a ULID and now as timestamp', async () => {
		const before = Math.floor(Date.now() / 1000);
		const [item] = await runNode(track(1));
		const sent = item.json.sent as { id: string; timestamp: number; attributes: unknown };
		expect(sent.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
		expect(sent.timestamp).toBeGreaterThanOrEqual(before);
		expect(sent.attributes).toEqual({ total: 0 });
	});

	it('turns an ISO timestamp into unix seconds and keeps a given event ID', async () => {
		const [item] = await runNode(
			track(1, { eventOptions: { timestamp: '2026-11-20T10:00:00Z', eventId: '01JDEDUPE00000000000000000' } }),
		);
		expect(item.json.sent).toMatchObject({ timestamp: 1795168800, id: '01JDEDUPE00000000000000000' });
	});

	it('counts each event once after a storm of 429s and 503s (batch mode)', async () => {
		sim.injectFault({ api: 'track', path: '/api/v2/batch', status: 429, retryAfter: '0', times: 2 });
		sim.injectFault({ api: 'track', path: '/api/v2/batch', status: 503, times: 1 });
		await runNode(track(20, { identifier: (i: number) => `storm-${i}` }));
		for (let i = 0; i < 20; i++) expect(eventsOf(`storm-${i}`)).toHaveLength(1);
	});

	it('counts each event once when a response is lost after Customer.io stored it (per-item mode)', async () => {
		// The first attempt is stored but its answer never arrives: the retry repeats the same id.
		sim.injectFault({ api: 'track', delayMs: 400, times: 1 });
		const output = await runNode({ ...track(1, { batching: false, identifier: 'slow-1' }) });
		expect(output[0].json.status).toBe(200);
		expect(eventsOf('slow-1')).toHaveLength(1);
	});

	it.each([
		['an empty name', { eventName: '  ' }, 'Item 0: Event Name: is empty'],
		['a name over 100 bytes', { eventName: 'n'.repeat(101) }, 'Item 0: Event Name: is longer than 100 bytes'],
		[
			'data over 100 KB',
			{ dataJson: { blob: 'z'.repeat(100_000) } },
			'Item 0: Event Data: is 100011 bytes of JSON; at most 100000',
		],
		['a timestamp that is not a date', { eventOptions: { timestamp: 'yesterday' } }, 'Item 0: Timestamp: is not a date: use ISO 8601 or unix seconds'],
		['event data that is not an object', { dataJson: '[1,2]' }, 'Item 0: Event Data (JSON) must be a JSON object'],
	])('refuses %s before sending', async (_label, params, message) => {
		const error = await runNodeError(track(1, params));
		expect(error.message).toBe(message);
		expect(sim.requests).toHaveLength(0);
	});
});

describe('Event ids and timestamps across retries', () => {
	/** What n8n gives a node: its context in the execution data (kept across retries), and its run index. */
	const n8nExecution = (context: object, runIndex = 0) => ({ getContext: () => context, getWorkflowDataProxy: () => ({ $runIndex: runIndex }) });
	const sentEvents = () => sim.requests.map((r) => ({ path: r.path, ...(r.body as { id: string; timestamp: number }) }));

	it('a retry of the run sends the very same event (id and timestamp) and nothing Customer.io already took; other runs send new events', async () => {
		const context = {};
		sim.injectFault({ api: 'track', status: 400, when: (r) => r.path.startsWith('/api/v1/customers/retry-1/'), times: 1 });
		const params = track(2, { batching: false, identifier: (i: number) => `retry-${i}` });
		const first = await runNode({ ...params, continueOnFail: true, extra: n8nExecution(context) });
		expect(first[1].json.status).toBe(400);
		const [, firstTry] = sentEvents().sort((a, b) => a.path.localeCompare(b.path));
		sim.clearRequests();
		await new Promise((resolve) => setTimeout(resolve, 1100)); // the retry comes a second later

		const retried = await runNode({ ...params, continueOnFail: true, extra: n8nExecution(context) });
		expect(retried.map((item) => [item.json.status, item.json.alreadySent ?? false])).toEqual([
			[200, true],
			[200, false],
		]);
		expect(sentEvents()).toEqual([firstTry]);
		expect((retried[0].json.sent as { id: string }).id).toBe((first[0].json.sent as { id: string }).id);
		expect([eventsOf('retry-0'), eventsOf('retry-1')].map((events) => events.length)).toEqual([1, 1]);

		// The node's next run (a loop) and another execution are new events, with new ids.
		await runNode({ ...params, extra: n8nExecution(context, 1) });
		await runNode({ ...params, extra: n8nExecution({}) });
		expect([eventsOf('retry-0'), eventsOf('retry-1')].map((events) => events.length)).toEqual([3, 3]);
	});
});

describe('Event → Track Anonymous', () => {
	it('sends v1 /events one per item (v2 cannot carry anonymous events)', async () => {
		const items = [{ a: 'anon-1' }, { a: 'anon-2' }];
		const output = await runNode({
			credentials: sim.credentialFor(ws),
			items,
			parameters: {
				resource: 'event',
				operation: 'trackAnonymous',
				anonymousId: (i: number) => items[i].a,
				eventName: 'visited',
				eventOptions: {},
			},
		});
		expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/v1/events', 'POST /api/v1/events']);
		expect(output[1].json.identifier).toEqual({ anonymous_id: 'anon-2' });
		expect(sim.anonymousEvents('client-a').filter((e) => e.name === 'visited')).toHaveLength(2);
	});
});

describe('Event → Track Page View / Track Screen View', () => {
	const view = (operation: 'trackPageView' | 'trackScreenView', names: string[], params: Record<string, unknown> = {}) => ({
		credentials: sim.credentialFor(ws),
		items: names.map((name, i) => ({ id: `viewer-${i}`, name })),
		parameters: {
			resource: 'event',
			operation,
			identifierType: 'id',
			identifier: (i: number) => `viewer-${i}`,
			eventName: (i: number) => names[i],
			dataUi: { pair: [{ name: 'title', value: 'Pricing' }] },
			dataJson: '{}',
			eventOptions: { timestamp: '2026-11-20T10:00:00Z' },
			...params,
		},
	});
	const expectOfficialRequests = () => expect(sim.requests.flatMap((r) => sentProblems(r))).toEqual([]);
	const viewsOf = (id: string) => eventsOf(id).map((e) => [e.type, e.name, e.data]);

	it('sends page views as v2 page operations in one batch, each with a ULID', async () => {
		const output = await runNode(view('trackPageView', ['https://example.com/pricing', '/docs']));
		expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/v2/batch']);
		expect(output[0].json.sent).toEqual({
			type: 'person',
			identifiers: { id: 'viewer-0' },
			action: 'page',
			name: 'https://example.com/pricing',
			attributes: { title: 'Pricing' },
			timestamp: 1795168800,
			id: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/),
		});
		expect(viewsOf('viewer-1')).toEqual([['page', '/docs', { title: 'Pricing' }]]);
		expectOfficialRequests();
	});

	it('with batching off, sends page views through v1 events with type "page"', async () => {
		await runNode(view('trackPageView', ['/blog'], { batching: false, identifier: 'reader-1' }));
		expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/v1/customers/reader-1/events']);
		expect(sim.requests[0].body).toMatchObject({ name: '/blog', type: 'page', data: { title: 'Pricing' }, timestamp: 1795168800 });
		expect(eventsOf('reader-1').map((e) => [e.type, e.name])).toEqual([['page', '/blog']]);
		expectOfficialRequests();
	});

	it('sends screen views as v2 screen operations: in a batch, or alone through /entity with batching off', async () => {
		await runNode(view('trackScreenView', ['Checkout', 'Cart'], { identifier: (i: number) => `app-${i}` }));
		await runNode(view('trackScreenView', ['Profile'], { batching: false, identifier: 'app-0' }));
		expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/v2/batch', 'POST /api/v2/entity']);
		expect(sim.requests[1].body).toMatchObject({ type: 'person', identifiers: { id: 'app-0' }, action: 'screen', name: 'Profile' });
		expect(eventsOf('app-0').map((e) => [e.type, e.name])).toEqual([['screen', 'Checkout'], ['screen', 'Profile']]);
		expectOfficialRequests();
	});

	it.each([
		['trackPageView', 'a URL over 100 bytes', { eventName: `https://example.com/${'p'.repeat(90)}` }, 'Item 0: Page URL: is longer than 100 bytes'],
		['trackScreenView', 'an empty screen name', { eventName: ' ' }, 'Item 0: Screen Name: is empty'],
		['trackScreenView', 'data over 32 KB (v2 only: no v1 call could take it)', { dataJson: { blob: 'z'.repeat(33_000) } }, /^Item 0: the operation is \d+ bytes of JSON; Customer.io's Track v2 takes at most 32768 per operation$/],
	])('%s: refuses %s before sending', async (operation, _label, params, message) => {
		const error = await runNodeError(view(operation as 'trackPageView', ['/x'], params));
		expect(error.message).toEqual(typeof message === 'string' ? message : expect.stringMatching(message));
		expect(sim.requests).toHaveLength(0);
	});

	it.each(['trackPageView', 'trackScreenView'])('%s: maps a 207 back to the item it names', async (operation) => {
		sim.injectFault({ api: 'track', path: '/api/v2/batch', status: 207, body: { errors: [{ batch_index: 0, reason: 'invalid', field: 'name', message: 'name is invalid' }] } });
		const output = await runNode({ ...view(operation as 'trackPageView', ['/a', '/b']), continueOnFail: true });
		expect(output[0].json.error).toBe('Item 0: Customer.io rejected this item: name: name is invalid');
		expect(output[1].json).toMatchObject({ status: 207, via: 'batch' });
	});
});
