import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { cioPath } from '../../../shared/transport/paths';
import { appRead, presentList, readPaging, returnAllFields } from '../common/read';
import type { PreparedItem } from '../types';

const show = { resource: ['campaign'], operation: ['getMany'] };

export const description: INodeProperties[] = returnAllFields(show);

/** The workspace's campaigns: App `GET /v1/campaigns` → `{campaigns: [...]}` (one answer, cut to Limit). */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	return appRead(itemIndex, cioPath('/v1/campaigns'), undefined, readPaging(this, itemIndex, 'campaigns'));
}

export const present = presentList('campaigns');
