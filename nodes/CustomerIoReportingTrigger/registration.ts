import { NodeOperationError, type IDataObject, type IHookFunctions } from 'n8n-workflow';
import { CustomerIoClient } from '../shared/transport/client';
import { cioPath } from '../shared/transport/paths';
import { ALL_EVENTS, registrableEvents } from './events';
import { idList } from './filters';
import { booleanSetting } from './settings';

/**
 * Auto-registration of the reporting webhook through the App API. The id of the webhook this
 * node created is kept in the workflow's static data; nothing else in the workspace is touched.
 * Test runs ("Listen for test event") never register: their URL is temporary.
 */
interface Registration extends IDataObject {
	webhookId?: number;
	endpoint?: string;
}

interface RemoteWebhook {
	id: number;
	endpoint: string;
}

const skip = (ctx: IHookFunctions) =>
	ctx.getMode() === 'manual' ||
	!booleanSetting(ctx, 'Register Webhook in Customer.io', ctx.getNodeParameter('registerWebhook', false), false);

export async function webhookExists(this: IHookFunctions): Promise<boolean> {
	if (skip(this)) return true;
	const stored = this.getWorkflowStaticData('node') as Registration;
	if (stored.webhookId === undefined) return false;
	const client = await CustomerIoClient.create(this);
	const response = await client.request<RemoteWebhook>({
		api: 'app',
		method: 'GET',
		path: cioPath('/v1/reporting_webhooks/{id}', { id: String(stored.webhookId) }),
		idempotent: true,
		acceptStatuses: [404],
	});
	if (response.status === 404) {
		delete stored.webhookId;
		delete stored.endpoint;
		return false;
	}
	// Same webhook but the URL changed (e.g. a new WEBHOOK_URL): recreate it.
	if (response.body.endpoint !== this.getNodeWebhookUrl('default')) {
		await removeWebhook.call(this);
		return false;
	}
	return true;
}

export async function createWebhook(this: IHookFunctions): Promise<boolean> {
	if (skip(this)) return true;
	const events = eventsToRegister(this);
	const options = this.getNodeParameter('options', {}) as IDataObject;
	const endpoint = this.getNodeWebhookUrl('default') as string;
	const client = await CustomerIoClient.create(this);
	const response = await client.request<RemoteWebhook>({
		api: 'app',
		method: 'POST',
		path: cioPath('/v1/reporting_webhooks'),
		body: {
			name: (options.webhookName as string) || `n8n: ${this.getWorkflow().name ?? this.getNode().name}`,
			endpoint,
			events,
			disabled: false,
			full_resolution: !booleanSetting(this, 'Only Unique Opens and Clicks', options.uniqueOnly, false),
			with_content: booleanSetting(this, 'Include Message Content', options.withContent, false),
		},
		// A repeated create would leave a duplicate webhook: only 429/refused are retried.
		idempotent: false,
	});
	const stored = this.getWorkflowStaticData('node') as Registration;
	stored.webhookId = response.body.id;
	stored.endpoint = endpoint;
	return true;
}

/**
 * The chosen events under the names Customer.io accepts (it answers 400 to any other); none
 * chosen means all. A choice made only of names it cannot subscribe to fails activation
 * rather than silently subscribing to everything.
 */
function eventsToRegister(ctx: IHookFunctions): string[] {
	const chosen = idList(ctx.getNodeParameter('events', []));
	if (!chosen.length) return ALL_EVENTS;
	const events = registrableEvents(chosen);
	if (events.length) return events;
	throw new NodeOperationError(ctx.getNode(), 'None of the chosen Events can be registered in Customer.io', {
		description: `Customer.io's API does not subscribe webhooks to ${chosen.join(', ')}. Choose other Events, or turn off "Register Webhook in Customer.io" and add the webhook in Customer.io yourself.`,
	});
}

export async function removeWebhook(this: IHookFunctions): Promise<boolean> {
	const stored = this.getWorkflowStaticData('node') as Registration;
	if (stored.webhookId === undefined) return true;
	const client = await CustomerIoClient.create(this);
	await client.request({
		api: 'app',
		method: 'DELETE',
		path: cioPath('/v1/reporting_webhooks/{id}', { id: String(stored.webhookId) }),
		idempotent: true,
		acceptStatuses: [404],
	});
	delete stored.webhookId;
	delete stored.endpoint;
	return true;
}
