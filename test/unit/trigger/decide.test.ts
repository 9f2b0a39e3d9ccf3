import { createHmac, randomBytes } from 'crypto';
import { decide } from '../../../nodes/CustomerIoReportingTrigger/decide';
import { METRICS_BY_OBJECT_TYPE } from '../../../nodes/CustomerIoReportingTrigger/events';
import type { EventFilters } from '../../../nodes/CustomerIoReportingTrigger/filters';
import { makeReportingEvent } from '../../simulator';
import { KEY, NOW, run, settings, signed, type Request } from './requests';

/**
 * What the Reporting Trigger does with a request, from the exact bytes received: verify the
 * v0 signature and timestamp, check the envelope, apply filters. Nothing forged gets through.
 */
// A seeded generator keeps the fuzz reproducible.
function generator(seed: number) {
	let state = seed;
	const next = () => {
		state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
		return state / 2 ** 31;
	};
	return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] };
}

const PAIRS = Object.entries(METRICS_BY_OBJECT_TYPE).flatMap(([type, metrics]) => metrics.map((m) => [type, m] as const));

/** A genuine request: any event type, bodies with unicode, escapes and odd spacing, a fresh timestamp. */
function genuine(rand: ReturnType<typeof generator>): Request & { raw: string; timestamp: number } {
	const [type, metric] = rand.pick(PAIRS);
	const event = makeReportingEvent(type, metric, { note: rand.pick(['plain', 'Grüße – 👋', 'quote " and \\ backslash', '\u2028']) });
	const style = rand.int(3);
	let raw = style === 0 ? JSON.stringify(event) : style === 1 ? JSON.stringify(event, null, 2) : JSON.stringify(event).replace(/ü/g, '\\u00fc');
	if (rand.int(4) === 0) raw = `  ${raw}\n`;
	const timestamp = NOW - 299 + rand.int(599);
	return { ...signed(raw, timestamp), raw, timestamp };
}

type Forgery = (req: ReturnType<typeof genuine>, rand: ReturnType<typeof generator>) => Request;

const FORGERIES: Record<string, Forgery> = {
	'a flipped byte in the body': ({ rawBody, headers }, rand) => {
		const body = Buffer.from(rawBody);
		const at = rand.int(body.length);
		body[at] ^= 1 << rand.int(8);
		return { rawBody: body, headers };
	},
	'the wrong key': ({ raw, timestamp }) => signed(raw, timestamp, `${KEY}x`),
	'another client\'s key': ({ raw, timestamp }) => signed(raw, timestamp, randomBytes(16).toString('hex')),
	'a stale timestamp': ({ raw }, rand) => signed(raw, NOW - 301 - rand.int(86_400 * 7)),
	'a future timestamp': ({ raw }, rand) => signed(raw, NOW + 301 + rand.int(86_400)),
	'a timestamp swapped after signing': ({ rawBody, headers }, rand) => ({
		rawBody,
		headers: { ...headers, 'x-cio-timestamp': String(Number(headers['x-cio-timestamp']) + 1 + rand.int(200)) },
	}),
	'no signature header': ({ rawBody, headers }) => ({ rawBody, headers: { 'x-cio-timestamp': headers['x-cio-timestamp'] } }),
	'no timestamp header': ({ rawBody, headers }) => ({ rawBody, headers: { 'x-cio-signature': headers['x-cio-signature'] } }),
	'no headers at all': ({ rawBody }) => ({ rawBody, headers: {} }),
	'an upper-case signature': ({ rawBody, headers }) => ({
		rawBody,
		headers: { ...headers, 'x-cio-signature': String(headers['x-cio-signature']).toUpperCase() },
	}),
	'a truncated signature': ({ rawBody, headers }, rand) => ({
		rawBody,
		headers: { ...headers, 'x-cio-signature': String(headers['x-cio-signature']).slice(0, 63 - rand.int(40)) },
	}),
	// What a verifier that re-serializes the parsed body would compute: other bytes, other HMAC.
	'a signature over re-serialized JSON': ({ raw, timestamp }) => {
		const compact = JSON.stringify(JSON.parse(raw));
		const sent = raw === compact ? JSON.stringify(JSON.parse(raw), null, 1) : raw;
		return { rawBody: Buffer.from(sent), headers: signed(compact, timestamp).headers };
	},
	'an empty body': ({ headers }) => ({ rawBody: Buffer.alloc(0), headers }),
	'a huge padded body': ({ rawBody, headers }) => ({ rawBody: Buffer.concat([rawBody, Buffer.alloc(1_000_000, 0x20)]), headers }),
	'a signature without the v0 prefix': ({ rawBody, headers }) => {
		const bare = createHmac('sha256', KEY).update(`${String(headers['x-cio-timestamp'])}:`).update(rawBody).digest('hex');
		return { rawBody, headers: { ...headers, 'x-cio-signature': bare } };
	},
};

