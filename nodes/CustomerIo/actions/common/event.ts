import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { RunState } from '../runState';
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

/**
 * Reads an item's event for `who` (the person's identifiers or the anonymous id). Without a
 * Timestamp or Event ID, both come from the run (see RunState): every retry of the run sends
 * exactly the same event, so Customer.io keeps one.
 */
export function readEvent(ctx: IExecuteFunctions, itemIndex: number, run: RunState, who: IDataObject): PreparedEvent {
	const name = validate(ctx, eventNameSchema, ctx.getNodeParameter('eventName', itemIndex), itemIndex, 'Event Name');
	const data = validate(ctx, eventDataSchema, readKeyValues(ctx, 'data', itemIndex), itemIndex, 'Event Data') as IDataObject;
	const options = ctx.getNodeParameter('eventOptions', itemIndex, {}) as { timestamp?: string; eventId?: string };
	const timestamp = options.timestamp
		? validate(ctx, timestampSchema, options.timestamp, itemIndex, 'Timestamp')
		: Math.floor(run.startedAt / 1000);
	const id = options.eventId?.trim() || run.eventId(itemIndex, { who, name, data, timestamp }, timestamp);
	return { name, data, timestamp, id };
}
