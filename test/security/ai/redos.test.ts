import { REQUEST_LIMITS } from '../../../nodes/CustomerIoAiPersonalize/limits';
import { MAX_BLOCK_MS } from '../../helpers/eventLoopProbe';
import { body, call, modelAnswering, warmUp } from './harness';

/**
 * No request up to n8n's 16 MB payload limit and no model answer keeps the event loop busy for
 * 50 ms or more: while one runs, every other workflow of the instance waits. Each input goes
 * through webhook() while a timer measures the longest stall; the outcome and the stall are
 * compared in one line per input, so a failure names the input.
 */
const MAX = REQUEST_LIMITS.string_length;
const MB16 = 16 * 1024 * 1024;

/** Strings of exactly the length limit, each built to make a PII pattern (email, phone) backtrack. */
const backtrackers = {
	letters: 'A'.repeat(MAX),
	dots: 'a.'.repeat(MAX / 2),
	at_then_dots: `x@${'a.'.repeat(MAX / 2 - 1)}`,
	ats: 'a@'.repeat(MAX / 2),
	han_then_at: `${'用'.repeat(MAX - 1)}@`,
	han_and_dots: '用.'.repeat(MAX / 2),
	digit_then_spaces: `1${' '.repeat(MAX - 1)}`,
	six_digits_then_spaces: `123456${' '.repeat(MAX - 6)}`,
	full_width: '＋１ '.repeat(MAX / 5).padEnd(MAX, '('),
};

beforeAll(warmUp);

const requests: Array<{ name: string; raw: string; status: number }> = [
	{ name: 'fields.note of 60,000 letters (the reported 14 s stall)', raw: body({ fields: { note: 'A'.repeat(60_000) } }), status: 400 },
	{ name: 'a body at the limits, every string built to make a PII pattern backtrack', raw: body({ fields: backtrackers }), status: 200 },
	{ name: '16 MB of digits and spaces in one field', raw: body({ fields: { note: '1 '.repeat(MB16 / 2) } }), status: 400 },
	{ name: '128 KiB of nesting', raw: '['.repeat(REQUEST_LIMITS.body_bytes / 2) + ']'.repeat(REQUEST_LIMITS.body_bytes / 2), status: 400 },
	{ name: '12,000 attributes', raw: body({ attrs: Object.fromEntries(Array.from({ length: 12_000 }, (_, i) => [`a${i}`, 1])) }), status: 400 },
];

it('answers every request without blocking the event loop for 50 ms or more', async () => {
	// The second body is as large as the node reads: the work it causes is the most a request can cause.
	expect(Buffer.byteLength(requests[1].raw)).toBeGreaterThan(0.9 * REQUEST_LIMITS.body_bytes);
	expect(Buffer.byteLength(requests[1].raw)).toBeLessThanOrEqual(REQUEST_LIMITS.body_bytes);
	const seen: string[] = [];
	for (const { name, raw } of requests) {
		const result = await call({ raw });
		seen.push(`${name}: ${result.threw ? `threw ${result.threw.message}` : result.status}, ${result.blockedMs < MAX_BLOCK_MS ? 'no stall' : `blocked ${Math.round(result.blockedMs)} ms`}`);
	}
	expect(seen).toEqual(requests.map(({ name, status }) => `${name}: ${status}, no stall`));
}, 300_000);

/** Five strings at the length limit: `{{fields}}` renders them all, about 50 KB, per slot. */
const bigFields = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`blob${i}`, 'b'.repeat(MAX)]));
const vars = (subject: string) => JSON.stringify({ subject, preheader: 'p', body: 'b', cta: 'c' });

const answers: Array<{ name: string; content: unknown }> = [
	{ name: 'an unclosed slot: {{ and 3,000 spaces (the reported 12–23 s stall)', content: vars(`{{${' '.repeat(3000)}x`) },
	{ name: 'a slot repeated 2,000 times over 50 KB of fields', content: vars('{{fields}}'.repeat(2000)) },
	{ name: 'slots that each filter 50 KB of fields four times and keep one character', content: vars('{{fields|upcase|upcase|upcase|upcase|truncate:1}}'.repeat(2000)) },
	{ name: 'an unclosed quote in a slot, then 3,000 pipes', content: vars(`{{ fields.x | default: "${'|'.repeat(3000)}`) },
	{ name: '5 MB of answer', content: vars('s'.repeat(5 * 1024 * 1024)) },
	{ name: '200,000 content parts', content: Array.from({ length: 200_000 }, () => ({ type: 'text', text: '{"subject":"' })) },
];

it('checks every model answer without blocking the event loop for 50 ms or more, and answers fallback copy', async () => {
	const seen: string[] = [];
	for (const { name, content } of answers) {
		const result = await call({ raw: body({ fields: { first_name: 'Grace', ...bigFields } }), model: modelAnswering(content) });
		seen.push(`${name}: ${result.threw ? `threw ${result.threw.message}` : `${result.status} ${result.body?.source}`}, ${result.blockedMs < MAX_BLOCK_MS ? 'no stall' : `blocked ${Math.round(result.blockedMs)} ms`}`);
	}
	expect(seen).toEqual(answers.map(({ name }) => `${name}: 200 fallback, no stall`));
}, 300_000);
