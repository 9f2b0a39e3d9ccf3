import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { locatorField, REPORTING_WEBHOOK } from '../common/locator';
import { readWebhookId, webhookPath } from '../common/reportingWebhook';
import type { PreparedItem } from '../types';

const show = { resource: ['reportingWebhook'], operation: ['delete'] };

export const description: INodeProperties[] = [locatorField(REPORTING_WEBHOOK, show)];

/** Removes the webhook: App `DELETE /v1/reporting_webhooks/{webhook_id}` → 200, no body (404 if there is none). */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const id = readWebhookId(this, itemIndex);
	return {
		itemIndex,
		identifier: { webhook_id: id },
		request: { api: 'app', method: 'DELETE', path: webhookPath(id), idempotent: true, itemIndex },
	};
}

export function present(this: IExecuteFunctions, item: PreparedItem): IDataObject {
	return { id: item.identifier?.webhook_id ?? null, deleted: true };
}
