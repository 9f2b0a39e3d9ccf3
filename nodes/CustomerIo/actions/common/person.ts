import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';
import { cioPath } from '../../../shared/transport/paths';
import type { PreparedItem } from '../types';
import { describePerson, personIdentifiers, type PersonIdentifier } from './identifier';

/** A Track v1 call on one person: `{identifier}` in the template is the person's path value. */
export interface PersonCall {
	method: IHttpRequestMethods;
	template: string;
	/** More path parameters than `{identifier}` (e.g. a device token). */
	params?: Record<string, string>;
	body?: IDataObject;
}

/**
 * An item that changes one person, as a Track v1 call (batching off) and as the v2 operation
 * `{type: "person", identifiers, action, ...fields}` that rides in `/batch`. Every such change
 * is safe to repeat (identify, delete, devices, suppression; events carry their id).
 */
export function personChange(
	itemIndex: number,
	person: PersonIdentifier,
	call: PersonCall,
	action: string,
	fields: IDataObject = {},
): PreparedItem {
	return {
		itemIndex,
		identifier: describePerson(person),
		request: {
			api: 'track',
			method: call.method,
			path: cioPath(call.template, { identifier: person.pathValue, ...call.params }),
			...(call.body !== undefined ? { body: call.body } : {}),
			idempotent: true,
			itemIndex,
		},
		batchOperation: { type: 'person', identifiers: personIdentifiers(person), action, ...fields },
	};
}
