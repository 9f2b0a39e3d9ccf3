import type { IDataObject, IExecuteFunctions, INodeParameters } from 'n8n-workflow';

/**
 * An expression that only names a field of the current item: `{{ $json.plan }}` or
 * `{{ $json["first name"] }}` (one level; deeper paths can fail in ways n8n reports itself).
 */
const FIELD_REFERENCE = /^=\{\{\s*\$json(?:\.([A-Za-z_$][\w$]*)|\[\s*(["'])([^"'\\]*)\2\s*\])\s*\}\}$/;

function fieldOf(value: string): string | undefined {
	const match = FIELD_REFERENCE.exec(value);
	return match ? (match[1] ?? match[3]) : undefined;
}

/** How a raw parameter value can be read: it has no expression, only field references, or other expressions. */
type Kind = 'static' | 'fields' | 'n8n';

function kindOf(value: unknown): Kind {
	if (typeof value === 'string') {
		if (!value.startsWith('=')) return 'static';
		return fieldOf(value) !== undefined ? 'fields' : 'n8n';
	}
	if (value === null || typeof value !== 'object') return 'static';
	let kind: Kind = 'static';
	for (const child of Object.values(value)) {
		const childKind = kindOf(child);
		if (childKind === 'n8n') return 'n8n';
		if (childKind === 'fields') kind = 'fields';
	}
	return kind;
}

type Filler = (json: IDataObject) => unknown;

/** Compiles a raw value into a function that fills each field reference from an item's `json`. */
function compile(value: unknown): Filler {
	if (typeof value === 'string') {
		const field = value.startsWith('=') ? fieldOf(value) : undefined;
		if (field === undefined) return () => value;
		return (json) => (Object.prototype.hasOwnProperty.call(json, field) ? json[field] : undefined);
	}
	if (Array.isArray(value)) {
		const children = value.map(compile);
		return (json) => children.map((child) => child(json));
	}
	if (value !== null && typeof value === 'object') {
		const entries = Object.entries(value).map(([key, child]) => [key, compile(child)] as const);
		return (json) => {
			const filled: IDataObject = {};
			for (const [key, child] of entries) filled[key] = child(json) as IDataObject[string];
			return filled;
		};
	}
	return () => value;
}

/** Stands for a value under an expression (`dataUi` is "={{ … }}", `dataUi.pair` is asked): only n8n can read it. */
const UNDER_EXPRESSION = '={{ under an expression }}';

function rawAt(parameters: INodeParameters, path: string): unknown {
	let value: unknown = parameters;
	for (const key of path.split('.')) {
		if (typeof value === 'string' && value.startsWith('=')) return UNDER_EXPRESSION;
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as Record<string, unknown>)[key];
	}
	return value;
}

/**
 * The execute context with a faster `getNodeParameter` for reading each item's parameters (it
 * matters in batch mode, where 10,000 items are read before a few requests). n8n resolves every call
 * against the node's whole description and runs each expression through its evaluator: about
 * 50 µs per expression, which made n8n, not Customer.io, the cost of 10,000 items. So:
 * - a parameter without any expression is read through n8n once per execution (it is the same
 *   for every item);
 * - a parameter whose expressions all just name a field of the item (`{{ $json.id }}`, the
 *   common mapping) is filled from the item directly. The first item is also read through n8n
 *   and compared; if they differ at all, n8n reads that parameter for every item.
 * Everything else goes through n8n unchanged. Callers must not mutate what they get back.
 */
export function withFastParameters(ctx: IExecuteFunctions): IExecuteFunctions {
	const parameters = ctx.getNode().parameters;
	const items = ctx.getInputData();
	const fixed = new Map<string, unknown>();
	// A parameter's filler, or null when n8n must read it for every item.
	const fillers = new Map<string, Filler | null>();
	const getNodeParameter = (name: string, itemIndex: number, fallback?: unknown, options?: object) => {
		if (options) return ctx.getNodeParameter(name, itemIndex, fallback, options);
		if (fixed.has(name)) return fixed.get(name);
		const json = items[itemIndex]?.json;
		const filler = fillers.get(name);
		if (filler && json) return filler(json);
		if (filler !== undefined || !json) return ctx.getNodeParameter(name, itemIndex, fallback);
		// First read of this parameter: through n8n, which applies the fallback and reports errors as usual.
		const raw = rawAt(parameters, name);
		const kind = kindOf(raw);
		const value = ctx.getNodeParameter(name, itemIndex, fallback);
		if (kind === 'static') fixed.set(name, value);
		else if (kind === 'fields') {
			const compiled = compile(raw);
			fillers.set(name, JSON.stringify(compiled(json)) === JSON.stringify(value) ? compiled : null);
		} else fillers.set(name, null);
		return value;
	};
	return new Proxy(ctx, {
		get(target, property) {
			if (property === 'getNodeParameter') return getNodeParameter;
			const value: unknown = Reflect.get(target, property, target);
			return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
		},
	});
}
