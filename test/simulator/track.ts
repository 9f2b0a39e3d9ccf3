import { byteLength, LIMITS } from '../../nodes/shared/limits';
import { isObject, metaError, ok, type Reply } from './reply';
import { checkAttributes, checkEvent, checkIdentifier, checkIdentifiers } from './rules';
import type { IdentifierType, Person, WorkspaceState } from './state';

/**
 * Track API v1 and v2 for one authenticated workspace. `path` is what follows the Track base
 * URL (e.g. `/api/v1/customers/42`), `rawBody` the exact bytes received.
 */
export function handleTrack(state: WorkspaceState, method: string, path: string, body: unknown, rawBody: string): Reply {
	const segments = path.split('/').filter(Boolean).map(decodeURIComponent);
	const [api, version, resource, identifier, sub, ...rest] = segments;
	if (api !== 'api') return metaError(404, 'not found');

	if (version === 'v1' && resource === 'customers' && identifier !== undefined && rest.length === 0) {
		if (method === 'PUT' && sub === undefined) return identifyV1(state, identifier, body);
		if (method === 'DELETE' && sub === undefined) return deleteV1(state, identifier);
		if (method === 'POST' && sub === 'events') return eventV1(state, identifier, body);
	}
	if (version === 'v1' && resource === 'events' && identifier === undefined && method === 'POST') {
		return anonymousEventV1(state, body);
	}
	if (version === 'v2' && method === 'POST' && identifier === undefined) {
		if (resource === 'entity') {
			if (byteLength(rawBody) > LIMITS.batchOperationBytes) {
				return metaError(413, `request body is larger than ${LIMITS.batchOperationBytes} bytes`);
			}
			const error = applyOperation(state, body);
			return error ? { status: 400, body: { errors: [error] } } : ok();
		}
		if (resource === 'batch') return batchV2(state, body, rawBody);
	}
	return metaError(404, `no route for ${method} ${path}`);
}

/** The JSON object a v1 call carries (an empty body counts as `{}`), or undefined. */
function objectBody(body: unknown): Record<string, unknown> | undefined {
	if (body === undefined || body === '') return {};
	return isObject(body) ? body : undefined;
}

const NOT_AN_OBJECT = metaError(400, 'request body must be a JSON object');

function identifyV1(state: WorkspaceState, identifier: string, body: unknown): Reply {
	const error = checkIdentifier(identifier);
	if (error) return metaError(400, error);
	const attrs = objectBody(body);
	if (!attrs) return NOT_AN_OBJECT;
	const invalid = checkAttributes(attrs);
	if (invalid) return metaError(400, invalid);
	const found = state.findByPathIdentifier(identifier);
	identify(state, found.type, found.value, found.person, attrs);
	return ok();
}

/** Creates or updates a person; `_update: true` never creates, `anonymous_id` merges events. */
function identify(
	state: WorkspaceState,
	type: IdentifierType,
	value: string,
	existing: Person | undefined,
	attributes: Record<string, unknown>,
): void {
	let person = existing;
	// A profile created by email gains its id when identified by id with that email.
	if (!person && type === 'id' && typeof attributes.email === 'string') {
		const byEmail = state.find('email', attributes.email);
		if (byEmail && byEmail.id === undefined) {
			person = byEmail;
			state.setId(person, value);
		}
	}
	if (!person) {
		if (attributes._update === true) return;
		person = state.create(type, value);
	}
	state.applyAttributes(person, attributes);
	if (typeof attributes.anonymous_id === 'string' && attributes.anonymous_id) {
		state.mergeAnonymous(person, attributes.anonymous_id);
	}
}

function deleteV1(state: WorkspaceState, identifier: string): Reply {
	const error = checkIdentifier(identifier);
	if (error) return metaError(400, error);
	const { person } = state.findByPathIdentifier(identifier);
	if (person) state.delete(person);
	return ok();
}

const now = () => Math.floor(Date.now() / 1000);

function eventV1(state: WorkspaceState, identifier: string, body: unknown): Reply {
	const error = checkIdentifier(identifier);
	if (error) return metaError(400, error);
	const event = objectBody(body);
	if (!event) return NOT_AN_OBJECT;
	const invalid = checkEvent(event);
	if (invalid) return metaError(400, invalid);
	const found = state.findByPathIdentifier(identifier);
	const person = found.person ?? state.create(found.type, found.value);
	state.recordEvent(
		{
			name: event.name as string,
			data: (event.data as Record<string, unknown> | undefined) ?? {},
			timestamp: (event.timestamp as number | undefined) ?? now(),
			id: event.id as string | undefined,
			type: event.type as string | undefined,
		},
		person,
	);
	return ok();
}

