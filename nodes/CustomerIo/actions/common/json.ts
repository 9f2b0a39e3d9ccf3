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
 * A JSON parameter of the given kind, as text or as a value from an expression. Bad JSON, the
 * other kind, a plain value, or nesting deeper than MAX_JSON_DEPTH (a value that contains itself
 * included) is an error naming the item and the field. Text is measured before it is parsed, so
 * no input can overflow the stack.
 */
function parseJson(ctx: IExecuteFunctions, value: unknown, label: string, itemIndex: number, kind: Kind): unknown {
	const fail = (problem: string, fix: string) =>
		new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${label} ${problem}`, { itemIndex, description: `${fix} Nothing was sent for this item.` });
	const tooDeep = () => fail(`is nested deeper than ${MAX_JSON_DEPTH} levels`, `Flatten ${label}: put nested values side by side, or send a deep structure as text.`);
	const tooDeepText = (text: string) => jsonShapeProblem(Buffer.from(text), { depth: MAX_JSON_DEPTH, members: Infinity }) !== undefined;
	let parsed: unknown = value ?? (kind === 'object' ? {} : []);
	if (typeof parsed === 'string') {
		const text = parsed.trim();
		if (text && tooDeepText(text)) throw tooDeep();
		try {
			parsed = text ? (JSON.parse(text) as unknown) : kind === 'object' ? {} : [];
		} catch {
			throw fail('is not valid JSON', `Enter a JSON ${kind} for ${label}, such as ${EXAMPLES[kind]}, or an expression that returns one.`);
		}
	} else if (typeof parsed === 'object' && parsed !== null) {
		// A value from an expression is measured as the JSON it will be sent as (native, so quick);
		// stringify itself fails on one that contains itself or nests thousands deep.
		let text: string;
		try {
			text = JSON.stringify(parsed);
		} catch {
			throw tooDeep();
		}
		if (tooDeepText(text)) throw tooDeep();
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
