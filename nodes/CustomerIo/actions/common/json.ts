import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';
import { jsonShapeProblem } from '../../../shared/jsonShape';

/**
 * Deepest nesting a JSON field may have. Customer.io documents none; this is far deeper than
 * any message data needs and far shallower than the few thousand levels at which
 * JSON.stringify (and so every byte count and the request itself) overflows the stack.
 */
export const MAX_JSON_DEPTH = 64;

type Kind = 'object' | 'array';

const EXAMPLES: Record<Kind, string> = { object: '{"plan": "pro"}', array: '[{"id": "42"}]' };

/**
 * Whether JSON text nests deeper than `max` levels. Text with at most `max` brackets cannot
 * (the common case, found with native searches); the rest is measured byte by byte.
 */
function textNestsDeeperThan(text: string, max: number): boolean {
	let brackets = 0;
	for (const bracket of ['{', '[']) {
		for (let at = text.indexOf(bracket); at !== -1; at = text.indexOf(bracket, at + 1)) {
			if (++brackets > max) return jsonShapeProblem(Buffer.from(text), { depth: max, members: Infinity }) !== undefined;
		}
	}
	return false;
}

/**
 * Whether a value from an expression nests deeper than `max` levels. Only objects and arrays
 * are visited, without recursion; one that contains itself counts as too deep.
 */
function valueNestsDeeperThan(value: unknown, max: number): boolean {
	const stack: Array<[object, number]> = [[value as object, 1]];
	while (stack.length > 0) {
		const [node, depth] = stack.pop()!;
		if (depth > max) return true;
		for (const child of Array.isArray(node) ? node : Object.values(node)) {
			if (typeof child === 'object' && child !== null) stack.push([child as object, depth + 1]);
		}
	}
	return false;
}

/**
 * A JSON parameter of the given kind, as text or as a value from an expression. Bad JSON, the
 * other kind, a plain value, or nesting deeper than MAX_JSON_DEPTH (a value that contains itself
 * included) is an error naming the item and the field. Text is measured before it is parsed, so
 * no input can overflow the stack.
 */
function parseJson(ctx: IExecuteFunctions, value: unknown, label: string, itemIndex: number, kind: Kind): unknown {
	const fail = (problem: string, fix: string) =>
		new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${label} ${problem}`, { itemIndex, description: `${fix} Nothing was sent for this item.` });
	const tooDeep = () => fail(`is nested deeper than ${MAX_JSON_DEPTH} levels`, `Flatten ${label}: put nested values side by side, or send a deep structure as text.`);
	let parsed: unknown = value ?? (kind === 'object' ? {} : []);
	if (typeof parsed === 'string') {
		const text = parsed.trim();
		if (textNestsDeeperThan(text, MAX_JSON_DEPTH)) throw tooDeep();
		try {
			parsed = text ? (JSON.parse(text) as unknown) : kind === 'object' ? {} : [];
		} catch {
			throw fail('is not valid JSON', `Enter a JSON ${kind} for ${label}, such as ${EXAMPLES[kind]}, or an expression that returns one.`);
		}
	} else if (typeof parsed === 'object' && parsed !== null && valueNestsDeeperThan(parsed, MAX_JSON_DEPTH)) {
		throw tooDeep();
	}
	const isKind = kind === 'array' ? Array.isArray(parsed) : !!parsed && typeof parsed === 'object' && !Array.isArray(parsed);
	if (!isKind) {
		const others = kind === 'object' ? 'arrays and plain values' : 'objects and plain values';
		throw fail(`must be a JSON ${kind}`, `Use ${kind === 'object' ? 'an object' : 'an array'} such as ${EXAMPLES[kind]} for ${label}; ${others} are not accepted.`);
	}
	return parsed;
}

/** A JSON-object parameter, given as text or as an object from an expression (see parseJson). */
export function parseJsonObject(ctx: IExecuteFunctions, value: unknown, label: string, itemIndex: number): IDataObject {
	return parseJson(ctx, value, label, itemIndex, 'object') as IDataObject;
}

/** A JSON-array parameter, given as text or as an array from an expression (see parseJson). */
export function parseJsonArray(ctx: IExecuteFunctions, value: unknown, label: string, itemIndex: number): unknown[] {
	return parseJson(ctx, value, label, itemIndex, 'array') as unknown[];
}
