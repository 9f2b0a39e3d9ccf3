import { REQUEST_LIMITS } from '../../../nodes/CustomerIoAiPersonalize/limits';
import { MAX_BLOCK_MS } from '../../helpers/eventLoopProbe';
import { body, call, warmUp } from './harness';

/**
 * A request over a limit gets a 400 whose JSON names the limit (`limit`, `max`) and what broke
 * it, before anything masks, renders or prompts with it; a request exactly at the limit is
 * answered. Deep nesting used to overflow the stack (500), long text to stall n8n.
 */
const L = REQUEST_LIMITS;

beforeAll(warmUp);

/** The body padded with trailing whitespace (valid JSON) to exactly `bytes`. */
const padded = (bytes: number) => {
	const raw = body();
	return raw + ' '.repeat(bytes - Buffer.byteLength(raw));
};
/** A body whose deepest object is at `levels` (the body itself is level 1). */
const nested = (levels: number) => `{"template_id":"welcome","user_id":"u-1","fields":${'{"a":'.repeat(levels - 2)}{}${'}'.repeat(levels - 2)}}`;
/** A body with `count` keys and array items in all (body() has 6 of its own). */
const keyed = (count: number) => body({ attrs: Object.fromEntries(Array.from({ length: count - 5 }, (_, i) => [`a${i}`, 'x'])) });

const cases: Array<[string, string, string, RegExp]> = [
	['body_bytes', padded(L.body_bytes), padded(L.body_bytes + 1), /^body: is 131073 bytes; the limit is 131072 bytes$/],
	['string_length', body({ fields: { note: 'n'.repeat(L.string_length) } }), body({ fields: { note: 'n'.repeat(L.string_length + 1) } }), /^fields\.note: text is 10001 characters; the limit is 10000 per string$/],
	['string_length', body({ attrs: { ['k'.repeat(L.string_length)]: 1 } }), body({ attrs: { ['k'.repeat(L.string_length + 1)]: 1 } }), /^attrs\.k{40}…: the key is 10001 characters/],
	['keys', keyed(L.keys), keyed(L.keys + 1), /^body: has more than 2000 keys and array items/],
	['keys', keyed(L.keys), body({ attrs: { tags: Array(30_000).fill(0) } }), /^body: has more than 2000 keys/],
	['depth', nested(L.depth), nested(L.depth + 1), /^body: is nested deeper than 32 levels/],
	['depth', nested(L.depth), nested(2000), /^body: is nested deeper than 32 levels/],
];

it.each(cases)('%s: answers a body at the limit, refuses one over it with 400 naming the limit', async (limit, atLimit, overLimit, error) => {
	const at = await call({ raw: atLimit });
	expect(at).toMatchObject({ status: 200, body: { source: 'fallback' } });
	const over = await call({ raw: overLimit });
	expect(over.threw).toBeUndefined();
	expect(over.status).toBe(400);
	expect(over.body).toEqual({ error: expect.stringMatching(error), limit, max: L[limit as keyof typeof L] });
	expect(over.audit).toBeUndefined();
	expect(Math.max(at.blockedMs, over.blockedMs)).toBeLessThan(MAX_BLOCK_MS);
});

it('refuses an oversized body before authentication, everything else only after it', async () => {
	expect(await call({ raw: padded(L.body_bytes + 1), headers: {} })).toMatchObject({ status: 400, body: { limit: 'body_bytes' } });
	expect(await call({ raw: nested(2000), headers: {} })).toMatchObject({ status: 401 });
});
