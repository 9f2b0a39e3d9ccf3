import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { cioPath } from '../../../shared/transport/paths';
import { appIdSchema } from '../../schemas/app';
import { locatorField, readLocator, SEGMENT } from '../common/locator';
import { appRead, presentRecord } from '../common/read';
import { validate } from '../common/validate';
import type { PreparedItem } from '../types';

const show = { resource: ['segment'], operation: ['get'] };

export const description: INodeProperties[] = [locatorField(SEGMENT, show)];

/** One segment's metadata: App `GET /v1/segments/{segment_id}` → `{segment: {...}}`. */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const id = validate(this, appIdSchema, readLocator(this, SEGMENT, itemIndex), itemIndex, 'Segment');
	return appRead(itemIndex, cioPath('/v1/segments/{segment_id}', { segment_id: id }));
}

export const present = presentRecord('segment');
