import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { cioPath } from '../../../shared/transport/paths';
import { appRead, presentList, readPaging, returnAllFields } from '../common/read';
import type { PreparedItem } from '../types';

const show = { resource: ['newsletter'], operation: ['getMany'] };

/** Newsletters asked per page (`limit`). */
export const NEWSLETTER_PAGE_SIZE = 100;

export const description: INodeProperties[] = [
	...returnAllFields(show),
	{
		displayName: 'Sort',
		name: 'sort',
		type: 'options',
		options: [
			{ name: 'Oldest First', value: 'asc' },
			{ name: 'Newest First', value: 'desc' },
		],
		default: 'desc',
		description: 'Order of the newsletters, by when they were created',
		displayOptions: { show },
	},
];

/** The workspace's newsletters: App `GET /v1/newsletters`, paged (`start` = the last answer's `next`, `limit`, `sort`). */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const sort = this.getNodeParameter('sort', itemIndex, 'desc') as string;
	return appRead(itemIndex, cioPath('/v1/newsletters'), { sort }, readPaging(this, itemIndex, 'newsletters', NEWSLETTER_PAGE_SIZE));
}

export const present = presentList('newsletters');
