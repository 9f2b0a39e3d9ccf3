import { readFileSync } from 'fs';
import { join } from 'path';

/**
 * Customer.io's official Track API request schemas, as vendored in
 * test/fixtures/openapi/track-requests.json (see its README), and a small validator for them:
 * what the simulator and the nodes are checked against.
 *
 * The validator reads `oneOf` as "at least one alternative": the spec's identifier alternatives
 * overlap (v2 relationship and v1 merge identifiers name no required key, so `{"id": "42"}`
 * matches all three), and read as "exactly one" the spec would refuse every valid request.
 * Formats other than int32 are not checked (a ULID is any string here).
 */
export interface Schema {
	$ref?: string;
	type?: string;
	enum?: unknown[];
	format?: string;
	required?: string[];
	properties?: Record<string, Schema>;
	additionalProperties?: Schema | boolean;
	items?: Schema;
	oneOf?: Schema[];
	anyOf?: Schema[];
	allOf?: Schema[];
	minItems?: number;
	maxItems?: number;
	maxProperties?: number;
}

interface Parameter {
	name: string;
	in: 'path' | 'query';
	required: boolean;
	schema: Schema;
}

const fixture: {
	v1: Record<string, { parameters: Parameter[]; requestBody?: Schema }>;
	v2Batch: Schema;
	schemas: Record<string, Schema>;
} = JSON.parse(readFileSync(join(__dirname, '../fixtures/openapi/track-requests.json'), 'utf8'));

const isObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

function typeProblem(type: string, value: unknown, format?: string): boolean {
	switch (type) {
		case 'object':
			return !isObject(value);
		case 'array':
			return !Array.isArray(value);
		case 'string':
			return typeof value !== 'string';
		case 'integer':
			return !Number.isInteger(value) || (format === 'int32' && Math.abs(value as number) > 2 ** 31 - 1);
		case 'number':
			return typeof value !== 'number';
		case 'boolean':
			return typeof value !== 'boolean';
		default:
			return false;
	}
}

/** Where `value` breaks `schema`: one line per problem, empty when it is valid. */
export function problems(schema: Schema, value: unknown, path = '$'): string[] {
	if (schema.$ref) return problems(fixture.schemas[schema.$ref.split('/').pop() as string], value, path);
	const found: string[] = [];
	for (const part of schema.allOf ?? []) found.push(...problems(part, value, path));
	for (const alternatives of [schema.oneOf, schema.anyOf]) {
		if (alternatives && !alternatives.some((alternative) => problems(alternative, value, path).length === 0)) {
			found.push(`${path}: matches none of ${alternatives.length} alternatives`);
		}
	}
	if (schema.type && typeProblem(schema.type, value, schema.format)) return [...found, `${path}: not ${schema.type}`];
	if (schema.enum && !schema.enum.includes(value)) found.push(`${path}: not one of ${schema.enum.join(', ')}`);
	if (isObject(value)) {
		for (const name of schema.required ?? []) if (value[name] === undefined) found.push(`${path}.${name}: required`);
		if (schema.maxProperties !== undefined && Object.keys(value).length > schema.maxProperties) found.push(`${path}: too many properties`);
		for (const [name, child] of Object.entries(value)) {
			const known = schema.properties?.[name];
			if (known) found.push(...problems(known, child, `${path}.${name}`));
			else if (schema.additionalProperties === false) found.push(`${path}.${name}: not allowed`);
			else if (isObject(schema.additionalProperties)) found.push(...problems(schema.additionalProperties, child, `${path}.${name}`));
		}
	}
	if (Array.isArray(value)) {
		if (schema.minItems !== undefined && value.length < schema.minItems) found.push(`${path}: fewer than ${schema.minItems} items`);
		if (schema.maxItems !== undefined && value.length > schema.maxItems) found.push(`${path}: more than ${schema.maxItems} items`);
		if (schema.items) value.forEach((item, index) => found.push(...problems(schema.items as Schema, item, `${path}[${index}]`)));
	}
	return found;
}

/** Problems of one Track v2 operation (an element of `/batch`, or the body of `/entity`). */
export function v2Problems(operation: unknown): string[] {
	return problems((fixture.v2Batch.properties?.batch as Schema).items as Schema, operation);
}

export type V1Call = keyof typeof fixture.v1 & string;

/** Problems of a v1 call: its path and query parameters (as sent, strings) and its body. */
export function v1Problems(call: V1Call, request: { params?: Record<string, string>; query?: Record<string, string>; body?: unknown }): string[] {
	const spec = fixture.v1[call];
	if (!spec) throw new Error(`${call} is not vendored in track-requests.json`);
	const found: string[] = [];
	for (const parameter of spec.parameters) {
		const raw = (parameter.in === 'path' ? request.params : request.query)?.[parameter.name];
		if (raw === undefined) {
			if (parameter.required) found.push(`${parameter.in} ${parameter.name}: required`);
			continue;
		}
		// Path and query values arrive as text: an integer parameter must read as one.
		const value = parameter.schema.type === 'integer' && /^-?\d+$/.test(raw) ? Number(raw) : raw;
		found.push(...problems(parameter.schema, value, `${parameter.in} ${parameter.name}`));
	}
	if (spec.requestBody) found.push(...problems(spec.requestBody, request.body ?? {}));
	return found;
}

