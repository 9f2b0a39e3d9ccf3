import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { locatorField, REPORTING_WEBHOOK } from '../common/locator';
import { prepareWebhookChange, presentChange, readWebhookId } from '../common/reportingWebhook';
import type { RunState } from '../runState';
import type { PreparedItem } from '../types';

const show = { resource: ['reportingWebhook'], operation: ['enable'] };

export const description: INodeProperties[] = [locatorField(REPORTING_WEBHOOK, show)];

/** Switches the webhook on: App `PUT /v1/reporting_webhooks/{webhook_id}` with `disabled: false` (the rest as it is). */
export async function prepare(this: IExecuteFunctions, itemIndex: number, run: RunState): Promise<PreparedItem> {
	return await prepareWebhookChange(this, itemIndex, run, readWebhookId(this, itemIndex), { disabled: false });
}

export const present = presentChange;
