import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { cioPath } from '../../../shared/transport/paths';
import { deliveryFilters, deliveryQuery } from '../common/deliveries';
import { identifierFields, readIdentifier } from '../common/identifier';
import { appRead, presentList, readPaging, returnAllFields } from '../common/read';
import type { PreparedItem } from '../types';

const show = { resource: ['person'], operation: ['getMessages'] };

/** Deliveries asked per page; the spec allows up to 1,000. */
export const PERSON_MESSAGES_PAGE_SIZE = 1000;

export const description: INodeProperties[] = [...identifierFields(show), ...returnAllFields(show), deliveryFilters(show, 'person')];

/**
 * The deliveries sent to a person, newest first: App `GET /v1/customers/{id}/messages?id_type=`,
 * paged (`start`/`next`, `limit`), optionally within a time range.
 */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const person = readIdentifier(this, itemIndex);
	return appRead(
		itemIndex,
		// The App API takes the raw value plus id_type (no cio_ prefix).
		cioPath('/v1/customers/{identifier}/messages', { identifier: person.value }),
		{ id_type: person.type, ...deliveryQuery(this, itemIndex) },
		readPaging(this, itemIndex, 'messages', PERSON_MESSAGES_PAGE_SIZE),
		{ type: person.type, value: person.value },
	);
}

export const present = presentList('messages');
