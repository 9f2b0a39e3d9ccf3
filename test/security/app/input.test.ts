import { measureBlock, MAX_BLOCK_MS } from '../../helpers/eventLoopProbe';
import { simulatorPerFile } from '../../helpers/simulatorPerFile';
import { runInN8n } from '../transport/n8n';

/**
 * Attack: Broadcast → Trigger fed what an expression gone wrong (or a hostile upstream) hands
 * it — 100,000 people, megabytes of data, JSON nested 100,000 deep, objects where IDs belong,
 * `__proto__` keys. Each is refused before anything is sent, with a short message naming the
 * field, quickly and without holding up n8n; or, where it is harmless, sent as it is without
 * touching the node's own objects.
 */
const { sim, ws } = simulatorPerFile({ appRateLimitPerSecond: false });

let workspaces = 0;
/** Triggers are spaced 11 s apart per credential: a test that sends gets an App key of its own. */
function freshWorkspace() {
	const fresh = sim.addWorkspace({ name: `hostile-input-${++workspaces}`, region: 'us' });
	sim.seedBroadcast(fresh.name, { id: 9, name: 'News' });
	sim.seedPerson(fresh.name, { id: 'ada', email: 'ada@example.com' });
	return fresh;
}

const trigger = (parameters: Record<string, unknown>, credentials = sim.credentialFor(ws)) =>
	runInN8n({
		credentials,
		continueOnFail: true,
		parameters: { resource: 'broadcast', operation: 'trigger', includeInputFields: false, broadcastId: { __rl: true, mode: 'id', value: '9' }, ...parameters },
	});

/** `{"a":{"a":…1…}}`, `depth` objects deep. */
const deepText = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
function deepObject(depth: number): Record<string, unknown> {
	const root: Record<string, unknown> = {};
	let node = root;
	for (let i = 1; i < depth; i++) node = (node.a = {}) as Record<string, unknown>;
	return root;
}
const cyclic = () => {
	const node: Record<string, unknown> = { name: 'loop' };
	node.self = node;
	return node;
};

describe('huge lists fail fast, with a message that stays short', () => {
	const hundredThousand = Array.from({ length: 100_000 }, (_, i) => `person-${i}`);
	const people = hundredThousand.map((id) => ({ id }));

	it.each([
		['100,000 IDs from an expression', { audience: 'ids', ids: hundredThousand }, 'Item 0: IDs: at most 10000 per trigger'],
		['100,000 IDs as text', { audience: 'ids', ids: hundredThousand.join('\n') }, 'Item 0: IDs: at most 10000 per trigger'],
		['100,000 things that are not emails', { audience: 'emails', emails: hundredThousand }, 'Item 0: Emails: at most 10000 per trigger'],
		['100,000 people with their own data', { audience: 'perUserData', perUserData: () => people }, 'Item 0: People (JSON): at most 10000 per trigger'],
	])('%s', async (_what, parameters, message) => {
		const { result, blockedMs } = await measureBlock(() => trigger(parameters));
		expect(result.output![0].json.error).toBe(message);
		expect(blockedMs).toBeLessThan(MAX_BLOCK_MS);
		expect(sim.requests).toEqual([]);
	});

	it('10,000 addresses that are all wrong: the message names a few and counts the rest', async () => {
		const { output } = await trigger({ audience: 'emails', emails: Array.from({ length: 10_000 }, (_, i) => `nobody-${i}`) });
		const error = String(output![0].json.error);
		expect(error).toMatch(/^Item 0: Emails\.0: holds something that is not an email address; .*; and 9995 more$/);
		expect(error.length).toBeLessThan(1000);
	});

	it('an issue quoting megabytes is cut', async () => {
		const { output } = await trigger({ audience: 'perUserData', perUserData: [{ id: 'ada', ['k'.repeat(1_000_000)]: 1 }] });
		expect(String(output![0].json.error).length).toBeLessThan(600);
		expect(sim.requests).toEqual([]);
	});

	it('10 MB of data is refused with its size, before anything is sent', async () => {
		const data = JSON.stringify({ blob: 'x'.repeat(10_000_000) });
		const started = performance.now();
		const { output } = await trigger({ data });
		expect(output![0].json.error).toBe('Item 0: Data (JSON) is 10000011 bytes of JSON; Customer.io takes at most 50000');
		expect(performance.now() - started).toBeLessThan(2000);
		expect(sim.requests).toEqual([]);
	});
});

