import { nowSeconds, send, signedHeaders, type Outcome } from './harness';

/**
 * No input makes the trigger fail (n8n would answer 500 and Customer.io retry for a week):
 * every request gets 400, 401, 200 "ignored" or starts the workflow. Bodies are validly signed
 * so they reach parsing; headers are fuzzed around a genuine body. A timestamp such as 1e21
 * used to throw ("Invalid time value") while building the item. Lookups by a name from the
 * request never reach Object.prototype.
 */
const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype', 'valueOf'];

/** Raw JSON values of every type, as text: `__proto__` keys only survive that way. */
const VALUES = [
	'null', 'true', 'false', '0', '-1', '1.5', '-0', '1e21', '-1e21', '9007199254740993', '1.7976931348623157e308', '1795000000.0',
	'""', '"x"', '"é😀\\u2028\\ud800"', `"${'z'.repeat(5000)}"`, '"1795000000"',
	...PROTOTYPE_NAMES.map((name) => JSON.stringify(name)),
	'[]', '[1,"a",null]', `[${'0,'.repeat(5000)}0]`, '{}', '{"a":{"b":[1]}}', '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}',
];
const FIELDS = ['event_id', 'object_type', 'metric', 'timestamp', 'data'];
const DATA_FIELDS = ['identifiers', 'customer_id', 'delivery_id', 'recipient', 'email_address', 'campaign_id', 'broadcast_id', '__proto__', 'constructor'];

