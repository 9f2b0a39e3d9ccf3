import { jsonShapeProblem } from '../shared/jsonShape';

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

/**
 * Nesting depth and key count, measured on the raw bytes before JSON.parse: the shape must be
 * bounded before the parse, not after. The scan is shared with the Reporting Trigger; the answer
 * is this node's.
 */
export function shapeProblem(raw: Buffer): LimitExceeded | undefined {
	const broken = jsonShapeProblem(raw, { depth: REQUEST_LIMITS.depth, members: REQUEST_LIMITS.keys });
	if (broken?.kind === 'depth') return exceeded('depth', `body: is nested deeper than ${broken.limit} levels (the limit)`);
	if (broken?.kind === 'members') return exceeded('keys', `body: has more than ${broken.limit} keys and array items (the limit)`);
	return undefined;
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
