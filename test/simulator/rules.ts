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

export function checkEventData(data: unknown): string | undefined {
	if (data === undefined || data === null) return undefined;
	if (!isObject(data)) return 'event data must be a JSON object';
	if (byteLength(JSON.stringify(data)) > LIMITS.eventDataBytes) {
		return `event data is larger than ${LIMITS.eventDataBytes} bytes`;
	}
	return undefined;
}

/** Timestamps are unix seconds; milliseconds (13 digits) are a common mistake Customer.io refuses. */
export function checkTimestamp(timestamp: unknown): string | undefined {
	if (timestamp === undefined || timestamp === null) return undefined;
	if (typeof timestamp !== 'number' || !Number.isInteger(timestamp) || timestamp < 0) {
		return 'timestamp must be an integer of unix seconds';
	}
	if (timestamp > 99_999_999_999) return 'timestamp looks like milliseconds: send unix seconds';
	return undefined;
}

export function checkEventId(id: unknown): string | undefined {
	if (id === undefined || id === null) return undefined;
	if (typeof id !== 'string' || !id) return 'id must be a non-empty string (a ULID)';
	return undefined;
}

export function checkEvent(event: { name?: unknown; data?: unknown; timestamp?: unknown; id?: unknown }) {
	return checkEventName(event.name) ?? checkEventData(event.data) ?? checkTimestamp(event.timestamp) ?? checkEventId(event.id);
}

/** `identifiers` must hold exactly one of the allowed keys. */
export function checkIdentifiers(
	identifiers: unknown,
	allowed: readonly string[],
): { error: string } | { type: string; value: string } {
	if (!isObject(identifiers)) return { error: `identifiers must be an object with one of ${allowed.join(', ')}` };
	const keys = Object.keys(identifiers);
	if (keys.length !== 1 || !allowed.includes(keys[0])) {
		return { error: `identifiers must hold exactly one of ${allowed.join(', ')}` };
	}
	const error = checkIdentifier(identifiers[keys[0]], `identifiers.${keys[0]}`);
	return error ? { error } : { type: keys[0], value: String(identifiers[keys[0]]) };
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
