import type { IDataObject } from 'n8n-workflow';
import { CustomerIoLifecycleTrigger } from '../../../nodes/CustomerIoLifecycleTrigger/CustomerIoLifecycleTrigger.node';
import { signV0 } from '../../../nodes/shared/signature';
import { webhookContext } from '../../unit/trigger/contexts';

/**
 * Drives the Reporting Trigger's webhook() the way n8n does for one request and reports what
 * the caller (Customer.io, or an attacker) gets back. A throw is what n8n would answer with 500.
 */
export const trigger = new CustomerIoLifecycleTrigger();
export const SIGNING_KEY = 'whsec-acme-reporting-0123456789';
export const LIFECYCLE = { region: 'us', siteId: 'site-acme', trackApiKey: 'track-key-acme', appApiKey: 'app-key-acme', signingKey: SIGNING_KEY };

export const nowSeconds = () => Math.floor(Date.now() / 1000);

export function signedHeaders(rawBody: Buffer | string, key = SIGNING_KEY, timestamp = nowSeconds()): Record<string, string> {
	return { 'x-cio-timestamp': String(timestamp), 'x-cio-signature': signV0(key, timestamp, rawBody) };
}

export interface Outcome {
	status: number;
	error?: string;
	ignored?: string;
	items?: IDataObject[];
}

export async function send(rawBody: Buffer | string, headers: Record<string, unknown>, parameters: Record<string, unknown> = {}): Promise<Outcome> {
	const { ctx, answer } = webhookContext({ rawBody, headers }, { parameters, credentials: { customerIoLifecycleApi: LIFECYCLE } });
	const result = await trigger.webhook.call(ctx);
	if (result.workflowData) return { status: 200, items: result.workflowData[0].map((item) => item.json) };
	if (result.webhookResponse) return { status: 200, ignored: (result.webhookResponse as IDataObject).ignored as string };
	return { status: answer.status ?? 0, error: (answer.body as IDataObject | undefined)?.error as string };
}

/** A genuine-looking envelope around `dataJson` (raw JSON text, so nesting is not limited by JSON.stringify). */
export function envelope(dataJson = '{}', timestamp = nowSeconds()): string {
	return `{"event_id":"01JE5Z3Q3J8H2W4X6Y7Z8A9B0C","object_type":"email","metric":"opened","timestamp":${timestamp},"data":{"identifiers":{"id":"42"},"x":${dataJson}}}`;
}
