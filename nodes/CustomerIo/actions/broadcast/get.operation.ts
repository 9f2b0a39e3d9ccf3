import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { cioPath } from '../../../shared/transport/paths';
import { appIdSchema } from '../../schemas/app';
import { BROADCAST, locatorField, readLocator } from '../common/locator';
import { appRead, presentRecord } from '../common/read';
import { validate } from '../common/validate';
import type { PreparedItem } from '../types';

const show = { resource: ['broadcast'], operation: ['get'] };

export const description: INodeProperties[] = [locatorField(BROADCAST, show)];

/** One API-triggered broadcast's metadata: App `GET /v1/broadcasts/{broadcast_id}` → `{broadcast: {...}}`. */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const id = validate(this, appIdSchema, readLocator(this, BROADCAST, itemIndex), itemIndex, 'Broadcast');
	return appRead(itemIndex, cioPath('/v1/broadcasts/{broadcast_id}', { broadcast_id: id }));
}

export const present = presentRecord('broadcast');
