import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { locatorField, REPORTING_WEBHOOK } from '../common/locator';
import { appRead } from '../common/read';
import { presentWebhook, readWebhookId, webhookPath } from '../common/reportingWebhook';
import type { PreparedItem } from '../types';

const show = { resource: ['reportingWebhook'], operation: ['get'] };

export const description: INodeProperties[] = [locatorField(REPORTING_WEBHOOK, show)];

/** One reporting webhook: App `GET /v1/reporting_webhooks/{webhook_id}` → the webhook (404 if there is none). */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	return appRead(itemIndex, webhookPath(readWebhookId(this, itemIndex)));
}

export const present = presentWebhook;