/** The v1 calls the fixture holds, e.g. `POST /api/v1/merge_customers`. */
export const V1_CALLS = Object.keys(fixture.v1);

/** The enum of a property in a named schema (following allOf), e.g. device platforms. */
export function enumOf(schemaName: string, property: string): unknown[] {
	const search = (schema: Schema): unknown[] | undefined => {
		if (schema.$ref) return search(fixture.schemas[schema.$ref.split('/').pop() as string]);
		const own = schema.properties?.[property];
		if (own?.enum) return own.enum;
		for (const part of schema.allOf ?? []) {
			const found = search(part);
			if (found) return found;
		}
		return undefined;
	};
	const found = search(fixture.schemas[schemaName]);
	if (!found) throw new Error(`${schemaName} has no enum for ${property}`);
	return found;
}

/** A copy of `value` with the value at `path` replaced (or removed, for `undefined`). */
function withValue(value: unknown, path: Array<string | number>, replacement: unknown): unknown {
	if (path.length === 0) return replacement;
	const [head, ...rest] = path;
	if (Array.isArray(value)) {
		const copy = [...value];
		copy[head as number] = withValue(copy[head as number], rest, replacement);
		return copy;
	}
	const copy = { ...(value as Record<string, unknown>) };
	if (rest.length === 0 && replacement === undefined) delete copy[head as string];
	else copy[head as string] = withValue(copy[head as string], rest, replacement);
	return copy;
}

export interface Mutant {
	/** e.g. `device.platform = "not_a_valid_value"` or `device.token removed`. */
	label: string;
	path: string;
	/** What the field now holds (undefined: removed). */
	replacement: unknown;
	/** The whole changed request. */
	value: unknown;
}

const OTHER_TYPES = (value: unknown): unknown[] => {
	if (typeof value === 'string') return [42, null];
	if (typeof value === 'number') return ['7', null];
	if (typeof value === 'boolean') return ['true'];
	if (Array.isArray(value)) return ['x', {}, []];
	if (isObject(value)) return ['x', [], null];
	return [];
};

/**
 * Every single-field change of a valid request: each field removed, given a value of another
 * type, and (for strings) a value no enum holds. Arrays are explored through their first item.
 * Each mutant is then judged by the official schema, and the simulator must agree.
 */
export function mutants(valid: unknown): Mutant[] {
	const found: Mutant[] = [];
	const walk = (value: unknown, path: Array<string | number>) => {
		const name = path.join('.');
		if (path.length > 0) {
			const add = (label: string, replacement: unknown) => found.push({ label, path: name, replacement, value: withValue(valid, path, replacement) });
			if (typeof path[path.length - 1] === 'string') add(`${name} removed`, undefined);
			for (const other of OTHER_TYPES(value)) add(`${name} = ${JSON.stringify(other)}`, other);
			if (typeof value === 'string') add(`${name} = "not_a_valid_value"`, 'not_a_valid_value');
		}
		if (Array.isArray(value) && value.length > 0) walk(value[0], [...path, 0]);
		if (isObject(value)) for (const key of Object.keys(value)) walk(value[key], [...path, key]);
	};
	walk(valid, []);
	return found;
}

/** What the simulator recorded of a request (see RecordedRequest). */
interface Sent {
	method: string;
	path: string;
	query: Record<string, string>;
	body: unknown;
}

const v1Routes = V1_CALLS.map((call) => {
	const [method, template] = call.split(' ');
	const names: string[] = [];
	const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{(\w+)\\?\}/g, (_m, name: string) => {
		names.push(name);
		return '([^/]+)';
	});
	return { call: call as V1Call, method, regex: new RegExp(`^${pattern}$`), names };
});

/**
 * Problems of a Track request as the simulator recorded it, by the official schema: each
 * operation of a v2 `/batch`, a v2 `/entity` body, or one of the vendored v1 calls. Throws for a
 * request the fixture does not cover, so a test cannot pass by checking nothing.
 */
export function sentProblems(request: Sent): string[] {
	if (request.method === 'POST' && request.path === '/api/v2/batch') {
		const batch = (request.body as { batch?: unknown[] } | undefined)?.batch ?? [];
		return batch.flatMap((operation, index) => v2Problems(operation).map((problem) => `batch[${index}] ${problem}`));
	}
	if (request.method === 'POST' && request.path === '/api/v2/entity') return v2Problems(request.body);
	for (const route of v1Routes) {
		const match = request.method === route.method ? route.regex.exec(request.path) : null;
		if (!match) continue;
		const params = Object.fromEntries(route.names.map((name, index) => [name, decodeURIComponent(match[index + 1])]));
		return v1Problems(route.call, { params, query: request.query, body: request.body === '' ? undefined : request.body });
	}
	throw new Error(`${request.method} ${request.path} is not a request track-requests.json describes`);
}
