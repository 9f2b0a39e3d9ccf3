import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { cioPath } from '../../../shared/transport/paths';
import { appIdSchema } from '../../schemas/app';
import { locatorField, readLocator, SEGMENT } from '../common/locator';
import { appRead, presentList, readPaging, returnAllFields } from '../common/read';
import { validate } from '../common/validate';
import type { PreparedItem } from '../types';

const show = { resource: ['segment'], operation: ['getMembership'] };

/** People asked per page; the spec allows up to 30,000. */
export const MEMBERSHIP_PAGE_SIZE = 1000;

export const description: INodeProperties[] = [locatorField(SEGMENT, show), ...returnAllFields(show)];

/**
 * The people in a segment: App `GET /v1/segments/{id}/membership`, paged (`start` = the last
 * answer's `next`, `limit`) → `identifiers` (id, email, cio_id of each person).
 */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const id = validate(this, appIdSchema, readLocator(this, SEGMENT, itemIndex), itemIndex, 'Segment');
	return appRead(
		itemIndex,
		cioPath('/v1/segments/{segment_id}/membership', { segment_id: id }),
		undefined,
		readPaging(this, itemIndex, 'identifiers', MEMBERSHIP_PAGE_SIZE),
		{ segment_id: id },
	);
}

export const present = presentList('identifiers');
