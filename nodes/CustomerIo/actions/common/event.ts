import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { PreparedItem } from '../types';
import type { RunState } from '../runState';
import { eventDataSchema, eventNameSchema, timestampSchema } from '../../schemas/track';
import type { PersonIdentifier } from './identifier';
import { keyValueFields, readKeyValues } from './keyValues';
import { personChange } from './person';
import { validate } from './validate';

/** How the editor shows an event's name: "Event Name", or what a page or screen view calls it. */
export interface EventName {
	displayName: string;
	placeholder: string;
	description: string;
}

const EVENT_NAME: EventName = {
	displayName: 'Event Name',
	placeholder: 'e.g. purchased',
	description: 'The name campaigns trigger on, at most 100 bytes',
};

/** Name, data, timestamp and dedupe id: shared by Track, Track Anonymous and page and screen views. */
export function eventFields(show: { resource: string[]; operation: string[] }, name: EventName = EVENT_NAME): INodeProperties[] {
	return [
		{
			displayName: name.displayName,
			name: 'eventName',
			type: 'string',
			default: '',
			required: true,
			placeholder: name.placeholder,
			description: name.description,
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

/** A plain event, or a page or screen view (an event of that type, named after the page or screen). */
export type EventKind = 'event' | 'page' | 'screen';

/**
 * Reads an item's event for `who` (the person's identifiers or the anonymous id). Without a
 * Timestamp or Event ID, both come from the run (see RunState): every retry of the run sends
 * exactly the same event, so Customer.io keeps one.
 */
export function readEvent(
	ctx: IExecuteFunctions,
	itemIndex: number,
	run: RunState,
	who: IDataObject,
	{ name: nameField = EVENT_NAME, kind = 'event' }: { name?: EventName; kind?: EventKind } = {},
): PreparedEvent {
	const name = validate(ctx, eventNameSchema, ctx.getNodeParameter('eventName', itemIndex), itemIndex, nameField.displayName);
	const data = validate(ctx, eventDataSchema, readKeyValues(ctx, 'data', itemIndex), itemIndex, 'Event Data') as IDataObject;
	const options = ctx.getNodeParameter('eventOptions', itemIndex, {}) as { timestamp?: string; eventId?: string };
	const timestamp = options.timestamp
		? validate(ctx, timestampSchema, options.timestamp, itemIndex, 'Timestamp')
		: Math.floor(run.startedAt / 1000);
	// The kind joins the hash only for page and screen views, so plain events keep the ids they always had.
	const event = kind === 'event' ? { who, name, data, timestamp } : { who, kind, name, data, timestamp };
	const id = options.eventId?.trim() || run.eventId(itemIndex, event, timestamp);
	return { name, data, timestamp, id };
}

/** The fields of a v2 event, page or screen operation: the data rides as `attributes`. */
export function eventOperationFields(event: PreparedEvent): IDataObject {
	return { name: event.name, attributes: event.data, timestamp: event.timestamp, id: event.id };
}

/**
 * A known person's event or page view: v1 `POST /customers/{identifier}/events` (a page view
 * says `type: "page"`) or the v2 `event` / `page` operation.
 */
export function personEvent(itemIndex: number, person: PersonIdentifier, event: PreparedEvent, kind: 'event' | 'page'): PreparedItem {
	const body: IDataObject = { name: event.name, ...(kind === 'page' ? { type: 'page' } : {}), data: event.data, timestamp: event.timestamp, id: event.id };
	return personChange(
		itemIndex,
		person,
		{ method: 'POST', template: '/api/v1/customers/{identifier}/events', body },
		kind,
		eventOperationFields(event),
	);
}
