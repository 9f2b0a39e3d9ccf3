import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { eventFields, personEvent, readEvent, type EventName } from '../common/event';
import { identifierFields, personIdentifiers, readIdentifier } from '../common/identifier';
import type { RunState } from '../runState';
import type { PreparedItem } from '../types';

const show = { resource: ['event'], operation: ['trackPageView'] };

const PAGE: EventName = {
	displayName: 'Page URL',
	placeholder: 'e.g. https://example.com/pricing',
	description:
		'The page the person viewed, its URL or path: the page view is named after it (at most 100 bytes; put a long query string in the data)',
};

export const description: INodeProperties[] = [...identifierFields(show), ...eventFields(show, PAGE)];

/** A web page view of a known person: v1 `POST /customers/{identifier}/events` with `type: "page"`, or a v2 `page` op. */
export function prepare(this: IExecuteFunctions, itemIndex: number, run: RunState): PreparedItem {
	const person = readIdentifier(this, itemIndex);
	const event = readEvent(this, itemIndex, run, personIdentifiers(person), { name: PAGE, kind: 'page' });
	return personEvent(itemIndex, person, event, 'page');
}
