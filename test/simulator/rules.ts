import { byteLength, LIMITS } from '../../nodes/shared/limits';
import { isObject } from './reply';

/**
 * Customer.io's input rules (customerio-contract.md) as the simulator enforces them. Each check
 * answers the error Customer.io would give, or undefined when the input is acceptable.
 */
export function checkIdentifier(value: unknown, label = 'identifier'): string | undefined {
	if (typeof value !== 'string' && typeof value !== 'number') return `${label} is required`;
	const text = String(value);
	if (!text.trim()) return `${label} is required`;
	if (byteLength(text) > LIMITS.identifierBytes) return `${label} is longer than ${LIMITS.identifierBytes} bytes`;
	return undefined;
}

export function checkAttributes(attributes: unknown): string | undefined {
	if (attributes === undefined) return undefined;
	if (!isObject(attributes)) return 'attributes must be a JSON object';
	const entries = Object.entries(attributes);
	if (entries.length > LIMITS.attributesPerCall) {
		return `too many attributes: ${entries.length} (at most ${LIMITS.attributesPerCall})`;
	}
	for (const [name, value] of entries) {
		if (byteLength(name) > LIMITS.attributeNameBytes) {
			return `attribute name is longer than ${LIMITS.attributeNameBytes} bytes: ${name.slice(0, 20)}…`;
		}
		const stored = typeof value === 'string' ? value : JSON.stringify(value) ?? '';
		if (byteLength(stored) > LIMITS.attributeValueBytes) {
			return `attribute value of ${name} is longer than ${LIMITS.attributeValueBytes} bytes`;
		}
	}
	return undefined;
}

export function checkEventName(name: unknown): string | undefined {
	if (typeof name !== 'string' || !name.trim()) return 'event name is required';
	if (byteLength(name) > LIMITS.eventNameBytes) return `event name is longer than ${LIMITS.eventNameBytes} bytes`;
	return undefined;
}

/** Optional fields may be left out, but not sent as null: the Track spec types them (object, integer, string). */
export function checkEventData(data: unknown): string | undefined {
	if (data === undefined) return undefined;
	if (!isObject(data)) return 'event data must be a JSON object';
	if (byteLength(JSON.stringify(data)) > LIMITS.eventDataBytes) {
		return `event data is larger than ${LIMITS.eventDataBytes} bytes`;
	}
	return undefined;
}

/** Timestamps are unix seconds; milliseconds (13 digits) are a common mistake Customer.io refuses. */
export function checkTimestamp(timestamp: unknown): string | undefined {
	if (timestamp === undefined) return undefined;
	if (typeof timestamp !== 'number' || !Number.isInteger(timestamp) || timestamp < 0) {
		return 'timestamp must be an integer of unix seconds';
	}
	if (timestamp > 99_999_999_999) return 'timestamp looks like milliseconds: send unix seconds';
	return undefined;
}

export function checkEventId(id: unknown): string | undefined {
	if (id === undefined) return undefined;
	if (typeof id !== 'string' || !id) return 'id must be a non-empty string (a ULID)';
	return undefined;
}

export function checkEvent(event: { name?: unknown; data?: unknown; timestamp?: unknown; id?: unknown }) {
	return checkEventName(event.name) ?? checkEventData(event.data) ?? checkTimestamp(event.timestamp) ?? checkEventId(event.id);
}

/**
 * `identifiers` must hold exactly one of the allowed keys. The Track spec types person
 * identifiers as strings (`strings`); the App API's transactional sends also take numbers.
 */
export function checkIdentifiers(
	identifiers: unknown,
	allowed: readonly string[],
	{ label = 'identifiers', strings = false }: { label?: string; strings?: boolean } = {},
): { error: string } | { type: string; value: string } {
	if (!isObject(identifiers)) return { error: `${label} must be an object with one of ${allowed.join(', ')}` };
	const keys = Object.keys(identifiers);
	if (keys.length !== 1 || !allowed.includes(keys[0])) {
		return { error: `${label} must hold exactly one of ${allowed.join(', ')}` };
	}
	const value = identifiers[keys[0]];
	if (strings && typeof value !== 'string') return { error: `${label}.${keys[0]} must be a string` };
	const error = checkIdentifier(value, `${label}.${keys[0]}`);
	return error ? { error } : { type: keys[0], value: String(value) };
}

/** A problem with one field of a request: which field, and what Customer.io says about it. */
export interface FieldProblem {
	field: string;
	message: string;
	/** 'required' when the field is missing, 'invalid' otherwise (v2's `reason`). */
	reason: 'required' | 'invalid';
}

const required = (field: string): FieldProblem => ({ field, reason: 'required', message: `${field} is required` });
const invalid = (field: string, message: string): FieldProblem => ({ field, reason: 'invalid', message: `${field} ${message}` });

export const PLATFORMS = ['ios', 'android'] as const;

/**
 * A device as the Track spec's device_object_common describes it: the token (`id` in v1, `token`
 * in v2), `platform` ios|android, optional `last_used` (unix seconds) and `attributes` whose
 * values are strings (`push_enabled` "true" or "false").
 */
