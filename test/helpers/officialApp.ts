import { readFileSync } from 'fs';
import { join } from 'path';
import { parameterProblems, routeMatcher, schemaChecker, type Parameter, type Schema } from './officialSchema';

/**
 * Customer.io's official App API request schemas, as vendored in
 * test/fixtures/openapi/app-requests.json (see its README), checked with the validator shared
 * with the Track side (officialSchema.ts, where its readings of the spec are explained). The
 * simulator refuses what this refuses (appContract.ts), and tests check what the nodes send.
 */
const fixture: { operations: Record<string, { parameters: Parameter[]; requestBody?: Schema }> } = JSON.parse(
	readFileSync(join(__dirname, '../fixtures/openapi/app-requests.json'), 'utf8'),
);

const problems = schemaChecker();

export type AppOperation = keyof typeof fixture.operations & string;

/** The operations the fixture holds, e.g. `POST /v1/send/email`. */
export const APP_OPERATIONS = Object.keys(fixture.operations) as AppOperation[];

const route = routeMatcher(APP_OPERATIONS);

/** Which vendored operation a request is (`path` as sent, still URL-encoded), if any. */
export function appOperation(method: string, path: string): { operation: AppOperation; params: Record<string, string> } | undefined {
	const found = route(method, path);
	return found && { operation: found.key, params: found.params };
}

/**
 * Where an App request breaks the official schema: its path parameters, query (as sent, strings)
 * and JSON body, one line per problem; empty when valid. Throws for a request the fixture does not
 * describe, so a test cannot pass by checking nothing.
 */
export function appProblems(method: string, path: string, request: { query?: Record<string, string>; body?: unknown } = {}): string[] {
	const found = appOperation(method, path);
	if (!found) throw new Error(`${method} ${path} is not a request app-requests.json describes`);
	const spec = fixture.operations[found.operation];
	const result = parameterProblems(problems, spec.parameters, { params: found.params, query: request.query });
	if (spec.requestBody) result.push(...problems(spec.requestBody, request.body === undefined || request.body === '' ? {} : request.body));
	return result;
}

/** The parameter a vendored operation names, e.g. the enum of campaign metrics' `res`. */
export function appParameter(operation: AppOperation, name: string): Parameter {
	const found = fixture.operations[operation].parameters.find((parameter) => parameter.name === name);
	if (!found) throw new Error(`${operation} has no parameter ${name}`);
	return found;
}

/** The JSON request body a vendored operation takes, e.g. the broadcast trigger's `oneOf` of audiences. */
export function appRequestBody(operation: AppOperation): Schema {
	const found = fixture.operations[operation].requestBody;
	if (!found) throw new Error(`${operation} has no request body`);
	return found;
}