function anonymousEventV1(state: WorkspaceState, body: unknown): Reply {
	const event = objectBody(body);
	if (!event) return NOT_AN_OBJECT;
	const invalid = checkEvent(event);
	if (invalid) return metaError(400, invalid);
	if (event.anonymous_id !== undefined && typeof event.anonymous_id !== 'string') {
		return metaError(400, 'anonymous_id must be a string');
	}
	state.recordEvent(
		{
			name: event.name as string,
			data: (event.data as Record<string, unknown> | undefined) ?? {},
			timestamp: (event.timestamp as number | undefined) ?? now(),
			id: event.id as string | undefined,
		},
		{ anonymousId: event.anonymous_id as string | undefined },
	);
	return ok();
}

interface OperationError {
	reason: string;
	field?: string;
	message: string;
}

const PERSON_IDENTIFIERS = ['id', 'email', 'phone', 'cio_id'] as const;

/** One v2 operation (`/entity`, or an element of `/batch`); answers the error or undefined. */
function applyOperation(state: WorkspaceState, op: unknown): OperationError | undefined {
	if (!isObject(op)) return { reason: 'invalid', message: 'operation must be a JSON object' };
	if (op.type === 'object' || op.type === 'delivery') {
		// Accepted and not modelled further: the nodes send person operations only.
		return isObject(op.identifiers) ? undefined : { reason: 'required', field: 'identifiers', message: 'identifiers are required' };
	}
	if (op.type !== 'person') return { reason: 'invalid', field: 'type', message: 'type must be person, object or delivery' };
	const ids = checkIdentifiers(op.identifiers, PERSON_IDENTIFIERS);
	if ('error' in ids) return { reason: 'invalid', field: 'identifiers', message: ids.error };
	// The simulator keeps phone-identified people under their id slot: Track has no phone lookup here.
	const type = (ids.type === 'phone' ? 'id' : ids.type) as IdentifierType;
	const existing = state.find(type, ids.value);
	switch (op.action) {
		case 'identify': {
			const invalid = checkAttributes(op.attributes);
			if (invalid) return { reason: 'invalid', field: 'attributes', message: invalid };
			identify(state, type, ids.value, existing, (op.attributes as Record<string, unknown> | undefined) ?? {});
			return undefined;
		}
		case 'delete':
			if (existing) state.delete(existing);
			return undefined;
		case 'event':
		case 'page':
		case 'screen': {
			const invalid = checkEvent({ name: op.name, data: op.attributes, timestamp: op.timestamp, id: op.id });
			if (invalid) return { reason: 'invalid', field: invalid.startsWith('event data') ? 'attributes' : 'name', message: invalid };
			const person = existing ?? state.create(type, ids.value);
			state.recordEvent(
				{
					name: op.name as string,
					data: (op.attributes as Record<string, unknown> | undefined) ?? {},
					timestamp: (op.timestamp as number | undefined) ?? now(),
					id: op.id as string | undefined,
					type: op.action === 'event' ? undefined : op.action,
				},
				person,
			);
			return undefined;
		}
		default:
			return { reason: 'invalid', field: 'action', message: `action ${String(op.action)} is not supported` };
	}
}

/** `/batch`: ≤500 KB in all (413), each op ≤32 KB; bad ops fail alone with a 207. */
function batchV2(state: WorkspaceState, body: unknown, rawBody: string): Reply {
	if (byteLength(rawBody) > LIMITS.batchRequestBytes) {
		return metaError(413, `batch is larger than ${LIMITS.batchRequestBytes} bytes`);
	}
	if (!isObject(body) || !Array.isArray(body.batch)) {
		return { status: 400, body: { errors: [{ reason: 'required', field: 'batch', message: 'batch must be an array of operations' }] } };
	}
	const errors: Array<OperationError & { batch_index: number }> = [];
	body.batch.forEach((op, index) => {
		const error =
			byteLength(JSON.stringify(op)) > LIMITS.batchOperationBytes
				? { reason: 'too_large', message: `operation is larger than ${LIMITS.batchOperationBytes} bytes` }
				: applyOperation(state, op);
		if (error) errors.push({ batch_index: index, ...error });
	});
	return errors.length ? { status: 207, body: { errors } } : ok();
}
