import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { cioPath } from '../../../shared/transport/paths';
import { appRead, presentList, readPaging, returnAllFields } from '../common/read';
import type { PreparedItem } from '../types';

const show = { resource: ['segment'], operation: ['getMany'] };

export const description: INodeProperties[] = returnAllFields(show);

/** The workspace's segments: App `GET /v1/segments` → `{segments: [...]}` (one answer, cut to Limit). */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	return appRead(itemIndex, cioPath('/v1/segments'), undefined, readPaging(this, itemIndex, 'segments'));
}

export const present = presentList('segments');
