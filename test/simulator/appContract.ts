import { appOperation, appProblems } from '../helpers/officialApp';
import { detailError, metaError, type Reply } from './reply';

/**
 * Customer.io's official App request schemas in front of the simulated routes: a request to a
 * vendored operation (test/fixtures/openapi/app-requests.json) that the schema refuses gets 400
 * before any route logic, so a node cannot pass a test with a request the real API would refuse.
 * The body is the error shape the spec documents for that 400: `{"meta":{"error"}}` for the
 * `/v1/send/*` calls, `{"errors":[{"detail","status"}]}` elsewhere. Operations the fixture does
 * not describe go on unchecked.
 */
export function refuseByContract(method: string, path: string, query: Record<string, string>, body: unknown): Reply | undefined {
	if (!appOperation(method, path)) return undefined;
	const problems = appProblems(method, path, { query, body });
	if (!problems.length) return undefined;
	const error = `The request was malformed: ${problems.join('; ')}`;
	return path.startsWith('/v1/send/') ? metaError(400, error) : detailError(400, error);
}
