import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { cioPath } from '../../../shared/transport/paths';
import type { CioResponse } from '../../../shared/transport/types';
import { appIdSchema } from '../../schemas/app';
import { timestampSchema } from '../../schemas/track';
import { CAMPAIGN, locatorField, readLocator } from '../common/locator';
import { appRead } from '../common/read';
import { validate } from '../common/validate';
import type { PreparedItem } from '../types';

const show = { resource: ['campaign'], operation: ['getMetrics'] };

export const description: INodeProperties[] = [
	locatorField(CAMPAIGN, show),
	{
		displayName: 'Resolution',
		name: 'resolution',
		type: 'options',
		options: [
			{ name: 'Hourly', value: 'hourly' },
			{ name: 'Daily', value: 'daily' },
			{ name: 'Weekly', value: 'weekly' },
			{ name: 'Monthly', value: 'monthly' },
		],
		default: 'daily',
		description: 'How long each step of the metric series is',
		displayOptions: { show },
	},
	{
		displayName: 'Options',
		name: 'metricsOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show },
		options: [
			{ displayName: 'End', name: 'end', type: 'dateTime', default: '', description: 'End of the period (ISO 8601 or unix seconds); empty means now' },
			{
				displayName: 'Message Type',
				name: 'type',
				type: 'options',
				options: [
					{ name: 'Email', value: 'email' },
					{ name: 'In-App', value: 'in_app' },
					{ name: 'Push', value: 'push' },
					{ name: 'Slack', value: 'slack' },
					{ name: 'SMS', value: 'twilio' },
					{ name: 'Webhook', value: 'webhook' },
				],
				default: 'email',
				description: 'Only metrics of this kind of message; without it, every kind',
			},
			{ displayName: 'Start', name: 'start', type: 'dateTime', default: '', description: 'Start of the period (ISO 8601 or unix seconds)' },
			{ displayName: 'Time Zone', name: 'tz', type: 'string', default: '', placeholder: 'e.g. America/New_York', description: 'Time zone the steps are counted in' },
		],
	},
];

/**
 * A campaign's delivery metrics as series over time: App `GET /v1/campaigns/{id}/metrics` with
 * `version=2` (the spec's recommended form: `res`, optional `start`/`end`/`tz`/`type`).
 */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const id = validate(this, appIdSchema, readLocator(this, CAMPAIGN, itemIndex), itemIndex, 'Campaign');
	const options = this.getNodeParameter('metricsOptions', itemIndex, {}) as IDataObject;
	const qs: IDataObject = { version: 2, res: this.getNodeParameter('resolution', itemIndex, 'daily') as string };
	for (const name of ['start', 'end'] as const) {
		if (options[name] !== undefined && options[name] !== '') qs[name] = validate(this, timestampSchema, options[name], itemIndex, name === 'start' ? 'Start' : 'End');
	}
	if (options.type) qs.type = options.type;
	if (typeof options.tz === 'string' && options.tz.trim()) qs.tz = options.tz.trim();
	return appRead(itemIndex, cioPath('/v1/campaigns/{campaign_id}/metrics', { campaign_id: id }), qs, undefined, { campaign_id: id });
}

export function present(this: IExecuteFunctions, item: PreparedItem, response: CioResponse): IDataObject {
	return { campaign_id: item.identifier?.campaign_id ?? null, ...((response.body as IDataObject) ?? {}) };
}
