import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { locatorField, REPORTING_WEBHOOK } from '../common/locator';
import {
	endpointField,
	endpointSchema,
	eventsField,
	eventsSchema,
	nameField,
	prepareWebhookChange,
	presentChange,
	readWebhookId,
	SETTINGS,
	settingsBody,
	webhookNameSchema,
} from '../common/reportingWebhook';
import { validate } from '../common/validate';
import type { RunState } from '../runState';
import type { PreparedItem } from '../types';

const show = { resource: ['reportingWebhook'], operation: ['update'] };

export const description: INodeProperties[] = [
	locatorField(REPORTING_WEBHOOK, show),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add field',
		default: {},
		description: 'Only the fields added here change; the webhook keeps the rest as it is in Customer.io',
		displayOptions: { show },
		options: [nameField(), endpointField(), eventsField(), ...SETTINGS],
	},
];

/**
 * Changes the fields the user set: App `PUT /v1/reporting_webhooks/{webhook_id}` with the whole
 * webhook (see prepareWebhookChange: the PUT replaces it, so the rest is read first).
 */
export async function prepare(this: IExecuteFunctions, itemIndex: number, run: RunState): Promise<PreparedItem> {
	const id = readWebhookId(this, itemIndex);
	const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const changes = settingsBody(fields);
	if (fields.webhookName !== undefined) changes.name = validate(this, webhookNameSchema, fields.webhookName, itemIndex, 'Name');
	if (fields.endpoint !== undefined) changes.endpoint = validate(this, endpointSchema, fields.endpoint, itemIndex, 'Endpoint URL');
	if (fields.events !== undefined) changes.events = validate(this, eventsSchema, fields.events, itemIndex, 'Events');
	if (!Object.keys(changes).length) {
		throw new NodeOperationError(this.getNode(), `Item ${itemIndex}: Update Fields is empty`, {
			itemIndex,
			description: 'Add the fields to change under Update Fields (Name, Endpoint URL, Events …); nothing was sent for this item.',
		});
	}
	return await prepareWebhookChange(this, itemIndex, run, id, changes);
}

export const present = presentChange;
