import { sentProblems } from '../../helpers/officialTrack';
import { runNode, runNodeError } from '../../helpers/runNode';
import { simulatorPerFile } from '../../helpers/simulatorPerFile';

/**
 * Person → Identify / Delete / Get Attributes / Suppress / Unsuppress / Merge / Add Device /
 * Delete Device against the simulator: what reaches Customer.io (checked against the official
 * Track schema for the lifecycle operations), and how bad input is refused before anything is sent.
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

/** Every request of the test, valid by Customer.io's official Track schema. */
const expectOfficialRequests = () => expect(sim.requests.flatMap((r) => sentProblems(r))).toEqual([]);
const routes = () => sim.requests.map((r) => `${r.method} ${r.path}${r.query.id_type ? `?id_type=${r.query.id_type}` : ''}`);

/** A run of a person operation over items `{id}`, identified by id. */
function personRun(operation: string, ids: string[], params: Record<string, unknown> = {}) {
	return {
		credentials: sim.credentialFor(ws),
		items: ids.map((id) => ({ id })),
		parameters: { resource: 'person', operation, identifierType: 'id', identifier: (i: number) => ids[i], ...params },
	};
}

/** Customer.io answers 207 naming the second operation of the batch. */
const rejectSecond = () =>
	sim.injectFault({
		api: 'track',
		path: '/api/v2/batch',
		status: 207,
		body: { errors: [{ batch_index: 1, reason: 'invalid', field: 'identifiers', message: 'identifier is invalid' }] },
	});

describe('Person → Suppress / Unsuppress', () => {
	it('suppresses in one v2 batch: the people are deleted and their identifiers blocked', async () => {
		for (const id of ['s1', 's2', 's3']) sim.seedPerson('client-a', { id, email: `${id}@example.com` });
		const output = await runNode(personRun('suppress', ['s1', 's2', 's3']));
		expect(routes()).toEqual(['POST /api/v2/batch']);
		expect(output[0].json).toEqual({ identifier: { type: 'id', value: 's1' }, sent: { type: 'person', identifiers: { id: 's1' }, action: 'suppress' }, status: 200, via: 'batch' });
		expect(sim.person('client-a', { id: 's2' })).toBeUndefined();
		expect(sim.isSuppressed('client-a', { email: 's2@example.com' })).toBe(true);
		expectOfficialRequests();
	});

	it('with batching off, calls v1 suppress and unsuppress per item; an unsuppressed id can be identified again', async () => {
		await runNode(personRun('suppress', ['s4', 's5'], { batching: false }));
		await runNode(personRun('unsuppress', ['s4'], { batching: false }));
		expect(routes()).toEqual(['POST /api/v1/customers/s4/suppress', 'POST /api/v1/customers/s5/suppress', 'POST /api/v1/customers/s4/unsuppress']);
		expectOfficialRequests();
		await runNode(identify({}, [{ id: 's4', plan: 'pro', seats: 1 }, { id: 's5', plan: 'pro', seats: 1 }]));
		expect(sim.person('client-a', { id: 's4' })?.attributes.plan).toBe('pro');
		expect(sim.person('client-a', { id: 's5' })).toBeUndefined();
	});

	it('unsuppresses in a batch, and maps a 207 back to the item it names', async () => {
		rejectSecond();
		const output = await runNode({ ...personRun('unsuppress', ['u1', 'u2', 'u3']), continueOnFail: true });
		expect(output[1].json.error).toBe('Item 1: Customer.io rejected this item: identifiers: identifier is invalid');
		expect([output[0].json.error, output[2].json.error]).toEqual([undefined, undefined]);
	});

	it('refuses an identifier over 150 bytes before sending', async () => {
		const error = await runNodeError(personRun('suppress', ['ok', 'x'.repeat(151)]));
		expect(error.message).toBe('Item 1: Person Identifier is 151 bytes; Customer.io allows at most 150');
		expect(sim.requests).toHaveLength(0);
	});
});

