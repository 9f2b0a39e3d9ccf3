import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { cioPath } from '../../../shared/transport/paths';
import { identifierFields, readIdentifier } from '../common/identifier';
import { appRead, presentList, readPaging, returnAllFields } from '../common/read';
import type { PreparedItem } from '../types';

const show = { resource: ['person'], operation: ['getActivities'] };

/** Activities per page: the spec's maximum. */
export const ACTIVITIES_PAGE_SIZE = 100;

export const description: INodeProperties[] = [
	...identifierFields(show),
	...returnAllFields(show),
	{
		displayName: 'Filters',
		name: 'activityFilters',
		type: 'collection',
		placeholder: 'Add filter',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				default: '',
				placeholder: 'e.g. purchase',
				description: 'Only activities of the event or attribute with this name',
			},
			{
				displayName: 'Type',
				name: 'type',
				type: 'string',
				default: '',
				placeholder: 'e.g. event, attribute_change, sent_email',
				description: 'Only activities of this type, as Customer.io names them',
			},
		],
	},
];

/**
 * What a person did and what was done for them (events, attribute changes, messages …) in the
 * last 30 days: App `GET /v1/customers/{id}/activities?id_type=`, paged (`start`/`next`, `limit` ≤ 100).
 */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const person = readIdentifier(this, itemIndex);
	const filters = this.getNodeParameter('activityFilters', itemIndex, {}) as IDataObject;
	const qs: IDataObject = { id_type: person.type };
	for (const name of ['type', 'name'] as const) {
		if (typeof filters[name] === 'string' && filters[name].trim()) qs[name] = filters[name].trim();
	}
	return appRead(
		itemIndex,
		cioPath('/v1/customers/{identifier}/activities', { identifier: person.value }),
		qs,
		readPaging(this, itemIndex, 'activities', ACTIVITIES_PAGE_SIZE),
		{ type: person.type, value: person.value },
	);
}

export const present = presentList('activities');
