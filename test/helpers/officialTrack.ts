import { readFileSync } from 'fs';
import { join } from 'path';
import { parameterProblems, routeMatcher, schemaChecker, type Parameter, type Schema } from './officialSchema';

export { mutants, type Mutant, type Schema } from './officialSchema';

/**
 * Customer.io's official Track API request schemas, as vendored in
 * test/fixtures/openapi/track-requests.json (see its README), checked with the validator shared
 * with the App side (officialSchema.ts, where its readings of the spec are explained): what the
 * simulator and the nodes are checked against.
 */
const fixture: {
	v1: Record<string, { parameters: Parameter[]; requestBody?: Schema }>;
	v2Batch: Schema;
	schemas: Record<string, Schema>;
} = JSON.parse(readFileSync(join(__dirname, '../fixtures/openapi/track-requests.json'), 'utf8'));

/** Where `value` breaks `schema` (a Track schema or one it references): one line per problem. */
export const problems = schemaChecker(fixture.schemas);

/** Problems of one Track v2 operation (an element of `/batch`, or the body of `/entity`). */
export function v2Problems(operation: unknown): string[] {
	return problems((fixture.v2Batch.properties?.batch as Schema).items as Schema, operation);
}

export type V1Call = keyof typeof fixture.v1 & string;

/** Problems of a v1 call: its path and query parameters (as sent, strings) and its body. */
export function v1Problems(call: V1Call, request: { params?: Record<string, string>; query?: Record<string, string>; body?: unknown }): string[] {
	const spec = fixture.v1[call];
	if (!spec) throw new Error(`${call} is not vendored in track-requests.json`);
	const found = parameterProblems(problems, spec.parameters, request);
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

/** What the simulator recorded of a request (see RecordedRequest). */
interface Sent {
	method: string;
	path: string;
	query: Record<string, string>;
	body: unknown;
}

const v1Route = routeMatcher(V1_CALLS as V1Call[]);

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
	const route = v1Route(request.method, request.path);
	if (route) return v1Problems(route.key, { params: route.params, query: request.query, body: request.body === '' ? undefined : request.body });
	throw new Error(`${request.method} ${request.path} is not a request track-requests.json describes`);
}
