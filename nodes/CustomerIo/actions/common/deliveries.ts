import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { timestampSchema } from '../../schemas/track';
import { appIdSchema } from '../../schemas/app';
import { validate } from './validate';

/**
 * Filters of the App API's delivery lists (`GET /v1/messages`, `GET /v1/customers/{id}/messages`):
 * the time range (`start_ts`/`end_ts`, unix seconds of when Customer.io created the delivery;
 * without them the last 6 months) and, for the workspace list, type, metric and source.
 */
export const DELIVERY_TYPES = ['email', 'webhook', 'twilio', 'whatsapp', 'slack', 'push', 'in_app'] as const;
export const DELIVERY_METRICS = ['attempted', 'sent', 'delivered', 'opened', 'clicked', 'converted', 'bounced', 'spammed', 'unsubscribed', 'dropped', 'failed', 'undeliverable'] as const;

const timeRange: INodeProperties[] = [
	{ displayName: 'Created After', name: 'start_ts', type: 'dateTime', default: '', description: 'Only deliveries created from then on (ISO 8601 or unix seconds)' },
	{ displayName: 'Created Before', name: 'end_ts', type: 'dateTime', default: '', description: 'Only deliveries created until then (ISO 8601 or unix seconds)' },
];

const label = (value: string) => (value === 'twilio' ? 'SMS' : value === 'in_app' ? 'In-App' : value === 'whatsapp' ? 'WhatsApp' : value[0].toUpperCase() + value.slice(1));

export function deliveryFilters(show: { resource: string[]; operation: string[] }, scope: 'workspace' | 'person'): INodeProperties {
	const workspaceOnly: INodeProperties[] = [
		{ displayName: 'Campaign ID', name: 'campaign_id', type: 'number', default: 0, description: 'Only deliveries of this campaign' },
		{ displayName: 'Include Drafts', name: 'drafts', type: 'boolean', default: false, description: 'Whether to list drafts (messages queued as drafts, not sent) instead of sent messages' },
		{
			displayName: 'Metric',
			name: 'metric',
			type: 'options',
			options: DELIVERY_METRICS.map((value) => ({ name: label(value), value })),
			default: 'sent',
			description: 'Only deliveries that reached this metric',
		},
		{ displayName: 'Newsletter ID', name: 'newsletter_id', type: 'number', default: 0, description: 'Only deliveries of this newsletter' },
		{
			displayName: 'Type',
			name: 'type',
			type: 'options',
			options: DELIVERY_TYPES.map((value) => ({ name: label(value), value })),
			default: 'email',
			description: 'Only deliveries of this kind of message',
		},
	];
	const options = scope === 'workspace' ? [...workspaceOnly, ...timeRange] : [...timeRange];
	return {
		displayName: 'Filters',
		name: 'deliveryFilters',
		type: 'collection',
		placeholder: 'Add filter',
		default: {},
		displayOptions: { show },
		options: options.sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

/** The query for the filters set (empty ones are left out). */
export function deliveryQuery(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const filters = ctx.getNodeParameter('deliveryFilters', itemIndex, {}) as IDataObject;
	const qs: IDataObject = {};
	for (const [name, fieldLabel] of [['start_ts', 'Created After'], ['end_ts', 'Created Before']] as const) {
		if (filters[name] !== undefined && filters[name] !== '') qs[name] = validate(ctx, timestampSchema, filters[name], itemIndex, fieldLabel);
	}
	for (const [name, fieldLabel] of [['campaign_id', 'Campaign ID'], ['newsletter_id', 'Newsletter ID']] as const) {
		if (filters[name] !== undefined && filters[name] !== '' && filters[name] !== 0) qs[name] = validate(ctx, appIdSchema, filters[name], itemIndex, fieldLabel);
	}
	if (filters.type) qs.type = filters.type;
	if (filters.metric) qs.metric = filters.metric;
	if (filters.drafts === true) qs.drafts = true;
	return qs;
}
