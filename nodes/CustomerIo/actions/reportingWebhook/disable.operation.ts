import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { locatorField, REPORTING_WEBHOOK } from '../common/locator';
import { prepareWebhookChange, presentChange, readWebhookId } from '../common/reportingWebhook';
import type { RunState } from '../runState';
import type { PreparedItem } from '../types';

const show = { resource: ['reportingWebhook'], operation: ['disable'] };

export const description: INodeProperties[] = [locatorField(REPORTING_WEBHOOK, show)];

/** Switches the webhook off, keeping it: App `PUT /v1/reporting_webhooks/{webhook_id}` with `disabled: true` (the rest as it is). */
export async function prepare(this: IExecuteFunctions, itemIndex: number, run: RunState): Promise<PreparedItem> {
	return await prepareWebhookChange(this, itemIndex, run, readWebhookId(this, itemIndex), { disabled: true });
}

export const present = presentChange;
