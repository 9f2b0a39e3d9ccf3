import type { IExecuteFunctions, INodeParameters, NodeParameterValueType } from 'n8n-workflow';

/** True when a raw parameter value holds no expression anywhere (n8n marks those with a leading "="). */
function isStatic(value: unknown): boolean {
	if (typeof value === 'string') return !value.startsWith('=');
	if (Array.isArray(value)) return value.every(isStatic);
	if (value !== null && typeof value === 'object') return Object.values(value).every(isStatic);
	return true;
}

function rawAt(parameters: INodeParameters, path: string): unknown {
	let value: unknown = parameters;
	for (const key of path.split('.')) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as Record<string, unknown>)[key];
	}
	return value;
}

/**
 * The execute context with one change: a parameter that holds no expression is read through
 * n8n once per execution instead of once per item. n8n resolves and validates every
 * `getNodeParameter` call against the node's whole description (tens of microseconds each), which
 * dominated batch mode at 10,000 items; a value without an expression is the same for every item,
 * so reading it again changes nothing. Callers must not mutate what they get back.
 */
export function withStaticParameters(ctx: IExecuteFunctions): IExecuteFunctions {
	const parameters = ctx.getNode().parameters;
	const cache = new Map<string, NodeParameterValueType | object>();
	const getNodeParameter = (name: string, itemIndex: number, fallback?: unknown, options?: object) => {
		if (options) return ctx.getNodeParameter(name, itemIndex, fallback, options);
		if (cache.has(name)) return cache.get(name);
		const value = ctx.getNodeParameter(name, itemIndex, fallback);
		if (isStatic(rawAt(parameters, name))) cache.set(name, value);
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
