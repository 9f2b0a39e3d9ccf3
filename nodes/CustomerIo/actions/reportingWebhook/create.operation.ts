import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { cioPath } from '../../../shared/transport/paths';
import {
	endpointField,
	endpointSchema,
	endpointSecrets,
	eventsField,
	eventsSchema,
	nameField,
	presentWebhook,
	SETTINGS,
	settingsBody,
	webhookNameSchema,
} from '../common/reportingWebhook';
import { validate } from '../common/validate';
import type { PreparedItem } from '../types';

const show = { resource: ['reportingWebhook'], operation: ['create'] };

export const description: INodeProperties[] = [
	nameField(show),
	endpointField(show),
	eventsField(show),
	{
		displayName: 'Options',
		name: 'webhookOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Disabled',
				name: 'disabled',
				type: 'boolean',
				default: false,
				description: 'Whether to create the webhook switched off (Customer.io sends nothing until it is enabled)',
			},
			...SETTINGS,
		],
	},
];

/**
 * A new reporting webhook: App `POST /v1/reporting_webhooks` `{name, endpoint, events,
 * disabled, full_resolution, with_content}` → the webhook with its ID. Every setting is sent:
 * the spec's default for full_resolution (false: unique opens and clicks only) is not the
 * option's (every open and click).
 */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const body: IDataObject = {
		name: validate(this, webhookNameSchema, this.getNodeParameter('webhookName', itemIndex), itemIndex, 'Name'),
		endpoint: validate(this, endpointSchema, this.getNodeParameter('endpoint', itemIndex), itemIndex, 'Endpoint URL'),
		events: validate(this, eventsSchema, this.getNodeParameter('events', itemIndex), itemIndex, 'Events'),
		disabled: false,
		full_resolution: true,
		with_content: false,
		...settingsBody(this.getNodeParameter('webhookOptions', itemIndex, {}) as IDataObject),
	};
	return {
		itemIndex,
		request: {
			api: 'app',
			method: 'POST',
			path: cioPath('/v1/reporting_webhooks'),
			body,
			// A second try after a lost answer could leave two webhooks posting every event twice.
			idempotent: false,
			itemIndex,
			secrets: endpointSecrets(body.endpoint),
		},
	};
}

export const present = presentWebhook;
