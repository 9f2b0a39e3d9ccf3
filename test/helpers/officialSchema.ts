/**
 * A small validator for the subset of JSON Schema that Customer.io's vendored OpenAPI slices use
 * (test/fixtures/openapi/*-requests.json): shared by officialTrack.ts and officialApp.ts.
 *
 * Readings, each because the spec would otherwise refuse requests it documents as valid:
 * - `oneOf` is "at least one alternative": the spec's identifier alternatives overlap (v2
 *   relationship and v1 merge identifiers name no required key, so `{"id": "42"}` matches all
 *   three), and read as "exactly one" it would refuse every valid request.
 * - Enum values that are placeholders stand for any string: `$device_token` (push `to`: "`all`,
 *   `last_used`, or a custom device token") takes any token, and `<object_type_id>` in
 *   `_o:<object_type_id>:create` takes any id.
 * - Formats other than int32 are not checked (a ULID, a URL or an email is any string here).
 */
export interface Schema {
	$ref?: string;
	title?: string;
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
	maximum?: number;
	minimum?: number;
}

/** A path or query parameter, as the vendored fixtures hold it. */
export interface Parameter {
	name: string;
	in: 'path' | 'query';
	required: boolean;
	schema: Schema;
}

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

/** Whether `value` is one of `allowed`, placeholders (see the header) matching any string. */
function inEnum(allowed: unknown[], value: unknown): boolean {
	if (allowed.includes(value)) return true;
	if (typeof value !== 'string') return false;
	return allowed.some((entry) => {
		if (typeof entry !== 'string') return false;
		if (entry.startsWith('$')) return value !== '';
		if (!/<\w+>/.test(entry)) return false;
		const pattern = entry.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&').replace(/<\w+>/g, '[^:]+');
		return new RegExp(`^${pattern}$`).test(value);
	});
}

/** The checker for one fixture: `$ref`s resolve against its named `schemas`. */
export function schemaChecker(schemas: Record<string, Schema> = {}) {
	/** Where `value` breaks `schema`: one line per problem, empty when it is valid. */
	function problems(schema: Schema, value: unknown, path = '$'): string[] {
		if (schema.$ref) return problems(schemas[schema.$ref.split('/').pop() as string], value, path);
		const found: string[] = [];
		for (const part of schema.allOf ?? []) found.push(...problems(part, value, path));
		for (const alternatives of [schema.oneOf, schema.anyOf]) {
			if (alternatives && !alternatives.some((alternative) => problems(alternative, value, path).length === 0)) {
				found.push(`${path}: matches none of ${alternatives.length} alternatives`);
			}
		}
		if (schema.type && typeProblem(schema.type, value, schema.format)) return [...found, `${path}: not ${schema.type}`];
		if (schema.enum && !inEnum(schema.enum, value)) {
			found.push(`${path}: not one of ${schema.enum.length > 12 ? `the ${schema.enum.length} values the spec lists` : schema.enum.join(', ')}`);
		}
		if (typeof value === 'number') {
			if (schema.maximum !== undefined && value > schema.maximum) found.push(`${path}: more than ${schema.maximum}`);
			if (schema.minimum !== undefined && value < schema.minimum) found.push(`${path}: less than ${schema.minimum}`);
		}
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
	return problems;
}

/**
 * Problems of a call's path and query parameters. Values arrive as text, as sent: an integer
 * or boolean parameter must read as one.
 */
export function parameterProblems(
	check: ReturnType<typeof schemaChecker>,
	parameters: Parameter[],
	request: { params?: Record<string, string>; query?: Record<string, string> },
): string[] {
	const found: string[] = [];
	for (const parameter of parameters) {
		const raw = (parameter.in === 'path' ? request.params : request.query)?.[parameter.name];
		if (raw === undefined) {
			if (parameter.required) found.push(`${parameter.in} ${parameter.name}: required`);
			continue;
		}
		let value: unknown = raw;
		if (parameter.schema.type === 'integer' && /^-?\d+$/.test(raw)) value = Number(raw);
		if (parameter.schema.type === 'boolean' && (raw === 'true' || raw === 'false')) value = raw === 'true';
		found.push(...check(parameter.schema, value, `${parameter.in} ${parameter.name}`));
	}
	return found;
}

/** Routes of `METHOD /path/{param}` keys, matched against paths as sent (still URL-encoded). */
export function routeMatcher<Key extends string>(keys: Key[]) {
	const routes = keys.map((key) => {
		const [method, template] = key.split(' ');
		const names: string[] = [];
		const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{(\w+)\\?\}/g, (_m, name: string) => {
			names.push(name);
			return '([^/]+)';
		});
		return { key, method, regex: new RegExp(`^${pattern}$`), names };
	});
	return (method: string, path: string): { key: Key; params: Record<string, string> } | undefined => {
		for (const route of routes) {
			const match = method === route.method ? route.regex.exec(path) : null;
			if (match) return { key: route.key, params: Object.fromEntries(route.names.map((name, index) => [name, decodeURIComponent(match[index + 1])])) };
		}
		return undefined;
	};
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
