import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { identifierFields, personIdentifiers, readIdentifier } from '../common/identifier';
import { eventFields, personEvent, readEvent } from '../common/event';
import type { RunState } from '../runState';
import type { PreparedItem } from '../types';

const show = { resource: ['event'], operation: ['track'] };

export const description: INodeProperties[] = [...identifierFields(show), ...eventFields(show)];

/** An event a person performed: v1 `POST /customers/{identifier}/events` or a v2 `event` op. */
export function prepare(this: IExecuteFunctions, itemIndex: number, run: RunState): PreparedItem {
	const person = readIdentifier(this, itemIndex);
	return personEvent(itemIndex, person, readEvent(this, itemIndex, run, personIdentifiers(person)), 'event');
}
