/**
 * The largest request AI Personalize reads, and the largest model answer it checks. A Webhook
 * Action body is a few dozen Customer.io attributes rendered with Liquid (usually under 5 KB;
 * Customer.io caps an attribute value at 1,000 bytes), so every limit leaves a wide margin while
 * keeping one request's work far below 50 ms of event-loop time. n8n itself accepts 16 MB.
 * Anything over a limit is answered 400 with `limit` set to the key below.
 */
export const REQUEST_LIMITS = {
	/** The raw body: 128 KiB holds over a hundred attributes at Customer.io's 1,000-byte maximum. */
	body_bytes: 128 * 1024,
	/** Characters in any one string, value or key (ten times Customer.io's attribute value cap). */
	string_length: 10_000,
	/** Object keys plus array items, summed over the whole body: a 100-item cart of 10 keys fits twice. */
	keys: 2_000,
	/** Levels of objects and arrays, the body itself being level 1; Liquid-built bodies use 3 to 6. */
	depth: 32,
} as const;

/** Characters of model answer looked at; a JSON object of copy vars is a few hundred to a few thousand. */
export const MODEL_ANSWER_MAX_CHARS = 100_000;

/**
 * Characters the slots of one var may handle while it is rendered (each value, and each
 * filter's result): ten of the longest request strings, where real copy handles a few hundred.
 * A hostile var from the model (large fields filtered thousands of times) is cut off here; over
 * it, the var counts as too long.
 */
export const RENDER_WORK_MAX_CHARS = 10 * REQUEST_LIMITS.string_length;

export type LimitName = keyof typeof REQUEST_LIMITS;

/** The 400 body for a request over a limit: the error names the limit, `limit` and `max` say it to code. */
export interface LimitExceeded {
	error: string;
	limit: LimitName;
	max: number;
}

function exceeded(limit: LimitName, error: string): LimitExceeded {
	return { error, limit, max: REQUEST_LIMITS[limit] };
}

export function bodySizeProblem(bytes: number): LimitExceeded | undefined {
	const max = REQUEST_LIMITS.body_bytes;
	return bytes > max ? exceeded('body_bytes', `body: is ${bytes} bytes; the limit is ${max} bytes`) : undefined;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPENERS = new Set([0x7b, 0x5b]); // { [
const CLOSERS = new Set([0x7d, 0x5d]); // } ]
const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/**
 * Nesting depth and key count, measured in one pass over the raw bytes before JSON.parse: V8
 * takes about 70 ms to parse 128 KiB of `[[[[…` and 20 ms for 12,000 keys, so the shape must be
 * bounded before the parse, not after. Exact for valid JSON; invalid JSON fails the parse anyway.
 */
export function shapeProblem(raw: Buffer): LimitExceeded | undefined {
	let depth = 0;
	let keys = 0;
	let opened = false;
	for (let at = 0; at < raw.length; at++) {
		const byte = raw[at];
		if (WHITESPACE.has(byte)) continue;
		// The first member of a container has no comma before it.
		if (opened && !CLOSERS.has(byte)) keys++;
		opened = false;
		if (byte === QUOTE) {
			at = closingQuote(raw, at);
		} else if (OPENERS.has(byte)) {
			depth++;
			opened = true;
		} else if (CLOSERS.has(byte)) {
			depth--;
		} else if (byte === COMMA) {
			keys++;
		}
		if (depth > REQUEST_LIMITS.depth) {
			return exceeded('depth', `body: is nested deeper than ${REQUEST_LIMITS.depth} levels (the limit)`);
		}
		if (keys > REQUEST_LIMITS.keys) {
			return exceeded('keys', `body: has more than ${REQUEST_LIMITS.keys} keys and array items (the limit)`);
		}
	}
	return undefined;
}

function closingQuote(raw: Buffer, start: number): number {
	for (let at = start + 1; at < raw.length; at++) {
		if (raw[at] === BACKSLASH) at++;
		else if (raw[at] === QUOTE) return at;
	}
	return raw.length;
}

/** A key as the error shows it: long keys are cut, the body is the sender's own data anyway. */
const shown = (key: string) => (key.length > 40 ? `${key.slice(0, 40)}…` : key);

/**
 * The first string (value or key) over the length limit, named by its path (`fields.note`).
 * Runs on the parsed body, whose shape shapeProblem has bounded; a loop with its own stack, so
 * no input can overflow the call stack.
 */
export function stringProblem(body: unknown): LimitExceeded | undefined {
	const max = REQUEST_LIMITS.string_length;
	const tooLong = (path: string, what: string, length: number) =>
		exceeded('string_length', `${path || 'body'}: ${what} is ${length} characters; the limit is ${max} per string`);
	const stack: Array<[string, unknown]> = [['', body]];
	while (stack.length > 0) {
		const [path, value] = stack.pop() as [string, unknown];
		if (typeof value === 'string') {
			if (value.length > max) return tooLong(path, 'text', value.length);
		} else if (value !== null && typeof value === 'object') {
			for (const [key, child] of Object.entries(value)) {
				const at = path ? `${path}.${shown(key)}` : shown(key);
				if (key.length > max) return tooLong(at, 'the key', key.length);
				stack.push([at, child]);
			}
		}
	}
	return undefined;
}
