import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { cioPath } from '../../../shared/transport/paths';
import { deliveryFilters, deliveryQuery } from '../common/deliveries';
import { appRead, presentList, readPaging, returnAllFields } from '../common/read';
import type { PreparedItem } from '../types';

const show = { resource: ['delivery'], operation: ['getMany'] };

/** Deliveries asked per page; the spec allows up to 1,000. */
export const DELIVERY_PAGE_SIZE = 1000;

export const description: INodeProperties[] = [...returnAllFields(show), deliveryFilters(show, 'workspace')];

/**
 * The workspace's deliveries with their metrics: App `GET /v1/messages`, paged (`start` = the
 * last answer's `next`, `limit`), filtered by type, metric, campaign, newsletter and time.
 */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	return appRead(itemIndex, cioPath('/v1/messages'), deliveryQuery(this, itemIndex), readPaging(this, itemIndex, 'messages', DELIVERY_PAGE_SIZE));
}

export const present = presentList('messages');
