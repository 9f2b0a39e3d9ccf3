import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { cioPath } from '../../../shared/transport/paths';
import { segmentNameSchema } from '../../schemas/app';
import { presentRecord } from '../common/read';
import { validate } from '../common/validate';
import type { PreparedItem } from '../types';

const show = { resource: ['segment'], operation: ['create'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'segmentName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Webinar attendees',
		description: 'The new manual segment\'s name',
		displayOptions: { show },
	},
	{
		displayName: 'Description',
		name: 'segmentDescription',
		type: 'string',
		default: '',
		description: 'What the segment is for (optional)',
		displayOptions: { show },
	},
];

/** An empty manual segment: App `POST /v1/segments` `{segment: {name, description}}` → `{segment: {...}}`. */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const segment: IDataObject = { name: validate(this, segmentNameSchema, this.getNodeParameter('segmentName', itemIndex), itemIndex, 'Name') };
	const text = String(this.getNodeParameter('segmentDescription', itemIndex, '') ?? '').trim();
	if (text) segment.description = text;
	return {
		itemIndex,
		request: {
			api: 'app',
			method: 'POST',
			path: cioPath('/v1/segments'),
			body: { segment },
			// A second try after a lost answer could create a second segment.
			idempotent: false,
			itemIndex,
		},
	};
}

export const present = presentRecord('segment');
