import { EVENT_LIMITS } from '../../../nodes/CustomerIoReportingTrigger/limits';
import { MAX_BLOCK_MS, measureBlock } from '../../helpers/eventLoopProbe';
import { envelope, send, signedHeaders } from './harness';

/**
 * No request up to n8n's 16 MB payload limit keeps the event loop busy for more than 50 ms:
 * every other workflow of the instance waits while one runs. Each attack goes through
 * webhook() (signature, size, shape, parse, envelope, item) while a timer measures the stall.
 */
const MB16 = 16 * 1024 * 1024;
const LIMIT = EVENT_LIMITS.bodyBytes;

/** A valid event whose data.x is `make(n)` with n units filling the room, padded to exactly the size limit. */
function atLimit(make: (n: number) => string, unitBytes: number): string {
	const raw = envelope(make(Math.floor((LIMIT - Buffer.byteLength(envelope('""')) - 64) / unitBytes)));
	return `${raw.slice(0, -1)}${' '.repeat(LIMIT - Buffer.byteLength(raw))}}`;
}

const attacks: Array<{ name: string; raw: Buffer; signed: boolean; status: number }> = [
	{ name: '16 MB of nesting, signed', raw: Buffer.from('['.repeat(MB16 / 2) + ']'.repeat(MB16 / 2)), signed: true, status: 400 },
	{ name: '16 MB array of 8 million numbers', raw: Buffer.from(`[${'1,'.repeat(MB16 / 2 - 1)}1]`), signed: false, status: 400 },
	{ name: '16 MB event with one long string, signed', raw: Buffer.from(envelope(JSON.stringify('a'.repeat(MB16)))), signed: true, status: 400 },
	{ name: '1 MB of escaped quotes', raw: Buffer.from(atLimit((n) => `"${'\\"'.repeat(n)}"`, 2)), signed: true, status: 200 },
	{ name: '1 MB of backslashes', raw: Buffer.from(atLimit((n) => `"${'\\\\'.repeat(n)}"`, 2)), signed: true, status: 200 },
	{ name: '1 MB of \\u escapes', raw: Buffer.from(atLimit((n) => `"${'\\u00e9'.repeat(n)}"`, 6)), signed: true, status: 200 },
	{ name: '1 MB of emoji', raw: Buffer.from(atLimit((n) => JSON.stringify('😀'.repeat(n)), 4)), signed: true, status: 200 },
	{ name: '1 MB of whitespace', raw: Buffer.from(atLimit((n) => `${' '.repeat(n)}0`, 1)), signed: true, status: 200 },
	{ name: '1 MB, 9,990 members', raw: Buffer.from(atLimit((n) => `[${Array.from({ length: 9990 }, () => `"${'b'.repeat(Math.floor(n / 9990) - 3)}"`).join(',')}]`, 1)), signed: true, status: 200 },
	{ name: '1 MB, 30 levels deep', raw: Buffer.from(atLimit((n) => `${'['.repeat(30)}"${'c'.repeat(n - 62)}"${']'.repeat(30)}`, 1)), signed: true, status: 200 },
	{ name: '1 MB, over the member limit at its very end', raw: Buffer.from(atLimit((n) => `["${'d'.repeat(n - 20_050)}",${'0,'.repeat(10_000)}0]`, 1)), signed: true, status: 400 },
	{ name: '1 MB unsigned', raw: Buffer.from(atLimit((n) => JSON.stringify('e'.repeat(n)), 1)), signed: false, status: 401 },
];

it('answers every attack without blocking the event loop for 50 ms or more', async () => {
	// The 1 MB attacks are as large as the trigger parses.
	expect(new Set(attacks.filter((a) => a.name.startsWith('1 MB')).map((a) => a.raw.length))).toEqual(new Set([LIMIT]));
	const statuses: Record<string, number> = {};
	const blocks: Record<string, number> = {};
	for (const { name, raw, signed } of attacks) {
		const headers = signed ? signedHeaders(raw) : {};
		// The quietest of up to five runs counts: a real stall shows in every run, a busy test machine does not.
		const { result, blockedMs } = await measureBlock(() => send(raw, headers), 5);
		statuses[name] = result.status;
		blocks[name] = blockedMs;
	}
	expect(Object.entries(blocks).filter(([, ms]) => ms >= MAX_BLOCK_MS)).toEqual([]);
	expect(statuses).toEqual(Object.fromEntries(attacks.map((a) => [a.name, a.status])));
}, 120_000);
