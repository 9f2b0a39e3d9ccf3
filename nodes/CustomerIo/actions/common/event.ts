import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { ulid } from '../../../shared/ulid';
import { eventDataSchema, eventNameSchema, timestampSchema } from '../../schemas/track';
import { keyValueFields, readKeyValues } from './keyValues';
import { validate } from './validate';

/** Name, data, timestamp and dedupe id: shared by Track and Track Anonymous. */
export function eventFields(show: { resource: string[]; operation: string[] }): INodeProperties[] {
	return [
		{
			displayName: 'Event Name',
			name: 'eventName',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. purchased',
			description: 'The name campaigns trigger on, at most 100 bytes',
			displayOptions: { show },
		},
		...keyValueFields('data', 'Event Data', show),
		{
			displayName: 'Options',
			name: 'eventOptions',
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
					description:
						'When it happened (ISO 8601 or unix seconds); defaults to now. Events older than 72 hours do not trigger campaigns.',
				},
				{
					displayName: 'Event ID',
					name: 'eventId',
					type: 'string',
					default: '',
					description:
						'A unique ID (ULID) that makes Customer.io ignore repeats of this event; one is generated per item when empty and reused on every retry',
				},
			],
		},
	];
}

export interface PreparedEvent {
	name: string;
	data: IDataObject;
	timestamp: number;
	id: string;
}

export function readEvent(ctx: IExecuteFunctions, itemIndex: number): PreparedEvent {
	const name = validate(ctx, eventNameSchema, ctx.getNodeParameter('eventName', itemIndex), itemIndex, 'Event Name');
	const data = validate(ctx, eventDataSchema, readKeyValues(ctx, 'data', itemIndex), itemIndex, 'Event Data');
	const options = ctx.getNodeParameter('eventOptions', itemIndex, {}) as { timestamp?: string; eventId?: string };
	return {
		name,
		data: data as IDataObject,
		timestamp: options.timestamp
			? validate(ctx, timestampSchema, options.timestamp, itemIndex, 'Timestamp')
			: Math.floor(Date.now() / 1000),
		// Generated once per item here, before any attempt, so every retry carries the same id.
		id: options.eventId?.trim() || ulid(),
	};
}
