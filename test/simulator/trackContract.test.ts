import { enumOf, mutants, v1Problems, v2Problems, type Mutant, type V1Call } from '../helpers/officialTrack';
import { CustomerIoSimulator, type Workspace } from './index';

/**
 * The simulator's Track calls for the lifecycle operations (devices, suppression, merges, page
 * and screen views, manual segments, objects and relationships) against Customer.io's official
 * request schemas (test/fixtures/openapi/track-requests.json): every valid example is accepted,
 * and every single-field change of it is accepted or refused exactly as the official schema
 * decides, in Customer.io's error shapes. Where the simulator is stricter than the schema, the
 * rule is named below with its reason.
 */
const sim = new CustomerIoSimulator();
let ws: Workspace;

beforeAll(async () => {
	await sim.start(0);
	ws = sim.addWorkspace({ name: 'contract', region: 'us' });
	sim.seedSegment('contract', { id: 7, name: 'VIP' });
	sim.seedSegment('contract', { id: 8, name: 'Active (data-driven)', type: 'dynamic' });
});
afterAll(() => sim.stop());

const basic = () => `Basic ${Buffer.from(`${ws.siteId}:${ws.trackApiKey}`).toString('base64')}`;

async function track(method: string, path: string, body?: unknown) {
	const response = await fetch(`${sim.trackBaseUrl('us')}${path}`, {
		method,
		headers: { authorization: basic(), 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

const T = 1_790_000_000;

/** One valid example of each v2 action the lifecycle operations send. */
const V2_EXAMPLES: Record<string, Record<string, unknown>> = {
	page: { type: 'person', identifiers: { id: 'c-page' }, action: 'page', name: 'https://example.com/pricing', timestamp: T, id: '01JPAGE0000000000000000000', attributes: { title: 'Pricing', keywords: ['plans'], plan: 'pro' } },
	screen: { type: 'person', identifiers: { email: 'screen@example.com' }, action: 'screen', name: 'Checkout', timestamp: T, id: '01JSCREEN00000000000000000', attributes: { step: 2 } },
	add_device: { type: 'person', identifiers: { id: 'c-dev' }, action: 'add_device', device: { token: 'tok-1', platform: 'ios', last_used: T, attributes: { app_version: '1.2.0', push_enabled: 'true', tier: 'gold' } } },
	delete_device: { type: 'person', identifiers: { id: 'c-dev' }, action: 'delete_device', device: { token: 'tok-1' } },
	suppress: { type: 'person', identifiers: { id: 'c-sup' }, action: 'suppress' },
	unsuppress: { type: 'person', identifiers: { id: 'c-sup' }, action: 'unsuppress' },
	merge: { type: 'person', action: 'merge', primary: { id: 'c-keep' }, secondary: { email: 'dup@example.com' } },
	person_add_relationships: { type: 'person', identifiers: { id: 'c-rel' }, action: 'add_relationships', cio_relationships: [{ identifiers: { object_type_id: '1', object_id: 'acme' }, relationship_attributes: { role: 'admin' } }] },
	person_delete_relationships: { type: 'person', identifiers: { id: 'c-rel' }, action: 'delete_relationships', cio_relationships: [{ identifiers: { object_type_id: '1', object_id: 'acme' } }] },
	object_identify: { type: 'object', identifiers: { object_type_id: '1', object_id: 'acme' }, action: 'identify', attributes: { name: 'Acme', seats: 50 } },
	object_delete: { type: 'object', identifiers: { object_type_id: '1', object_id: 'gone' }, action: 'delete' },
	object_add_relationships: { type: 'object', identifiers: { object_type_id: '1', object_id: 'acme' }, action: 'add_relationships', cio_relationships: [{ identifiers: { id: 'c-rel' }, relationship_attributes: { role: 'admin' } }] },
	object_delete_relationships: { type: 'object', identifiers: { object_type_id: '1', object_id: 'acme' }, action: 'delete_relationships', cio_relationships: [{ identifiers: { email: 'gone@example.com' } }] },
};

interface V1Example {
	call: V1Call;
	params: Record<string, string>;
	query?: Record<string, string>;
	body?: unknown;
}

/** One valid example of each v1 call the lifecycle operations send. */
const V1_EXAMPLES: Record<string, V1Example> = {
	page: { call: 'POST /api/v1/customers/{identifier}/events', params: { identifier: 'c-page' }, body: { name: 'https://example.com/pricing', type: 'page', timestamp: T, id: '01JPAGEV1000000000000000000', data: { url: 'https://example.com/pricing?x=1' } } },
	add_device: { call: 'PUT /api/v1/customers/{identifier}/devices', params: { identifier: 'c-dev' }, body: { device: { id: 'tok-2', platform: 'android', last_used: T, attributes: { device_os: 'Android 15', push_enabled: 'false', tier: 'gold' } } } },
	delete_device: { call: 'DELETE /api/v1/customers/{identifier}/devices/{device_id}', params: { identifier: 'c-dev', device_id: 'tok-2' } },
	suppress: { call: 'POST /api/v1/customers/{identifier}/suppress', params: { identifier: 'c-sup1' } },
	unsuppress: { call: 'POST /api/v1/customers/{identifier}/unsuppress', params: { identifier: 'c-sup1' } },
	merge: { call: 'POST /api/v1/merge_customers', params: {}, body: { primary: { id: 'c-keep' }, secondary: { email: 'dup@example.com' } } },
	add_customers: { call: 'POST /api/v1/segments/{segment_id}/add_customers', params: { segment_id: '7' }, query: { id_type: 'email' }, body: { ids: ['vip@example.com'] } },
	remove_customers: { call: 'POST /api/v1/segments/{segment_id}/remove_customers', params: { segment_id: '7' }, query: { id_type: 'id' }, body: { ids: ['c-vip'] } },
};

function v1Request(example: V1Example) {
	const [method, template] = example.call.split(' ');
	const path = template.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(example.params[name]));
	const query = new URLSearchParams(example.query ?? {}).toString();
	return { method, path: query ? `${path}?${query}` : path };
}

/**
 * Where the simulator refuses what the official schema lets through, and why. Each rule is
 * one of Customer.io's documented rules that the schema does not express.
 */
function stricterRule({ path, replacement }: Mutant): string | undefined {
	if (/(^|\.)object_type_id$/.test(path)) return 'object type ids are "string-formatted integers that begin at 1" (the spec says so in prose; its schema says only string)';
	if (path === 'identifiers') return 'an object operation names its object (the spec\'s object_common requires no identifiers)';
	// The spec's alternatives for these identifiers require no key: any object would do.
	const named = typeof replacement === 'string';
	if (/^cio_relationships\.0\.identifiers/.test(path) && !named) return 'a relationship names its person or object by one identifier';
	if (/^(primary|secondary)\.(id|email|cio_id)$/.test(path) && !named) return 'a merge names each person by exactly one identifier, a string';
	return undefined;
}

const accepted = (status: number) => status === 200;

describe('official Track schema: valid examples', () => {
	it.each(Object.entries(V2_EXAMPLES))('v2 %s: the official schema and the simulator accept it', async (_name, op) => {
		expect(v2Problems(op)).toEqual([]);
		expect(await track('POST', '/api/v2/batch', { batch: [op] })).toEqual({ status: 200, body: {} });
		expect((await track('POST', '/api/v2/entity', op)).status).toBe(200);
	});

	it.each(Object.entries(V1_EXAMPLES))('v1 %s: the official schema and the simulator accept it', async (_name, example) => {
		expect(v1Problems(example.call, example)).toEqual([]);
		const { method, path } = v1Request(example);
		expect(await track(method, path, example.body)).toMatchObject({ status: 200 });
	});
});

describe('official Track schema: every single-field change', () => {
	it.each(Object.entries(V2_EXAMPLES))('v2 %s: the simulator refuses exactly what the official schema refuses (207, batch_index 0)', async (_name, op) => {
		const disagreements: string[] = [];
		for (const mutant of mutants(op)) {
			const officialValid = v2Problems(mutant.value).length === 0;
			const answer = await track('POST', '/api/v2/batch', { batch: [mutant.value] });
			const simValid = accepted(answer.status);
			const expected = officialValid && !stricterRule(mutant);
			if (simValid !== expected) disagreements.push(`${mutant.label}: official ${officialValid ? 'accepts' : 'refuses'}, simulator answered ${answer.status}`);
			if (!simValid) {
				expect(answer).toMatchObject({ status: 207, body: { errors: [{ batch_index: 0, reason: expect.any(String), message: expect.any(String) }] } });
			}
		}
		expect(disagreements).toEqual([]);
	});

	it.each(Object.entries(V1_EXAMPLES).filter(([, e]) => e.body !== undefined))(
		'v1 %s: the simulator refuses exactly what the official schema refuses (400 with meta)',
		async (_name, example) => {
			const disagreements: string[] = [];
			for (const mutant of mutants(example.body)) {
				const officialValid = v1Problems(example.call, { ...example, body: mutant.value }).length === 0;
				const { method, path } = v1Request(example);
				const answer = await track(method, path, mutant.value);
				const simValid = accepted(answer.status);
				const expected = officialValid && !stricterRule(mutant);
				if (simValid !== expected) disagreements.push(`${mutant.label}: official ${officialValid ? 'accepts' : 'refuses'}, simulator answered ${answer.status}`);
				if (!simValid) expect(answer).toMatchObject({ status: 400, body: { meta: expect.anything() } });
			}
			expect(disagreements).toEqual([]);
		},
	);

	it.each([
		['segment_id that is not an integer', { params: { segment_id: 'vip' } }],
		['segment_id beyond int32', { params: { segment_id: String(2 ** 31) } }],
		['id_type outside the enum', { query: { id_type: 'phone' } }],
		['1001 ids (maxItems 1000)', { body: { ids: Array.from({ length: 1001 }, (_, i) => `p${i}`) } }],
		['an empty ids list (minItems 1)', { body: { ids: [] } }],
	])('segments: refuses %s, as the official schema does', async (_label, change) => {
		const example = { ...V1_EXAMPLES.add_customers, ...change } as V1Example;
		expect(v1Problems(example.call, example)).not.toEqual([]);
		const { method, path } = v1Request(example);
		expect(await track(method, path, example.body)).toMatchObject({ status: 400, body: { meta: { errors: [expect.any(String)] } } });
	});

	it('segments: id_type may be left out (the spec\'s default is id)', async () => {
		const example = { ...V1_EXAMPLES.add_customers, query: undefined, body: { ids: ['c-vip'] } };
		expect(v1Problems(example.call, example)).toEqual([]);
		const { method, path } = v1Request(example);
		expect((await track(method, path, example.body)).status).toBe(200);
	});

	it('devices: the platforms are exactly the spec\'s enum', async () => {
		expect(enumOf('device_object_common', 'platform')).toEqual(['ios', 'android']);
		for (const platform of ['ios', 'android', 'web', 'IOS']) {
			const answer = await track('PUT', '/api/v1/customers/c-plat/devices', { device: { id: `t-${platform}`, platform } });
			expect(answer.status).toBe(enumOf('device_object_common', 'platform').includes(platform) ? 200 : 400);
		}
	});
});

describe('what the calls do', () => {
	const person = (by: { id?: string; email?: string }) => sim.person('contract', by);

	it('adds a device (v1 and v2), updates it by token, deletes it', async () => {
		await track('PUT', '/api/v1/customers/d-1/devices', { device: { id: 'tok-a', platform: 'ios', attributes: { app_version: '1.0' } } });
		await track('POST', '/api/v2/batch', { batch: [{ type: 'person', identifiers: { id: 'd-1' }, action: 'add_device', device: { token: 'tok-b', platform: 'android', last_used: T } }] });
		await track('PUT', '/api/v1/customers/d-1/devices', { device: { id: 'tok-a', platform: 'ios', attributes: { push_enabled: 'true' } } });
		expect(person({ id: 'd-1' })?.devices).toEqual([
			{ id: 'tok-a', platform: 'ios', last_used: expect.any(Number), attributes: { app_version: '1.0', push_enabled: 'true' } },
			{ id: 'tok-b', platform: 'android', last_used: T, attributes: {} },
		]);
		await track('DELETE', '/api/v1/customers/d-1/devices/tok-a');
		await track('POST', '/api/v2/entity', { type: 'person', identifiers: { id: 'd-1' }, action: 'delete_device', device: { token: 'tok-b' } });
		expect(person({ id: 'd-1' })?.devices).toEqual([]);
	});

	it('suppress deletes the person and ignores later calls naming them, until unsuppressed', async () => {
		await track('PUT', '/api/v1/customers/s-1', { email: 's1@example.com', plan: 'pro' });
		await track('POST', '/api/v1/customers/s-1/suppress');
		expect(person({ id: 's-1' })).toBeUndefined();
		expect(sim.isSuppressed('contract', { email: 's1@example.com' })).toBe(true);
		await track('PUT', '/api/v1/customers/s-1', { plan: 'back' });
		await track('POST', '/api/v2/batch', { batch: [{ type: 'person', identifiers: { id: 's-1' }, action: 'event', name: 'x' }] });
		expect(person({ id: 's-1' })).toBeUndefined();
		await track('POST', '/api/v2/batch', { batch: [{ type: 'person', identifiers: { id: 's-1' }, action: 'unsuppress' }] });
		await track('PUT', '/api/v1/customers/s-1', { plan: 'new' });
		// A new profile, with none of the suppressed one's data.
		expect(person({ id: 's-1' })?.attributes).toEqual({ plan: 'new' });
	});

	it('merge moves what the primary lacks and deletes the secondary; without a primary it does nothing', async () => {
		sim.seedPerson('contract', { id: 'm-keep', attributes: { plan: 'pro', city: '' } });
		sim.seedPerson('contract', { email: 'm-dup@example.com', attributes: { plan: 'free', city: 'Oslo', seats: 3 } });
		await track('POST', '/api/v1/segments/7/add_customers?id_type=email', { ids: ['m-dup@example.com'] });
		await track('POST', '/api/v1/merge_customers', { primary: { id: 'nobody' }, secondary: { email: 'm-dup@example.com' } });
		expect(person({ email: 'm-dup@example.com' })).toBeDefined();
		await track('POST', '/api/v2/batch', { batch: [{ type: 'person', action: 'merge', primary: { id: 'm-keep' }, secondary: { email: 'm-dup@example.com' } }] });
		expect(person({ email: 'm-dup@example.com' })).toBeUndefined();
		expect(person({ id: 'm-keep' })?.attributes).toEqual({ plan: 'pro', city: 'Oslo', seats: 3 });
		expect(sim.segmentMembers('contract', 7).map((p) => p.id)).toContain('m-keep');
	});

	it('v1 merge refuses two identifiers for one person with meta.error', async () => {
		expect(await track('POST', '/api/v1/merge_customers', { primary: { id: 'a', email: 'a@example.com' }, secondary: { id: 'b' } })).toEqual({
			status: 400,
			body: { meta: { error: 'primary must hold exactly one of id, email, cio_id' } },
		});
	});

	it('segments: adds and removes members by the id_type given, ignores unknown people, refuses data-driven and unknown segments', async () => {
		sim.seedPerson('contract', { id: 'seg-1', email: 'seg1@example.com' });
		sim.seedPerson('contract', { id: 'seg-2' });
		expect((await track('POST', '/api/v1/segments/7/add_customers', { ids: ['seg-1', 'seg-2', 'nobody'] })).status).toBe(200);
		expect(sim.segmentMembers('contract', 7).map((p) => p.id)).toEqual(expect.arrayContaining(['seg-1', 'seg-2']));
		await track('POST', '/api/v1/segments/7/remove_customers?id_type=email', { ids: ['seg1@example.com'] });
		expect(sim.segmentMembers('contract', 7).map((p) => p.id)).not.toContain('seg-1');
		expect(await track('POST', '/api/v1/segments/8/add_customers', { ids: ['seg-1'] })).toMatchObject({ status: 400, body: { meta: { errors: [expect.stringContaining('manual')] } } });
		expect((await track('POST', '/api/v1/segments/999/add_customers', { ids: ['seg-1'] })).status).toBe(404);
	});

	it('objects: identify creates and updates (null removes an attribute), relationships join people with attributes, delete removes both', async () => {
		const object = { type: 'object', identifiers: { object_type_id: '2', object_id: 'globex' } };
		await track('POST', '/api/v2/batch', {
			batch: [
				{ ...object, action: 'identify', attributes: { name: 'Globex', plan: 'basic' } },
				{ ...object, action: 'identify', attributes: { plan: null, seats: 9 } },
				{ ...object, action: 'add_relationships', cio_relationships: [{ identifiers: { id: 'o-1' }, relationship_attributes: { role: 'admin' } }, { identifiers: { email: 'o2@example.com' } }] },
				{ type: 'person', identifiers: { id: 'o-3' }, action: 'add_relationships', cio_relationships: [{ identifiers: { object_type_id: '2', object_id: 'globex' } }] },
			],
		});
		expect(sim.object('contract', '2', 'globex')?.attributes).toEqual({ name: 'Globex', seats: 9 });
		const related = () => sim.relationships('contract', '2', 'globex').map((r) => [r.person.id ?? r.person.email, r.attributes]);
		expect(related()).toEqual([['o-1', { role: 'admin' }], ['o2@example.com', {}], ['o-3', {}]]);
		await track('POST', '/api/v2/entity', { ...object, action: 'delete_relationships', cio_relationships: [{ identifiers: { id: 'o-1' } }] });
		expect(related().map(([who]) => who)).toEqual(['o2@example.com', 'o-3']);
		await track('POST', '/api/v2/entity', { ...object, action: 'delete' });
		expect(sim.object('contract', '2', 'globex')).toBeUndefined();
	});

	it('page and screen views are stored as events of their type', async () => {
		await track('POST', '/api/v1/customers/pv-1/events', { name: '/pricing', type: 'page', data: { title: 'Pricing' } });
		await track('POST', '/api/v2/entity', { type: 'person', identifiers: { id: 'pv-1' }, action: 'screen', name: 'Checkout' });
		expect(person({ id: 'pv-1' })?.events.map((e) => [e.type, e.name])).toEqual([['page', '/pricing'], ['screen', 'Checkout']]);
		// The official v1 schema's screen variant needs an anonymous_id, even on a person's path.
		expect((await track('POST', '/api/v1/customers/pv-1/events', { name: 'Checkout', type: 'screen' })).status).toBe(400);
	});

	it('App API attributes list the person\'s devices', async () => {
		await track('PUT', '/api/v1/customers/dev-app/devices', { device: { id: 'tok-z', platform: 'ios', last_used: T } });
		const response = await fetch(`${sim.appBaseUrl('us')}/v1/customers/dev-app/attributes`, { headers: { authorization: `Bearer ${ws.appApiKey}` } });
		expect(((await response.json()) as { customer: { devices: unknown[] } }).customer.devices).toEqual([{ id: 'tok-z', platform: 'ios', last_used: T, attributes: {} }]);
	});
});
