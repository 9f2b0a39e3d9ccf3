/** The shape a JSON body may have: levels of objects and arrays (the outermost is level 1), and keys plus array items summed over the whole body. */
export interface JsonShapeLimits {
	depth: number;
	members: number;
}

/** The limit a body breaks and its value; each node words its own answer from it. */
export interface JsonShapeExcess {
	kind: keyof JsonShapeLimits;
	limit: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
/** Space, tab, line feed, carriage return: the only bytes at or below 0x20 that valid JSON has outside strings. */
const LAST_WHITESPACE = 0x20;

/**
 * The first shape limit a JSON body breaks, found in one linear pass over the raw bytes before
 * anything parses it. Counting on bytes bounds JSON.parse and everything after it (V8 takes
 * about 70 ms to parse 128 KiB of `[[[[…`) and cannot overflow the stack, whatever the input.
 * Exact for valid JSON; invalid JSON fails the parse that follows.
 */
export function jsonShapeProblem(raw: Buffer, limits: JsonShapeLimits): JsonShapeExcess | undefined {
	let depth = 0;
	let members = 0;
	let containerJustOpened = false;
	for (let at = 0; at < raw.length; at++) {
		const byte = raw[at];
		if (byte <= LAST_WHITESPACE) continue;
		const closes = byte === CLOSE_OBJECT || byte === CLOSE_ARRAY;
		// The first member of a container has no comma before it.
		if ((containerJustOpened && !closes) || byte === COMMA) members++;
		containerJustOpened = false;
		if (byte === QUOTE) {
			at = endOfString(raw, at);
		} else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
			depth++;
			containerJustOpened = true;
			if (depth > limits.depth) return { kind: 'depth', limit: limits.depth };
		} else if (closes) {
			depth--;
		}
		if (members > limits.members) return { kind: 'members', limit: limits.members };
	}
	return undefined;
}

/** Index of the quote closing the string that opens at `start` (escapes skipped), or the end. */
function endOfString(raw: Buffer, start: number): number {
	for (let at = start + 1; at < raw.length; at++) {
		if (raw[at] === BACKSLASH) at++;
		else if (raw[at] === QUOTE) return at;
	}
	return raw.length;
}