describe('signature verification (fuzz)', () => {
	const rand = generator(20261124);
	const requests = Array.from({ length: 1200 }, () => genuine(rand));

	it('accepts 1,200 genuine requests of every event type, byte-exact', () => {
		const decisions = requests.map((request) => run(request));
		expect(decisions.filter((d) => d.kind !== 'emit')).toEqual([]);
		const types = new Set(decisions.map((d) => (d.kind === 'emit' ? d.item.event : '')));
		expect(types.size).toBeGreaterThan(60);
	});

	it('rejects 100% of 1,200 forged or altered requests with 401, emitting nothing', () => {
		const names = Object.keys(FORGERIES);
		const outcomes = requests.map((request, i) => {
			const name = names[i % names.length];
			return { name, decision: run(FORGERIES[name](request, rand)) };
		});
		const leaked = outcomes.filter((o) => o.decision.kind !== 'reject' || o.decision.status !== 401);
		expect(leaked.map((o) => o.name)).toEqual([]);
		expect(new Set(outcomes.map((o) => o.name)).size).toBe(names.length);
	});

	it('says why a request was rejected, without revealing the key', () => {
		const [request] = requests;
		const reasons = [
			run({ rawBody: request.rawBody, headers: {} }),
			run(signed(request.raw, NOW - 1000)),
			run(signed(request.raw, NOW, 'nope')),
		].map((d) => (d.kind === 'reject' ? d.error : d.kind));
		expect(reasons).toEqual([
			'Rejected: missing x-cio-timestamp or x-cio-signature header',
			'Rejected: x-cio-timestamp is outside the accepted window (replayed or clock skew)',
			'Rejected: signature does not match the signing key',
		]);
		expect(reasons.join()).not.toContain(KEY);
	});

	it('accepts the documented test vector', () => {
		const body =
			'{"data":{"customer_id":"42","email_address":"test@example.com","identifiers":{"id":"42","email":"test@example.com","cio_id":"d9c106000001"}},"event_id":"01E4C4CT6YDC7Y5M7FE1GWWPQJ","object_type":"customer","metric":"subscribed","timestamp":1613063089}';
		const decision = decide({
			rawBody: Buffer.from(body),
			headers: { 'x-cio-timestamp': '1613063089', 'x-cio-signature': '19d034bc32f3e1d68c46ff94af33b27ac056d5c3c2543338624381cf194909ae' },
			settings: settings({ signingKey: 'test_signing_key' }),
			nowSeconds: 1613063089 + 5,
		});
		expect(decision).toMatchObject({ kind: 'emit', item: { event_id: '01E4C4CT6YDC7Y5M7FE1GWWPQJ', customer_id: '42', recipient: 'test@example.com' } });
	});

	it('with verification turned off, accepts unsigned events', () => {
		const raw = JSON.stringify(makeReportingEvent('email', 'sent'));
		expect(run({ rawBody: Buffer.from(raw), headers: {} }, settings({ signingKey: undefined })).kind).toBe('emit');
	});
});

