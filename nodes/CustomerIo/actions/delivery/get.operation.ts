import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';
import { cioPath, pathSegmentProblem } from '../../../shared/transport/paths';
import { appRead, presentRecord } from '../common/read';
import { validate } from '../common/validate';
import type { PreparedItem } from '../types';

const show = { resource: ['delivery'], operation: ['get'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Delivery ID',
		name: 'deliveryId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. {{ $json.delivery_id }}',
		description: 'The delivery_id a send answered or a reporting webhook carried (Customer.io calls it the message ID)',
		displayOptions: { show },
	},
];

/** Far longer than the IDs Customer.io gives (about 40 characters): a value of megabytes is a wrong mapping, refused before it becomes a URL. */
const MAX_DELIVERY_ID_CHARACTERS = 1000;

/** A delivery ID names the delivery in the path, so it must be exactly one path segment (an object would become "[object Object]"). */
const deliveryIdSchema = z
	.string({ invalid_type_error: 'must be text, such as the delivery_id of a send' })
	.trim()
	.min(1, 'is empty')
	.max(MAX_DELIVERY_ID_CHARACTERS, `is longer than ${MAX_DELIVERY_ID_CHARACTERS} characters: map the delivery_id itself`)
	.superRefine((id, ctx) => {
		const problem = id ? pathSegmentProblem(id) : undefined;
		if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
	});

/** One delivery (a message sent to one person) and its metrics: App `GET /v1/messages/{message_id}` → `{message: {...}}`. */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const id = validate(this, deliveryIdSchema, this.getNodeParameter('deliveryId', itemIndex, ''), itemIndex, 'Delivery ID');
	return appRead(itemIndex, cioPath('/v1/messages/{message_id}', { message_id: id }));
}

export const present = presentRecord('message');