const base = (): Record<string, string> => ({
	event_id: '"01JE5Z3Q3J8H2W4X6Y7Z8A9B0C"',
	object_type: '"email"',
	metric: '"opened"',
	timestamp: String(nowSeconds()),
	data: '{"identifiers":{"id":"42","email":"ada@acme.com"},"campaign_id":12}',
});
const object = (fields: Record<string, string>) => `{${Object.entries(fields).map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;

const bodies: Array<string | Buffer> = [
	...FIELDS.flatMap((field) => VALUES.map((value) => object({ ...base(), [field]: value }))),
	...FIELDS.map((field) => object(Object.fromEntries(Object.entries(base()).filter(([k]) => k !== field)))),
	...DATA_FIELDS.flatMap((field) => VALUES.map((value) => object({ ...base(), data: object({ identifiers: '{"id":"42"}', [field]: value }) }))),
	...VALUES,
	object(base()).replace(/}$/, ',"__proto__":{"metric":"opened"},"constructor":"x"}'),
	'', ' ', '{', '{"event_id":', 'nul', '\uFEFF{}', `${object(base())}${object(base())}`, `${object(base())}\u0000`,
	Buffer.from([0xff, 0xfe, 0x7b, 0x7d]),
	Buffer.concat([Buffer.from('{"event_id":"'), Buffer.from([0xc3, 0x28, 0xa0, 0xa1]), Buffer.from('"}')]),
	// Arbitrary bytes, fixed so a failure can be replayed.
	...Array.from({ length: 20 }, (_, i) => Buffer.from(Array.from({ length: 64 }, (__, j) => (i * 131 + j * 197 + 7) % 256))),
];

const FILTER_SETS: Array<Record<string, unknown>> = [
	{},
	{ events: PROTOTYPE_NAMES, filters: { objectTypes: PROTOTYPE_NAMES, metrics: PROTOTYPE_NAMES } },
	{ filters: { campaignIds: PROTOTYPE_NAMES.join(', '), broadcastIds: '__proto__', recipientDomains: 'constructor, acme.com' } },
];

/** Header sets around a genuine pair; each must be refused with 401. */
const HEADER_VARIANTS: Record<string, (h: Record<string, string>) => Record<string, unknown>> = {
	'none': () => ({}),
	'no signature': (h) => ({ 'x-cio-timestamp': h['x-cio-timestamp'] }),
	'no timestamp': (h) => ({ 'x-cio-signature': h['x-cio-signature'] }),
	'duplicates, a wrong one first (array)': (h) => ({ 'x-cio-timestamp': ['1', h['x-cio-timestamp']], 'x-cio-signature': ['0'.repeat(64), h['x-cio-signature']] }),
	'duplicates joined by Node': (h) => ({ ...h, 'x-cio-signature': `${h['x-cio-signature']}, ${h['x-cio-signature']}` }),
	'empty arrays': () => ({ 'x-cio-timestamp': [], 'x-cio-signature': [] }),
	'numbers': (h) => ({ 'x-cio-timestamp': Number(h['x-cio-timestamp']), 'x-cio-signature': 7 }),
	'a float timestamp': (h) => ({ ...h, 'x-cio-timestamp': `${h['x-cio-timestamp']}.5` }),
	'an exponent timestamp': (h) => ({ ...h, 'x-cio-timestamp': '1.795e9' }),
	'a negative timestamp': (h) => ({ ...h, 'x-cio-timestamp': '-1' }),
	'a 12-digit timestamp': (h) => ({ ...h, 'x-cio-timestamp': '999999999999' }),
	'a 40-digit timestamp': (h) => ({ ...h, 'x-cio-timestamp': '9'.repeat(40) }),
	'full-width digits': (h) => ({ ...h, 'x-cio-timestamp': h['x-cio-timestamp'].replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))) }),
	'a trailing newline': (h) => ({ ...h, 'x-cio-timestamp': `${h['x-cio-timestamp']}\n` }),
	'a unicode signature': (h) => ({ ...h, 'x-cio-signature': `${h['x-cio-signature'].slice(0, 63)}é` }),
	'a 1 MB signature': (h) => ({ ...h, 'x-cio-signature': 'a'.repeat(1_000_000) }),
	'prototype names as values': () => ({ 'x-cio-timestamp': '__proto__', 'x-cio-signature': 'constructor' }),
};

const answered = (outcome: Outcome) =>
	([400, 401].includes(outcome.status) && typeof outcome.error === 'string') ||
	(outcome.status === 200 && (typeof outcome.ignored === 'string' || outcome.items?.length === 1));

const sendOrFail = (body: string | Buffer, headers: Record<string, unknown>, parameters: Record<string, unknown> = {}): Promise<Outcome> =>
	send(body, headers, parameters).catch((error: Error) => ({ status: 500, error: error.message }));

it(`answers ${bodies.length * FILTER_SETS.length} signed bodies and ${Object.keys(HEADER_VARIANTS).length} header sets with 400, 401 or 200, never a failure; prototype names stay plain names`, async () => {
	const unanswered: unknown[] = [];
	for (const parameters of FILTER_SETS) {
		for (const body of bodies) {
			const outcome = await sendOrFail(body, signedHeaders(body), parameters);
			if (!answered(outcome)) unanswered.push({ body: String(body).slice(0, 120), outcome });
			// Data is copied as own keys only.
			for (const item of outcome.items ?? []) expect(Object.getPrototypeOf(item.data)).toBe(Object.prototype);
		}
	}
	const genuine = object(base());
	for (const [name, variant] of Object.entries(HEADER_VARIANTS)) {
		const outcome = await sendOrFail(genuine, variant(signedHeaders(genuine)));
		if (outcome.status !== 401) unanswered.push({ headers: name, outcome });
	}
	expect(unanswered).toEqual([]);
	expect(({} as Record<string, unknown>).polluted).toBeUndefined();

	// Filters compare names literally, and a field inherited through "__proto__" counts for nothing.
	const event = (objectType: string, metric: string, data = '{}') => object({ ...base(), object_type: JSON.stringify(objectType), metric: JSON.stringify(metric), data });
	const outcomeOf = (raw: string, parameters: Record<string, unknown>) => send(raw, signedHeaders(raw), parameters);
	const ctor = event('constructor', '__proto__');
	expect(await outcomeOf(ctor, { filters: { objectTypes: ['email'] } })).toEqual({ status: 200, ignored: 'filtered out by object types' });
	expect((await outcomeOf(ctor, { filters: { objectTypes: ['constructor'] } })).items?.[0]).toMatchObject({ event: 'constructor___proto__' });
	const inherited = event('email', 'opened', '{"__proto__":{"campaign_id":12,"recipient":"ada@acme.com"}}');
	expect(await outcomeOf(inherited, { filters: { campaignIds: '12' } })).toEqual({ status: 200, ignored: 'filtered out by campaign IDs' });
	expect(await outcomeOf(inherited, { filters: { recipientDomains: 'acme.com' } })).toEqual({ status: 200, ignored: 'filtered out by recipient domains' });
	expect((await outcomeOf(inherited, {})).items?.[0]).toMatchObject({ campaign_id: null, recipient: null, data: {} });
	expect((await sendOrFail(genuine, signedHeaders(genuine))).items).toHaveLength(1);
}, 60_000);