describe('envelope', () => {
	it.each([
		['not JSON', '{"event_id":', 'Body is not JSON: expected a Customer.io reporting event'],
		['an array', '[]', 'Not a Customer.io reporting event: body: Expected object, received array'],
		['no event_id', JSON.stringify({ object_type: 'email', metric: 'sent', timestamp: 1, data: {} }), 'Not a Customer.io reporting event: event_id: Required'],
		['a timestamp in ms as a string', JSON.stringify({ event_id: 'e', object_type: 'email', metric: 'sent', timestamp: '1700000000000', data: {} }), 'Not a Customer.io reporting event: timestamp: Expected number, received string'],
	])('answers 400 to a signed body that is %s', (_label, raw, error) => {
		expect(run(signed(raw))).toEqual({ kind: 'reject', status: 400, error });
	});

	it('flattens the fields flows use and keeps data untouched', () => {
		const event = makeReportingEvent('email', 'clicked', { campaign_id: 12, extra: { nested: true } });
		const decision = run(signed(JSON.stringify(event)));
		expect(decision).toEqual({
			kind: 'emit',
			item: expect.objectContaining({
				event_id: event.event_id,
				event: 'email_clicked',
				timestamp: event.timestamp,
				timestamp_iso: new Date(event.timestamp * 1000).toISOString(),
				customer_id: '42',
				delivery_id: event.data.delivery_id,
				campaign_id: 12,
				href: 'https://example.com/pricing',
				recipient: 'ada@example.com',
				subject: 'Welcome aboard',
				failure_message: null,
				data: event.data,
			}),
		});
	});

	it('accepts metrics it has never heard of (Customer.io adds them)', () => {
		const decision = run(signed(JSON.stringify(makeReportingEvent('email', 'machine_opened'))));
		expect(decision).toMatchObject({ kind: 'emit', item: { event: 'email_machine_opened' } });
	});
});

describe('filters', () => {
	const emailOpened = makeReportingEvent('email', 'opened', { campaign_id: 12, recipient: 'ada@mail.acme.com' });
	const smsClicked = makeReportingEvent('sms', 'clicked', { broadcast_id: 3, campaign_id: undefined });
	const newsletterSent = makeReportingEvent('email', 'sent', { newsletter_id: 7, campaign_id: undefined });
	const transactional = makeReportingEvent('push', 'delivered', { transactional_message_id: 9, campaign_id: undefined });
	const all = [emailOpened, smsClicked, newsletterSent, transactional];
	const passing = (filters: Partial<EventFilters>) =>
		all.filter((event) => run(signed(JSON.stringify(event)), settings({}, filters)).kind === 'emit');

	it.each([
		['events', { events: ['email_opened', 'sms_clicked'] }, [emailOpened, smsClicked]],
		['object types', { objectTypes: ['sms', 'push'] }, [smsClicked, transactional]],
		['metrics', { metrics: ['clicked'] }, [smsClicked]],
		['campaign IDs', { campaignIds: ['12'] }, [emailOpened]],
		['broadcast IDs', { broadcastIds: ['3'] }, [smsClicked]],
		['newsletter IDs', { newsletterIds: ['7'] }, [newsletterSent]],
		['transactional message IDs', { transactionalMessageIds: ['9'] }, [transactional]],
		['recipient domains (subdomains included)', { recipientDomains: ['acme.com'] }, [emailOpened]],
		['events and object types together', { events: ['email_opened', 'sms_clicked'], objectTypes: ['sms'] }, [smsClicked]],
	])('by %s', (_label, filters, expected) => {
		expect(passing(filters).map((e) => e.event_id)).toEqual(expected.map((e) => e.event_id));
	});

	it('answers filtered-out events as ignored (200), so Customer.io does not retry them', () => {
		expect(run(signed(JSON.stringify(smsClicked)), settings({}, { objectTypes: ['email'] }))).toEqual({
			kind: 'ignore',
			reason: 'filtered out by object types',
		});
	});
});
