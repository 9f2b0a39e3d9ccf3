import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { cioPath } from '../../../shared/transport/paths';
import { appRead, presentList, readPaging, returnAllFields } from '../common/read';
import type { PreparedItem } from '../types';

const show = { resource: ['broadcast'], operation: ['getMany'] };

export const description: INodeProperties[] = returnAllFields(show);

/** The workspace's API-triggered broadcasts: App `GET /v1/broadcasts` → `{broadcasts: [...]}` (one answer, cut to Limit). */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	return appRead(itemIndex, cioPath('/v1/broadcasts'), undefined, readPaging(this, itemIndex, 'broadcasts'));
}

export const present = presentList('broadcasts');
