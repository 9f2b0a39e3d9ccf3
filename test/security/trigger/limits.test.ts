import { EVENT_LIMITS } from '../../../nodes/CustomerIoReportingTrigger/limits';
import { NOW, run, signed } from '../../unit/trigger/requests';
import { envelope, send, signedHeaders } from './harness';

/**
 * An event deeper, larger or with more keys than Customer.io ever sends (its spec nests 4
 * levels) is answered 400 naming the limit, after the signature check and before any item
 * exists: a validly signed event nested 10,000 deep used to start a workflow and then break
 * n8n's executions list ("Maximum call stack size exceeded").
 */
const nested = (levels: number, open = '[', close = ']', inner = '') => open.repeat(levels) + inner + close.repeat(levels);
const DEPTH_ERROR = `Rejected: event is nested deeper than ${EVENT_LIMITS.depth} levels (the limit; Customer.io sends 4)`;
const MEMBERS_ERROR = `Rejected: event has more than ${EVENT_LIMITS.members} keys and array items (the limit)`;

describe('nesting depth', () => {
	it.each([
		['arrays nested 10,000 deep', nested(10_000)],
		['objects nested 10,000 deep', nested(10_000, '{"a":', '}', '1')],
		['arrays nested 500,000 deep (1 MB)', nested(500_000)],
	])('answers 400 naming the limit to a validly signed event with %s, starting nothing', async (_label, deep) => {
		const raw = envelope(deep);
		expect(await send(raw, signedHeaders(raw))).toEqual({ status: 400, error: DEPTH_ERROR });
	});

	it(`draws the line at ${EVENT_LIMITS.depth} levels, counting the envelope, never brackets inside strings`, () => {
		// envelope (1) → data (2) → x: each array one more level
		const atLimit = run(signed(envelope(nested(EVENT_LIMITS.depth - 2), NOW)));
		const overLimit = run(signed(envelope(nested(EVENT_LIMITS.depth - 1), NOW)));
		const bracketsInText = run(signed(envelope(JSON.stringify(`${'['.repeat(5000)} \\" {{ ${'{'.repeat(5000)}`), NOW)));
		expect([atLimit.kind, overLimit, bracketsInText.kind]).toEqual(['emit', { kind: 'reject', status: 400, error: DEPTH_ERROR }, 'emit']);
	});
});

describe('keys and array items', () => {
	// The envelope itself has 8: five top-level fields, data's identifiers and x, identifiers.id.
	const items = (count: number) => `[${Array.from({ length: count }, () => '0').join(',')}]`;

	it(`answers 400 naming the limit above ${EVENT_LIMITS.members}, and counts exactly`, () => {
		expect(run(signed(envelope(items(EVENT_LIMITS.members - 8), NOW))).kind).toBe('emit');
		expect(run(signed(envelope(items(EVENT_LIMITS.members - 7), NOW)))).toEqual({ kind: 'reject', status: 400, error: MEMBERS_ERROR });
	});

	it('answers 400 to a signed event with 80,000 keys in one object or 400,000 array items', async () => {
		const keys = `{${Array.from({ length: 80_000 }, (_, i) => `"k${i}":0`).join(',')}}`;
		for (const data of [keys, items(400_000)]) {
			const raw = envelope(data);
			expect(await send(raw, signedHeaders(raw))).toEqual({ status: 400, error: MEMBERS_ERROR });
		}
	});
});

describe('body size', () => {
	const padded = (bytes: number) => {
		const raw = envelope('"pad"', NOW);
		return raw.replace('"pad"', JSON.stringify('p'.repeat(bytes - raw.length + 3)));
	};

	it(`accepts a body of exactly ${EVENT_LIMITS.bodyBytes} bytes (message content) and answers 400 naming the limit to one byte more`, () => {
		expect(Buffer.byteLength(padded(EVENT_LIMITS.bodyBytes))).toBe(EVENT_LIMITS.bodyBytes);
		expect(run(signed(padded(EVENT_LIMITS.bodyBytes))).kind).toBe('emit');
		expect(run(signed(padded(EVENT_LIMITS.bodyBytes + 1)))).toEqual({
			kind: 'reject',
			status: 400,
			error: `Rejected: body has ${EVENT_LIMITS.bodyBytes + 1} bytes, more than the limit of ${EVENT_LIMITS.bodyBytes}`,
		});
	});

	it("answers 400 to a signed 16 MB event (n8n's own payload limit) before hashing or parsing it", async () => {
		const raw = Buffer.from(padded(16 * 1024 * 1024));
		expect(await send(raw, signedHeaders(raw))).toEqual({
			status: 400,
			error: `Rejected: body has ${raw.length} bytes, more than the limit of ${EVENT_LIMITS.bodyBytes}`,
		});
	});
});

describe('envelope fields', () => {
	const event = (over: Record<string, unknown>) =>
		JSON.stringify({ event_id: '01JE5Z3Q3J8H2W4X6Y7Z8A9B0C', object_type: 'email', metric: 'opened', timestamp: NOW, data: {}, ...over });

	it.each([
		['an event_id longer than 128 characters (flows key dedupe tables on it)', { event_id: 'e'.repeat(129) }, 'event_id: String must contain at most 128 character(s)'],
		['a metric longer than 64 characters', { metric: 'a'.repeat(65) }, 'metric: String must contain at most 64 character(s)'],
		['an object_type longer than 64 characters', { object_type: 'a'.repeat(65) }, 'object_type: String must contain at most 64 character(s)'],
		['a timestamp past year 9999 (no date exists for it)', { timestamp: 1e21 }, 'timestamp: must be unix seconds, at most 253402300799'],
	])('answers 400 to %s', (_label, over, error) => {
		expect(run(signed(event(over)))).toEqual({ kind: 'reject', status: 400, error: `Not a Customer.io reporting event: ${error}` });
	});
});