describe('Person → Merge', () => {
	const merge = (pairs: Array<[string, string]>, params: Record<string, unknown> = {}) => ({
		credentials: sim.credentialFor(ws),
		items: pairs.map(([keep, duplicate]) => ({ keep, duplicate })),
		parameters: {
			resource: 'person',
			operation: 'merge',
			primaryIdentifierType: 'id',
			primaryIdentifier: (i: number) => pairs[i][0],
			secondaryIdentifierType: 'email',
			secondaryIdentifier: (i: number) => pairs[i][1],
			...params,
		},
	});

	it('merges duplicates in one v2 batch: the secondary person is gone, what the primary lacked moved over', async () => {
		sim.seedPerson('client-a', { id: 'keep-1', attributes: { plan: 'pro' } });
		sim.seedPerson('client-a', { email: 'dup-1@example.com', attributes: { plan: 'free', city: 'Lyon' } });
		sim.seedPerson('client-a', { id: 'keep-2' });
		sim.seedPerson('client-a', { email: 'dup-2@example.com' });
		const output = await runNode(merge([['keep-1', 'dup-1@example.com'], ['keep-2', 'dup-2@example.com']]));
		expect(routes()).toEqual(['POST /api/v2/batch']);
		expect(output[0].json).toMatchObject({
			identifier: { primary: { type: 'id', value: 'keep-1' }, secondary: { type: 'email', value: 'dup-1@example.com' } },
			sent: { type: 'person', action: 'merge', primary: { id: 'keep-1' }, secondary: { email: 'dup-1@example.com' } },
			via: 'batch',
		});
		expect(sim.person('client-a', { email: 'dup-1@example.com' })).toBeUndefined();
		expect(sim.person('client-a', { id: 'keep-1' })?.attributes).toMatchObject({ plan: 'pro', city: 'Lyon' });
		expectOfficialRequests();
	});

	it('with batching off, calls v1 merge_customers per item', async () => {
		sim.seedPerson('client-a', { id: 'keep-3' });
		sim.seedPerson('client-a', { email: 'dup-3@example.com' });
		await runNode(merge([['keep-3', 'dup-3@example.com']], { batching: false }));
		expect(routes()).toEqual(['POST /api/v1/merge_customers']);
		expect(sim.requests[0].body).toEqual({ primary: { id: 'keep-3' }, secondary: { email: 'dup-3@example.com' } });
		expect(sim.person('client-a', { email: 'dup-3@example.com' })).toBeUndefined();
		expectOfficialRequests();
	});

	it('refuses the same person twice, and an empty secondary, before sending', async () => {
		const same = await runNodeError(merge([['a@example.com', 'a@example.com']], { primaryIdentifierType: 'email' }));
		expect(same.message).toBe('Item 0: Primary Person and Secondary Person are the same person');
		const empty = await runNodeError(merge([['keep', '']]));
		expect(empty.message).toBe('Item 0: Secondary Person Identifier is empty');
		expect(sim.requests).toHaveLength(0);
	});

	it('maps a 207 back to the item it names', async () => {
		rejectSecond();
		const output = await runNode({ ...merge([['k1', 'd1@example.com'], ['k2', 'd2@example.com']]), continueOnFail: true });
		expect(output.map((o) => Boolean(o.json.error))).toEqual([false, true]);
	});
});

describe('Person → Add Device / Delete Device', () => {
	const addDevice = (ids: string[], params: Record<string, unknown> = {}) =>
		personRun('addDevice', ids, {
			deviceToken: (i: number) => `token-${ids[i]}`,
			platform: 'android',
			deviceAttributesUi: { pair: [{ name: 'app_version', value: '2.1.0' }] },
			deviceAttributesJson: { push_enabled: true, build: 412 },
			deviceOptions: { lastUsed: '2026-11-20T10:00:00Z' },
			...params,
		});

	it('adds devices in one v2 batch (attribute values as text), and deletes one', async () => {
		const output = await runNode(addDevice(['d1', 'd2']));
		expect(routes()).toEqual(['POST /api/v2/batch']);
		expect(output[0].json.sent).toEqual({
			type: 'person',
			identifiers: { id: 'd1' },
			action: 'add_device',
			device: { token: 'token-d1', platform: 'android', last_used: 1795168800, attributes: { push_enabled: 'true', build: '412', app_version: '2.1.0' } },
		});
		expect(sim.person('client-a', { id: 'd2' })?.devices).toEqual([
			{ id: 'token-d2', platform: 'android', last_used: 1795168800, attributes: { push_enabled: 'true', build: '412', app_version: '2.1.0' } },
		]);
		await runNode(personRun('deleteDevice', ['d2'], { deviceToken: 'token-d2' }));
		expect(sim.person('client-a', { id: 'd2' })?.devices).toEqual([]);
		expectOfficialRequests();
	});

	it('with batching off, calls v1 PUT devices and DELETE devices/{token} (the token URL-encoded)', async () => {
		await runNode(addDevice(['d3'], { batching: false, deviceToken: 'apns/token+1', deviceOptions: {}, deviceAttributesUi: {}, deviceAttributesJson: '{}' }));
		await runNode(personRun('deleteDevice', ['d3'], { batching: false, deviceToken: 'apns/token+1' }));
		expect(routes()).toEqual(['PUT /api/v1/customers/d3/devices', 'DELETE /api/v1/customers/d3/devices/apns%2Ftoken%2B1']);
		expect(sim.requests[0].body).toEqual({ device: { id: 'apns/token+1', platform: 'android' } });
		expect(sim.person('client-a', { id: 'd3' })?.devices).toEqual([]);
		expectOfficialRequests();
	});

	it.each([
		['an empty token', { deviceToken: ' ' }, 'Item 0: device.token: is empty'],
		['an attribute that is an object', { deviceAttributesJson: { nested: { a: 1 } } }, 'Item 0: device.attributes.nested: must be text, a number or true/false (Customer.io keeps device attributes as strings)'],
		['push_enabled that is not true/false', { deviceAttributesJson: { push_enabled: 'yes' } }, 'Item 0: device.attributes.push_enabled: must be "true" or "false"'],
		['a platform outside the spec', { platform: 'windows' }, 'Item 0: device.platform: must be ios or android'],
		['a Last Used that is not a date', { deviceOptions: { lastUsed: 'soon' } }, 'Item 0: device.last_used: is not a date: use ISO 8601 or unix seconds'],
	])('refuses %s before sending', async (_label, params, message) => {
		const error = await runNodeError(addDevice(['d4'], params));
		expect(error.message).toBe(message);
		expect(sim.requests).toHaveLength(0);
	});

	it('refuses a token that cannot be one URL segment (".."), and maps a 207 back to its item', async () => {
		const error = await runNodeError(personRun('deleteDevice', ['d5'], { deviceToken: '..' }));
		expect(error.message).toBe('Item 0: Device Token: ".." would change the request path (URLs read it as "this/parent folder")');
		rejectSecond();
		const output = await runNode({ ...personRun('deleteDevice', ['d6', 'd7'], { deviceToken: 'tok' }), continueOnFail: true });
		expect(output.map((o) => Boolean(o.json.error))).toEqual([false, true]);
	});
});
