import { runNode, runNodeError } from '../../helpers/runNode';
import { simulatorPerFile } from '../../helpers/simulatorPerFile';

/**
 * Person → Identify / Delete / Get Attributes against the simulator: what reaches Customer.io,
 * and how bad input is refused before anything is sent.
 */
const { sim, ws } = simulatorPerFile();

const people = [
	{ id: 'p1', plan: 'pro', seats: 3 },
	{ id: 'p2', plan: 'free', seats: 1 },
	{ id: 'p3', plan: 'pro', seats: 9 },
];

function identify(params: Record<string, unknown> = {}, items: Array<Record<string, unknown>> = people) {
	return {
		credentials: sim.credentialFor(ws),
		items,
		parameters: {
			resource: 'person',
			operation: 'identify',
			identifierType: 'id',
			identifier: (i: number) => items[i].id,
			attributesUi: (i: number) => ({ pair: [{ name: 'plan', value: items[i].plan }] }),
			attributesJson: (i: number) => ({ seats: items[i].seats }),
			identifyOptions: {},
			...params,
		},
	};
}

describe('Person → Identify', () => {
	it('packs items into one Track v2 batch and outputs one paired item each', async () => {
		const output = await runNode(identify());
		expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/v2/batch']);
		expect(output.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[0].json).toMatchObject({ identifier: { type: 'id', value: 'p1' }, status: 200, via: 'batch' });
		expect(sim.person('client-a', { id: 'p3' })?.attributes).toMatchObject({ plan: 'pro', seats: 9 });
	});

	it('sends one v1 request per item when batching is off', async () => {
		await runNode(identify({ batching: false }));
		expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
			'PUT /api/v1/customers/p1',
			'PUT /api/v1/customers/p2',
			'PUT /api/v1/customers/p3',
		]);
	});

	it('merges anonymous activity through v1 (v2 has no anonymous_id)', async () => {
		await runNode({
			credentials: sim.credentialFor(ws),
			parameters: {
				resource: 'event',
				operation: 'trackAnonymous',
				anonymousId: 'anon-7',
				eventName: 'viewed_pricing',
				eventOptions: {},
			},
		});
		await runNode(identify({ identifyOptions: { anonymousId: 'anon-7' } }, [{ id: 'p7', plan: 'pro', seats: 1 }]));
		expect(sim.requests.at(-1)?.path).toBe('/api/v1/customers/p7');
		expect(sim.person('client-a', { id: 'p7' })?.events.map((e) => e.name)).toContain('viewed_pricing');
	});

	it('refuses an identifier over 150 bytes, naming the item, and sends nothing', async () => {
		const items = [...people, { id: 'x'.repeat(151), plan: 'pro', seats: 1 }];
		const error = await runNodeError(identify({}, items));
		expect(error.message).toBe('Item 3: Person Identifier is 151 bytes; Customer.io allows at most 150');
		expect(sim.requests).toHaveLength(0);
	});

	it.each([
		['a value over 1000 bytes', { bio: 'y'.repeat(1001) }, 'Item 0: attributes.bio: value is 1001 bytes; at most 1000'],
		['a name over 150 bytes', { ['n'.repeat(151)]: 1 }, `Item 0: attributes.${'n'.repeat(151)}: name is 151 bytes; at most 150`],
		[
			'more than 300 attributes',
			Object.fromEntries(Array.from({ length: 301 }, (_, i) => [`a${i}`, i])),
			'Item 0: attributes: 302 attributes; Customer.io accepts at most 300 per call',
		],
	])('refuses %s before sending', async (_label, extra, message) => {
		const error = await runNodeError(identify({ attributesJson: extra }, [people[0]]));
		expect(error.message).toBe(message);
		expect(sim.requests).toHaveLength(0);
	});

	it('with Continue On Fail, bad items become error items and the rest are sent', async () => {
		const items = [people[0], { id: '', plan: 'pro', seats: 1 }, people[2]];
		const output = await runNode({ ...identify({}, items), continueOnFail: true });
		expect(output[1].json).toMatchObject({ error: 'Item 1: Person Identifier is empty', itemIndex: 1, item: items[1] });
		expect(output[1].pairedItem).toEqual({ item: 1 });
		expect(output[0].json.status).toBe(200);
		expect(sim.person('client-a', { id: 'p3' })).toBeDefined();
	});

	it('maps a 207 partial failure back to the item it names', async () => {
		sim.injectFault({
			api: 'track',
			path: '/api/v2/batch',
			status: 207,
			body: { errors: [{ batch_index: 1, reason: 'invalid', field: 'identifiers', message: 'identifier is invalid' }] },
		});
		const output = await runNode({ ...identify(), continueOnFail: true });
		expect(output.map((o) => o.json.status)).toEqual([207, 207, 207]);
		expect(output[1].json.error).toBe('Item 1: Customer.io rejected this item: identifiers: identifier is invalid');
		expect(output[0].json.error).toBeUndefined();
	});
});

describe('Person → Delete', () => {
	it('deletes in a batch', async () => {
		await runNode(identify());
		await runNode({
			credentials: sim.credentialFor(ws),
			items: [{ id: 'p1' }],
			parameters: { resource: 'person', operation: 'delete', identifierType: 'id', identifier: 'p1' },
		});
		expect(sim.person('client-a', { id: 'p1' })).toBeUndefined();
	});
});

describe('Person → Get Attributes', () => {
	const get = (identifier: string, extra: Record<string, unknown> = {}) => ({
		credentials: sim.credentialFor(ws),
		parameters: {
			resource: 'person',
			operation: 'getAttributes',
			identifierType: 'email',
			identifier,
			whenNotFound: 'empty',
			parseValues: true,
			...extra,
		},
	});

	it('returns attributes, parsing strings back into numbers, booleans and objects', async () => {
		sim.seedPerson('client-a', {
			id: 'g1',
			email: 'grace@example.com',
			attributes: { seats: 12, vip: true, prefs: { tz: 'UTC' }, zip: '02134', name: 'Grace' },
		});
		const [item] = await runNode(get('grace@example.com'));
		expect(sim.requests[0].query).toEqual({ id_type: 'email' });
		expect(item.json).toMatchObject({
			found: true,
			attributes: { seats: 12, vip: true, prefs: { tz: 'UTC' }, zip: '02134', name: 'Grace' },
		});
	});

	it('keeps strings when parsing is off', async () => {
		const [item] = await runNode(get('grace@example.com', { parseValues: false }));
		expect((item.json.attributes as Record<string, unknown>).seats).toBe('12');
	});

	it('answers found: false for an unknown person, or fails when asked to', async () => {
		const [item] = await runNode(get('nobody@example.com'));
		expect(item.json).toEqual({ identifier: { type: 'email', value: 'nobody@example.com' }, found: false });
		const error = await runNodeError(get('nobody@example.com', { whenNotFound: 'fail' }));
		expect(error.message).toBe('Item 0: no such person in this Customer.io workspace');
	});
});
