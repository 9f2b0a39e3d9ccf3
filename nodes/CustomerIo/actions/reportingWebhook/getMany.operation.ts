import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { cioPath } from '../../../shared/transport/paths';
import type { CioResponse } from '../../../shared/transport/types';
import { appRead, presentList, readPaging, returnAllFields } from '../common/read';
import { shown } from '../common/reportingWebhook';
import type { PreparedItem } from '../types';

const show = { resource: ['reportingWebhook'], operation: ['getMany'] };

export const description: INodeProperties[] = returnAllFields(show);

/** The workspace's reporting webhooks: App `GET /v1/reporting_webhooks` → `{reporting_webhooks: [...]}` (one answer, cut to Limit). */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	return appRead(itemIndex, cioPath('/v1/reporting_webhooks'), undefined, readPaging(this, itemIndex, 'reporting_webhooks'));
}

const list = presentList('reporting_webhooks');

/** One item per webhook, endpoints masked (see shown). */
export function present(this: IExecuteFunctions, item: PreparedItem, response: CioResponse): IDataObject[] {
	return list.call(this, item, response).map(shown);
}