export function checkDevice(device: unknown, tokenKey: 'id' | 'token', label = 'device'): FieldProblem | undefined {
	if (device === undefined) return required(label);
	if (!isObject(device)) return invalid(label, 'must be an object');
	const token = device[tokenKey];
	if (token === undefined) return required(`${label}.${tokenKey}`);
	if (typeof token !== 'string' || !token) return invalid(`${label}.${tokenKey}`, 'must be a non-empty string');
	if (device.platform === undefined) return required(`${label}.platform`);
	if (!PLATFORMS.includes(device.platform as (typeof PLATFORMS)[number])) return invalid(`${label}.platform`, 'must be ios or android');
	if (device.last_used !== undefined && (device.last_used === null || checkTimestamp(device.last_used))) return invalid(`${label}.last_used`, 'must be an integer of unix seconds');
	if (device.attributes !== undefined) {
		if (!isObject(device.attributes)) return invalid(`${label}.attributes`, 'must be an object');
		for (const [name, value] of Object.entries(device.attributes)) {
			if (typeof value !== 'string') return invalid(`${label}.attributes.${name}`, 'must be a string');
		}
		const pushEnabled = device.attributes.push_enabled;
		if (pushEnabled !== undefined && pushEnabled !== 'true' && pushEnabled !== 'false') {
			return invalid(`${label}.attributes.push_enabled`, 'must be "true" or "false"');
		}
	}
	return undefined;
}

/** Object type ids are string-formatted integers from 1 (the spec's object_type_id). */
const OBJECT_TYPE_ID = /^[1-9]\d*$/;

export type ObjectIdentifiers = { object_type_id: string; object_id: string } | { cio_object_id: string };

/** An object's identifiers: `object_type_id` + `object_id`, or `cio_object_id` (not both). */
export function checkObjectIdentifiers(identifiers: unknown, label = 'identifiers'): FieldProblem | ObjectIdentifiers {
	if (identifiers === undefined) return required(label);
	if (!isObject(identifiers)) return invalid(label, 'must be an object');
	const { object_type_id: typeId, object_id: objectId, cio_object_id: cioObjectId } = identifiers;
	if (cioObjectId !== undefined) {
		if (typeId !== undefined || objectId !== undefined) return invalid(label, 'must hold object_type_id and object_id, or cio_object_id');
		if (typeof cioObjectId !== 'string' || !cioObjectId) return invalid(`${label}.cio_object_id`, 'must be a non-empty string');
		return { cio_object_id: cioObjectId };
	}
	if (typeId === undefined) return required(`${label}.object_type_id`);
	if (typeof typeId !== 'string' || !OBJECT_TYPE_ID.test(typeId)) {
		return invalid(`${label}.object_type_id`, 'must be a string-formatted integer from 1, such as "1"');
	}
	if (objectId === undefined) return required(`${label}.object_id`);
	if (typeof objectId !== 'string' || !objectId.trim()) return invalid(`${label}.object_id`, 'must be a non-empty string');
	if ([...objectId].length > LIMITS.objectIdCharacters) return invalid(`${label}.object_id`, `is longer than ${LIMITS.objectIdCharacters} characters`);
	return { object_type_id: typeId, object_id: objectId };
}

/** `cio_relationships`: an array of `{identifiers, relationship_attributes?}`; `identify` checks each item's identifiers. */
export function checkRelationships<T>(
	relationships: unknown,
	identify: (identifiers: unknown, label: string) => FieldProblem | T,
	label = 'cio_relationships',
): FieldProblem | Array<{ target: T; attributes: Record<string, unknown> }> {
	if (relationships === undefined) return required(label);
	if (!Array.isArray(relationships)) return invalid(label, 'must be an array');
	const checked: Array<{ target: T; attributes: Record<string, unknown> }> = [];
	for (const [index, relationship] of relationships.entries()) {
		const at = `${label}[${index}]`;
		if (!isObject(relationship)) return invalid(at, 'must be an object');
		const target = identify(relationship.identifiers, `${at}.identifiers`);
		if (isProblem(target)) return target;
		const attributes = relationship.relationship_attributes;
		if (attributes !== undefined && !isObject(attributes)) return invalid(`${at}.relationship_attributes`, 'must be an object');
		checked.push({ target, attributes: (attributes as Record<string, unknown> | undefined) ?? {} });
	}
	return checked;
}

export function isProblem(value: unknown): value is FieldProblem {
	return isObject(value) && typeof value.field === 'string' && (value.reason === 'required' || value.reason === 'invalid');
}

/** A person named in a body (merge, relationships): exactly one of id, email, cio_id, as a string. */
export function checkPerson(identifiers: unknown, label: string): FieldProblem | { type: 'id' | 'email' | 'cio_id'; value: string } {
	if (identifiers === undefined) return required(label);
	const checked = checkIdentifiers(identifiers, ['id', 'email', 'cio_id'], { label, strings: true });
	if ('error' in checked) return { field: label, reason: 'invalid', message: checked.error };
	return checked as { type: 'id' | 'email' | 'cio_id'; value: string };
}

/** The page event's known data (the spec's person_page attributes): strings, and keywords a list of strings. */
export function checkPageData(data: unknown, label: string): FieldProblem | undefined {
	if (!isObject(data)) return undefined;
	for (const name of ['path', 'referrer', 'search', 'title', 'url']) {
		if (data[name] !== undefined && typeof data[name] !== 'string') return invalid(`${label}.${name}`, 'must be a string');
	}
	const keywords = data.keywords;
	if (keywords !== undefined && (!Array.isArray(keywords) || keywords.some((k) => typeof k !== 'string'))) {
		return invalid(`${label}.keywords`, 'must be a list of strings');
	}
	return undefined;
}

export const E164 = /^\+[1-9]\d{6,14}$/;
export const EMAIL = /^[^\s@<>,]+@[^\s@<>,]+\.[^\s@<>,]+$/;

/** `to`/`bcc` lists: comma-separated addresses, optionally as `Name <address>`. */
export function addresses(list: unknown): string[] {
	if (typeof list !== 'string') return [];
	return list
		.split(',')
		.map((part) => part.trim())
		.filter(Boolean)
		.map((part) => /<([^>]+)>\s*$/.exec(part)?.[1] ?? part);
}
