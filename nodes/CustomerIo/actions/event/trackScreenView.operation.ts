import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { entityChange } from '../common/entity';
import { eventFields, eventOperationFields, readEvent, type EventName } from '../common/event';
import { describePerson, identifierFields, personIdentifiers, readIdentifier } from '../common/identifier';
import type { RunState } from '../runState';
import type { PreparedItem } from '../types';

const show = { resource: ['event'], operation: ['trackScreenView'] };

const SCREEN: EventName = {
	displayName: 'Screen Name',
	placeholder: 'e.g. Checkout',
	description: 'The app screen the person viewed: the screen view is named after it (at most 100 bytes)',
};

export const description: INodeProperties[] = [...identifierFields(show), ...eventFields(show, SCREEN)];

/**
 * A mobile screen view of a known person: a v2 `screen` op (in `/batch`, or alone in
 * `/entity` with batching off). Track v1's schema takes screen views only with an anonymous_id,
 * so v1 is not used.
 */
export function prepare(this: IExecuteFunctions, itemIndex: number, run: RunState): PreparedItem {
	const person = readIdentifier(this, itemIndex);
	const identifiers = personIdentifiers(person);
	const event = readEvent(this, itemIndex, run, identifiers, { name: SCREEN, kind: 'screen' });
	return entityChange(this, itemIndex, { type: 'person', identifiers, action: 'screen', ...eventOperationFields(event) }, describePerson(person));
}
