import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { SEGMENT_CALLS, segmentChange, type SegmentAction } from '../../../shared/transport/batch';
import { cioPath } from '../../../shared/transport/paths';
import { segmentIdSchema } from '../../schemas/lifecycle';
import type { PreparedItem } from '../types';
import { describePerson, identifierFields, readIdentifier } from './identifier';
import { locatorField, MANUAL_SEGMENT, readLocator } from './locator';
import { validate } from './validate';

/** The segment and the person: shared by Add People and Remove People. */
export function segmentFields(show: { resource: string[]; operation: string[] }): INodeProperties[] {
	return [
		locatorField(MANUAL_SEGMENT, show, {
			displayName: 'Segment',
			description:
				'The manual segment (Customer.io → Segments). Data-driven segments cannot be changed through the API, so the list shows manual ones only.',
		}),
		...identifierFields(show),
	];
}

/**
 * One person joining or leaving a manual segment. Items are gathered into Track v1
 * `POST /segments/{id}/add_customers` (or `remove_customers`) calls of up to 1000 people, one
 * call per segment and kind of identifier (`id_type`); alone, an item is a call of its own.
 */
export function prepareSegmentChange(ctx: IExecuteFunctions, itemIndex: number, action: SegmentAction): PreparedItem {
	const segmentId = validate(ctx, segmentIdSchema, readLocator(ctx, MANUAL_SEGMENT, itemIndex), itemIndex, 'Segment ID');
	const person = readIdentifier(ctx, itemIndex);
	return {
		itemIndex,
		identifier: describePerson(person),
		request: {
			api: 'track',
			method: 'POST',
			path: cioPath(SEGMENT_CALLS[action], { segment_id: segmentId }),
			qs: { id_type: person.type },
			body: { ids: [person.value] },
			idempotent: true,
			itemIndex,
		},
		batchOperation: segmentChange({ segment_id: segmentId, action, id_type: person.type, id: person.value }),
	};
}
