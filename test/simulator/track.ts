import { byteLength, LIMITS } from '../../nodes/shared/limits';
import { isObject, metaError, metaErrors, ok, type Reply } from './reply';
import {
	checkAttributes,
	checkDevice,
	checkEvent,
	checkIdentifier,
	checkIdentifiers,
	checkObjectIdentifiers,
	checkPageData,
	checkPerson,
	checkRelationships,
	isProblem,
	type FieldProblem,
	type ObjectIdentifiers,
} from './rules';
import type { Device, IdentifierType, Person, StoredObject, WorkspaceState } from './state';

/**
 * Track API v1 and v2 for one authenticated workspace. `path` is what follows the Track base
 * URL (e.g. `/api/v1/customers/42`), `query` its query parameters, `rawBody` the exact bytes
 * received. Requests are checked against the official Track OpenAPI (vendored in
 * test/fixtures/openapi/track-requests.json): what its request schemas refuse is refused here,
 * in Customer.io's error shapes.
 */
export function handleTrack(
	state: WorkspaceState,
	method: string,
	path: string,
	body: unknown,
	rawBody: string,
	query: Record<string, string> = {},
): Reply {
	const segments = path.split('/').filter(Boolean).map(decodeURIComponent);
	const [api, version, resource, identifier, sub, ...rest] = segments;
	if (api !== 'api') return metaError(404, 'not found');

	if (version === 'v1' && resource === 'customers' && identifier !== undefined) {
		if (rest.length === 0) {
			if (method === 'PUT' && sub === undefined) return identifyV1(state, identifier, body);
			if (method === 'DELETE' && sub === undefined) return deleteV1(state, identifier);
			if (method === 'POST' && sub === 'events') return eventV1(state, identifier, body);
			if (method === 'PUT' && sub === 'devices') return addDeviceV1(state, identifier, body);
			if (method === 'POST' && (sub === 'suppress' || sub === 'unsuppress')) return suppressV1(state, identifier, sub);
		}
		if (method === 'DELETE' && sub === 'devices' && rest.length === 1) return deleteDeviceV1(state, identifier, rest[0]);
	}
	if (version === 'v1' && resource === 'events' && identifier === undefined && method === 'POST') {
		return anonymousEventV1(state, body);
	}
	if (version === 'v1' && resource === 'merge_customers' && identifier === undefined && method === 'POST') {
		return mergeV1(state, body);
	}
	if (version === 'v1' && resource === 'segments' && identifier !== undefined && rest.length === 0 && method === 'POST') {
		if (sub === 'add_customers' || sub === 'remove_customers') return segmentV1(state, identifier, sub, query, body);
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

/** "Any future API calls or operations referencing the specified ID are ignored" (suppress): answered 200, nothing changes. */
const isIgnored = (state: WorkspaceState, type: IdentifierType | 'phone', value: string) => state.isSuppressed(type, value);

function identifyV1(state: WorkspaceState, identifier: string, body: unknown): Reply {
	const error = checkIdentifier(identifier);
	if (error) return metaError(400, error);
	const attrs = objectBody(body);
	if (!attrs) return NOT_AN_OBJECT;
	const invalid = checkAttributes(attrs);
	if (invalid) return metaError(400, invalid);
	const found = state.findByPathIdentifier(identifier);
	if (isIgnored(state, found.type, found.value)) return ok();
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

/** Event `type`s of the v1 events schema (eventsRequest). */
const V1_EVENT_TYPES = ['event', 'page', 'screen'];

function eventV1(state: WorkspaceState, identifier: string, body: unknown): Reply {
	const error = checkIdentifier(identifier);
	if (error) return metaError(400, error);
	const event = objectBody(body);
	if (!event) return NOT_AN_OBJECT;
	const invalid = checkEvent(event);
	if (invalid) return metaError(400, invalid);
	if (event.type !== undefined && !V1_EVENT_TYPES.includes(event.type as string)) {
		return metaError(400, 'type must be one of event, page, screen');
	}
	// The official v1 schema's screen variant requires anonymous_id even on this path (its page
	// and standard variants do not); the node sends known people's screen views through v2.
	if (event.type === 'screen' && typeof event.anonymous_id !== 'string') {
		return metaError(400, 'anonymous_id is required for a screen event');
	}
	const found = state.findByPathIdentifier(identifier);
	if (isIgnored(state, found.type, found.value)) return ok();
	const person = found.person ?? state.create(found.type, found.value);
	state.recordEvent(
		{
			name: event.name as string,
			data: (event.data as Record<string, unknown> | undefined) ?? {},
			timestamp: (event.timestamp as number | undefined) ?? now(),
			id: event.id as string | undefined,
			type: event.type === 'event' ? undefined : (event.type as string | undefined),
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

/** A device as stored, from v1's `{id, …}` or v2's `{token, …}` (already checked). */
function deviceOf(device: Record<string, unknown>, token: string): Device {
	return {
		id: token,
		platform: device.platform as Device['platform'],
		last_used: (device.last_used as number | undefined) ?? now(),
		attributes: (device.attributes as Record<string, string> | undefined) ?? {},
	};
}

/**
 * v1 `PUT /customers/{identifier}/devices`: adds or updates a device (by token). An unknown
 * person is created, as v1 events do.
 */
function addDeviceV1(state: WorkspaceState, identifier: string, body: unknown): Reply {
	const error = checkIdentifier(identifier);
	if (error) return metaErrors(400, [error]);
	const payload = objectBody(body);
	if (!payload) return metaErrors(400, ['request body must be a JSON object']);
	const problem = checkDevice(payload.device, 'id');
	if (problem) return metaErrors(400, [problem.message]);
	const found = state.findByPathIdentifier(identifier);
	if (isIgnored(state, found.type, found.value)) return ok();
	const device = payload.device as Record<string, unknown>;
	state.upsertDevice(found.person ?? state.create(found.type, found.value), deviceOf(device, device.id as string));
	return ok();
}

/** v1 `DELETE /customers/{identifier}/devices/{device_id}`; an unknown device or person is no error. */
function deleteDeviceV1(state: WorkspaceState, identifier: string, token: string): Reply {
	const error = checkIdentifier(identifier) ?? (token ? undefined : 'device_id is required');
	if (error) return metaErrors(400, [error]);
	const { person } = state.findByPathIdentifier(identifier);
	if (person) state.deleteDevice(person, token);
	return ok();
}

/** v1 `POST /customers/{identifier}/suppress` and `/unsuppress` (no body). */
function suppressV1(state: WorkspaceState, identifier: string, action: 'suppress' | 'unsuppress'): Reply {
	const error = checkIdentifier(identifier);
	if (error) return metaError(400, error);
	const { type, value } = state.findByPathIdentifier(identifier);
	if (action === 'suppress') state.suppress(type, value);
	else state.unsuppress(type, value);
	return ok();
}

/**
 * v1 `POST /merge_customers` `{primary, secondary}`, each exactly one of id, email, cio_id
 * (400 `meta.error` otherwise, as the spec's merge answer says). A primary that does not exist
 * makes the call do nothing; so does a missing secondary.
 */
function mergeV1(state: WorkspaceState, body: unknown): Reply {
	const payload = objectBody(body);
	if (!payload) return NOT_AN_OBJECT;
	const problem = merge(state, payload);
	return problem ? metaError(400, problem.message) : ok();
}

function merge(state: WorkspaceState, payload: Record<string, unknown>): FieldProblem | undefined {
	const primary = checkPerson(payload.primary, 'primary');
	if (isProblem(primary)) return primary;
	const secondary = checkPerson(payload.secondary, 'secondary');
	if (isProblem(secondary)) return secondary;
	const kept = state.find(primary.type, primary.value);
	const merged = state.find(secondary.type, secondary.value);
	if (kept && merged) state.merge(kept, merged);
	return undefined;
}

const SEGMENT_ID_TYPES = ['id', 'email', 'cio_id'];
const INT32_MAX = 2 ** 31 - 1;

/**
 * v1 `POST /segments/{segment_id}/add_customers` and `/remove_customers`: `{"ids": [...]}`
 * (1 to 1000 strings) of the kind `id_type` names (default id). Values that name nobody are
 * ignored. The segment must exist and be manual: the API cannot change data-driven segments.
 * A segment id that names no segment answers 404 (the spec lists no answer for it).
 */
function segmentV1(
	state: WorkspaceState,
	segmentId: string,
	action: 'add_customers' | 'remove_customers',
	query: Record<string, string>,
	body: unknown,
): Reply {
	const id = /^\d+$/.test(segmentId) ? Number(segmentId) : NaN;
	if (!Number.isInteger(id) || id > INT32_MAX) return metaErrors(400, ['segment_id must be an integer']);
	const idType = query.id_type ?? 'id';
	if (!SEGMENT_ID_TYPES.includes(idType)) return metaErrors(400, ['id_type must be one of id, email, cio_id']);
	const payload = objectBody(body);
	if (!payload) return metaErrors(400, ['request body must be a JSON object']);
	const { ids } = payload;
	if (ids === undefined) return metaErrors(400, ['ids is required']);
	if (!Array.isArray(ids) || ids.some((value) => typeof value !== 'string')) return metaErrors(400, ['ids must be an array of strings']);
	if (ids.length < 1 || ids.length > LIMITS.segmentIdsPerCall) {
		return metaErrors(400, [`ids must hold 1 to ${LIMITS.segmentIdsPerCall} values (got ${ids.length})`]);
	}
	const segment = state.segments.get(id);
	if (!segment) return metaError(404, `segment ${id} not found`);
	if (segment.type !== 'manual') return metaErrors(400, ['people can only be added to or removed from manual segments']);
	for (const value of ids as string[]) {
		const person = state.find(idType as IdentifierType, value);
		if (!person) continue;
		if (action === 'add_customers') segment.members.add(person.cio_id);
		else segment.members.delete(person.cio_id);
	}
	return ok();
}

interface OperationError {
	reason: string;
	field?: string;
	message: string;
}

const PERSON_IDENTIFIERS = ['id', 'email', 'phone', 'cio_id'] as const;
const PERSON_ACTIONS = [
	'identify',
	'delete',
	'event',
	'page',
	'screen',
	'add_relationships',
	'delete_relationships',
	'add_device',
	'delete_device',
	'merge',
	'suppress',
	'unsuppress',
];
const OBJECT_ACTIONS = ['identify', 'identify_anonymous', 'delete', 'add_relationships', 'delete_relationships'];

/** Object and relationship attributes: null or "" removes one, anything else sets it. */
function setAttributes(target: Record<string, unknown>, attributes: Record<string, unknown>): void {
	for (const [key, value] of Object.entries(attributes)) {
		if (value === null || value === '') delete target[key];
		else target[key] = value;
	}
}

/** One v2 operation (`/entity`, or an element of `/batch`); answers the error or undefined. */
function applyOperation(state: WorkspaceState, op: unknown): OperationError | undefined {
	if (!isObject(op)) return { reason: 'invalid', message: 'operation must be a JSON object' };
	if (op.type === 'delivery') {
		// Accepted and not modelled further: the nodes send no delivery operations.
		return isObject(op.identifiers) ? undefined : { reason: 'required', field: 'identifiers', message: 'identifiers are required' };
	}
	if (op.type === 'object') return objectOperation(state, op);
	if (op.type !== 'person') return { reason: 'invalid', field: 'type', message: 'type must be person, object or delivery' };
	if (op.action === undefined) return { reason: 'required', field: 'action', message: 'action is required' };
	if (!PERSON_ACTIONS.includes(op.action as string)) {
		return { reason: 'invalid', field: 'action', message: `action ${String(op.action)} is not supported` };
	}
	// Merge names its two people in primary/secondary, not in identifiers.
	if (op.action === 'merge') return merge(state, op);
	const ids = checkIdentifiers(op.identifiers, PERSON_IDENTIFIERS, { strings: true });
	if ('error' in ids) return { reason: 'invalid', field: 'identifiers', message: ids.error };
	// The simulator keeps phone-identified people under their id slot: Track has no phone lookup here.
	const type = (ids.type === 'phone' ? 'id' : ids.type) as IdentifierType;
	const problem = checkPersonAction(op);
	if (problem) return problem;
	if (op.action === 'suppress') {
		state.suppress(type, ids.value);
		return undefined;
	}
	if (op.action === 'unsuppress') {
		state.unsuppress(type, ids.value);
		return undefined;
	}
	if (isIgnored(state, type, ids.value)) return undefined;
	const existing = state.find(type, ids.value);
	const person = () => existing ?? state.create(type, ids.value);
	switch (op.action) {
		case 'identify':
			identify(state, type, ids.value, existing, (op.attributes as Record<string, unknown> | undefined) ?? {});
			return undefined;
		case 'delete':
			if (existing) state.delete(existing);
			return undefined;
		case 'event':
		case 'page':
		case 'screen':
			state.recordEvent(
				{
					name: op.name as string,
					data: (op.attributes as Record<string, unknown> | undefined) ?? {},
					timestamp: (op.timestamp as number | undefined) ?? now(),
					id: op.id as string | undefined,
					type: op.action === 'event' ? undefined : (op.action as string),
				},
				person(),
			);
			return undefined;
		case 'add_device': {
			const device = op.device as Record<string, unknown>;
			state.upsertDevice(person(), deviceOf(device, device.token as string));
			return undefined;
		}
		case 'delete_device':
			if (existing) state.deleteDevice(existing, (op.device as { token: string }).token);
			return undefined;
		case 'add_relationships':
		case 'delete_relationships': {
			const action = op.action as 'add_relationships' | 'delete_relationships';
			const relationships = checkRelationships(op.cio_relationships, checkObjectIdentifiers) as Array<{ target: ObjectIdentifiers; attributes: Record<string, unknown> }>;
			const who = action === 'add_relationships' ? person() : existing;
			for (const { target, attributes } of relationships) {
				if (who) relate(objectFor(state, target, action === 'add_relationships'), who, action, attributes);
			}
			return undefined;
		}
	}
	return undefined;
}

/** The checks of each person action's own fields (person_page, person_add_device …); undefined when they pass. */
function checkPersonAction(op: Record<string, unknown>): OperationError | undefined {
	switch (op.action) {
		case 'identify': {
			const invalid = checkAttributes(op.attributes);
			return invalid ? { reason: 'invalid', field: 'attributes', message: invalid } : undefined;
		}
		case 'event':
		case 'page':
		case 'screen': {
			if (op.name === undefined) return { reason: 'required', field: 'name', message: 'name is required' };
			const invalid = checkEvent({ name: op.name, data: op.attributes, timestamp: op.timestamp, id: op.id });
			if (invalid) return { reason: 'invalid', field: invalid.startsWith('event data') ? 'attributes' : 'name', message: invalid };
			return op.action === 'page' ? checkPageData(op.attributes, 'attributes') : undefined;
		}
		case 'add_device':
			return checkDevice(op.device, 'token');
		case 'delete_device': {
			if (op.device === undefined) return { reason: 'required', field: 'device', message: 'device is required' };
			const token = isObject(op.device) ? op.device.token : undefined;
			if (typeof token !== 'string' || !token) return { reason: 'invalid', field: 'device.token', message: 'device.token must be a non-empty string' };
			return undefined;
		}
		case 'add_relationships':
		case 'delete_relationships': {
			const relationships = checkRelationships(op.cio_relationships, checkObjectIdentifiers);
			return isProblem(relationships) ? relationships : undefined;
		}
	}
	return undefined;
}

/** An object operation (the spec's object_operations): identify, identify_anonymous, delete, add/delete relationships. */
function objectOperation(state: WorkspaceState, op: Record<string, unknown>): OperationError | undefined {
	if (op.action === undefined) return { reason: 'required', field: 'action', message: 'action is required' };
	if (!OBJECT_ACTIONS.includes(op.action as string)) {
		return { reason: 'invalid', field: 'action', message: `action ${String(op.action)} is not supported for objects` };
	}
	const identifiers = checkObjectIdentifiers(op.identifiers);
	if (isProblem(identifiers)) return identifiers;
	const relate_ = op.action === 'add_relationships' || op.action === 'delete_relationships';
	const identify_ = op.action === 'identify' || op.action === 'identify_anonymous';
	if (identify_ && op.attributes !== undefined) {
		const invalid = checkAttributes(op.attributes);
		if (invalid) return { reason: 'invalid', field: 'attributes', message: invalid };
	}
	// identify may relate people too; identify_anonymous relates anonymous visitors, which the simulator does not keep.
	const people =
		relate_ || (op.action === 'identify' && op.cio_relationships !== undefined)
			? checkRelationships(op.cio_relationships, checkPerson)
			: [];
	if (isProblem(people)) return people;
	if (op.action === 'identify_anonymous' && op.cio_relationships !== undefined && !Array.isArray(op.cio_relationships)) {
		return { reason: 'invalid', field: 'cio_relationships', message: 'cio_relationships must be an array' };
	}

	const object = objectFor(state, identifiers, op.action !== 'delete' && op.action !== 'delete_relationships');
	if (!object) return undefined;
	if (op.action === 'delete') {
		state.deleteObject(object);
		return undefined;
	}
	if (identify_) setAttributes(object.attributes, (op.attributes as Record<string, unknown> | undefined) ?? {});
	const action = op.action === 'delete_relationships' ? 'delete_relationships' : 'add_relationships';
	for (const { target, attributes } of people) {
		if (isIgnored(state, target.type, target.value)) continue;
		const existing = state.find(target.type, target.value);
		const person = existing ?? (action === 'add_relationships' ? state.create(target.type, target.value) : undefined);
		if (person) relate(object, person, action, attributes);
	}
	return undefined;
}

/**
 * The object the identifiers name; with `create`, an unknown object_type_id + object_id is
 * created (Customer.io creates objects, and even object types, it does not know yet). A
 * cio_object_id can only name an existing object.
 */
function objectFor(state: WorkspaceState, identifiers: ObjectIdentifiers, create: boolean): StoredObject | undefined {
	const found = state.findObject(identifiers);
	if (found || !create || 'cio_object_id' in identifiers) return found;
	return state.createObject(identifiers.object_type_id, identifiers.object_id);
}

function relate(
	object: StoredObject | undefined,
	person: Person,
	action: 'add_relationships' | 'delete_relationships',
	attributes: Record<string, unknown>,
): void {
	if (!object) return;
	if (action === 'delete_relationships') {
		object.relationships.delete(person.cio_id);
		return;
	}
	const current = { ...object.relationships.get(person.cio_id) };
	setAttributes(current, attributes);
	object.relationships.set(person.cio_id, current);
	person.updatedAt = Math.floor(Date.now() / 1000);
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
