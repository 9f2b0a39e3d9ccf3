import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { cioPath } from '../../../shared/transport/paths';
import type { CustomerIoClient } from '../../../shared/transport/client';
import { ulid } from '../../../shared/ulid';
import { eventDataSchema, eventNameSchema, timestampSchema } from '../../schemas/track';
import { identifierFields, readIdentifier } from '../common/identifier';
import { keyValueFields, readKeyValues } from '../common/keyValues';
import { validate } from '../common/validate';

const show = { resource: ['event'], operation: ['track'] };

export const description: INodeProperties[] = [
	...identifierFields(show),
	{
		displayName: 'Event Name',
		name: 'eventName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. purchased',
		description: 'Name campaigns trigger on, at most 100 bytes',
		displayOptions: { show },
	},
	...keyValueFields('data', 'Event Data', show),
	{
		displayName: 'Options',
		name: 'trackOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Timestamp',
				name: 'timestamp',
				type: 'string',
				default: '',
				placeholder: 'e.g. 2026-11-23T10:00:00Z or 1795478400',
				description: 'When it happened (ISO 8601 or unix seconds); defaults to now. Events older than 72 hours do not trigger campaigns.',
			},
			{
				displayName: 'Event ID',
				name: 'eventId',
				type: 'string',
				default: '',
				description: 'A ULID that makes Customer.io ignore repeats of this event; one is generated per item when empty',
			},
		],
	},
];

interface TrackOptions {
	timestamp?: string;
	eventId?: string;
}

/** Track v1 `POST /customers/{identifier}/events`, with a dedupe id that survives retries. */
export async function execute(this: IExecuteFunctions, client: CustomerIoClient, itemIndex: number): Promise<IDataObject> {
	const person = readIdentifier(this, itemIndex);
	const name = validate(this, eventNameSchema, this.getNodeParameter('eventName', itemIndex), itemIndex, 'Event Name');
	const data = validate(this, eventDataSchema, readKeyValues(this, 'data', itemIndex), itemIndex, 'Event Data');
	const options = this.getNodeParameter('trackOptions', itemIndex, {}) as TrackOptions;
	const body: IDataObject = {
		name,
		data: data as IDataObject,
		timestamp: options.timestamp
			? validate(this, timestampSchema, options.timestamp, itemIndex, 'Timestamp')
			: Math.floor(Date.now() / 1000),
		id: options.eventId || ulid(),
	};
	const response = await client.request({
		api: 'track',
		method: 'POST',
		path: cioPath('/api/v1/customers/{identifier}/events', { identifier: person.pathValue }),
		body,
		idempotent: true,
		itemIndex,
	});
	return { identifier: { type: person.type, value: person.value }, sent: body, status: response.status };
}