describe('JSON nested deeper than 64 levels is refused before it is parsed or measured', () => {
	it.each([
		['Data (JSON), 100,000 levels of text', { data: deepText(100_000) }, 'Data (JSON)'],
		['Data (JSON), 65 levels of text', { data: deepText(65) }, 'Data (JSON)'],
		['Data (JSON), 10,000 levels from an expression', { data: () => deepObject(10_000) }, 'Data (JSON)'],
		['Data (JSON), an object that contains itself', { data: () => cyclic() }, 'Data (JSON)'],
		['Filter (JSON), 100,000 levels of text', { audience: 'recipients', recipients: deepText(100_000) }, 'Filter (JSON)'],
		['People (JSON), 100,000 levels of text', { audience: 'perUserData', perUserData: `[{"id":"ada","data":${deepText(100_000)}}]` }, 'People (JSON)'],
		['People (JSON), 10,000 levels from an expression', { audience: 'perUserData', perUserData: () => [{ id: 'ada', data: deepObject(10_000) }] }, 'People (JSON)'],
	])('%s', async (_what, parameters, label) => {
		const { result, blockedMs } = await measureBlock(() => trigger(parameters));
		expect(result.output![0].json.error).toBe(`Item 0: ${label} is nested deeper than 64 levels`);
		expect(result.output![0].json.description).toMatch(/^Flatten .*Nothing was sent for this item\.$/);
		expect(blockedMs).toBeLessThan(MAX_BLOCK_MS);
		expect(sim.requests).toEqual([]);
	});

	it('64 levels are sent', async () => {
		const fresh = freshWorkspace();
		const { output } = await trigger({ data: deepText(64) }, sim.credentialFor(fresh));
		expect(output![0].json).toEqual({ broadcast_id: 9, trigger_id: expect.any(Number) });
	});
});

describe('entries that are not IDs or emails are refused, not sent as "[object Object]" or "null"', () => {
	it.each([
		['an object', { audience: 'ids', ids: ['ada', { id: 'alan' }] }, 'Item 0: IDs.1: holds something that is not an ID (text or a number)'],
		['null', { audience: 'ids', ids: [null] }, 'Item 0: IDs.0: holds something that is not an ID (text or a number)'],
		['a nested list', { audience: 'ids', ids: [['ada', 'alan']] }, 'Item 0: IDs.0: holds something that is not an ID (text or a number)'],
		['true', { audience: 'ids', ids: [true] }, 'Item 0: IDs.0: holds something that is not an ID (text or a number)'],
		['an ID over 150 bytes', { audience: 'ids', ids: ['é'.repeat(76)] }, 'Item 0: IDs.0: holds an ID over 150 bytes'],
		['an object among emails', { audience: 'emails', emails: [{ email: 'ada@example.com' }] }, 'Item 0: Emails.0: holds something that is not an email address'],
		['a person whose id is an object', { audience: 'perUserData', perUserData: [{ id: { id: 'ada' } }] }, 'Item 0: People (JSON).0.id:'],
		['a person whose id is Infinity', { audience: 'perUserData', perUserData: [{ id: Infinity }] }, 'Item 0: People (JSON).0.id:'],
	])('%s', async (_what, parameters, message) => {
		const { output } = await trigger(parameters);
		expect(String(output![0].json.error).startsWith(message)).toBe(true);
		expect(sim.requests).toEqual([]);
	});

	it('numbers are IDs: sent as text', async () => {
		const fresh = freshWorkspace();
		sim.seedPerson(fresh.name, { id: '42', email: 'p42@example.com' });
		await trigger({ audience: 'ids', ids: [42, 'ada'] }, sim.credentialFor(fresh));
		expect(sim.requests.map((r) => r.body)).toEqual([{ ids: ['42', 'ada'] }]);
	});
});

describe('prototype keys in data, filter and people touch nothing of the node', () => {
	afterEach(() => {
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect(Object.prototype).not.toHaveProperty('polluted');
	});

	it('Data (JSON) with __proto__, constructor and prototype keys goes out as plain keys, once', async () => {
		const fresh = freshWorkspace();
		const data = '{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 1}}, "prototype": {"polluted": 1}}';
		const { output } = await trigger({ data }, sim.credentialFor(fresh));
		expect(output![0].json).toEqual({ broadcast_id: 9, trigger_id: expect.any(Number) });
		expect(sim.requests).toHaveLength(1);
		const sent = JSON.parse(sim.requests[0].rawBody) as { data: object };
		expect(Object.keys(sent.data).sort()).toEqual(['__proto__', 'constructor', 'prototype']);
	});

	it.each([
		['a person with a __proto__ key', { audience: 'perUserData', perUserData: '[{"id": "ada", "__proto__": {"polluted": 1}}]' }],
		['a person whose data has a __proto__ key', { audience: 'perUserData', perUserData: '[{"id": "ada", "data": {"__proto__": {"polluted": 1}}}]' }],
		['a filter with __proto__ and constructor keys', { audience: 'recipients', recipients: '{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 1}}, "segment": {"id": 1}}' }],
	])('%s', async (_what, parameters) => {
		const fresh = freshWorkspace();
		const { output } = await trigger(parameters, sim.credentialFor(fresh));
		expect(output).toHaveLength(1);
		expect(sim.requests.length).toBeLessThanOrEqual(1);
	});
});
