import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { cioPath } from '../../../shared/transport/paths';
import { identifierFields, readIdentifier } from '../common/identifier';
import { eventFields, readEvent } from '../common/event';
import type { RunState } from '../runState';
import type { PreparedItem } from '../types';

const show = { resource: ['event'], operation: ['track'] };

export const description: INodeProperties[] = [...identifierFields(show), ...eventFields(show)];

/** An event a person performed: v1 `POST /customers/{identifier}/events` or a v2 `event` op. */
export function prepare(this: IExecuteFunctions, itemIndex: number, run: RunState): PreparedItem {
	const person = readIdentifier(this, itemIndex);
	const event = readEvent(this, itemIndex, run, { [person.type]: person.value });
	return {
		itemIndex,
		identifier: { type: person.type, value: person.value },
		request: {
			api: 'track',
			method: 'POST',
			path: cioPath('/api/v1/customers/{identifier}/events', { identifier: person.pathValue }),
			body: { name: event.name, data: event.data, timestamp: event.timestamp, id: event.id },
			idempotent: true,
			itemIndex,
		},
		batchOperation: {
			type: 'person',
			identifiers: { [person.type]: person.value },
			action: 'event',
			name: event.name,
			attributes: event.data,
			timestamp: event.timestamp,
			id: event.id,
		},
	};
}
