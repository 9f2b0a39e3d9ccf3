import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { cioPath } from '../../../shared/transport/paths';
import type { CioResponse } from '../../../shared/transport/types';
import { appIdSchema } from '../../schemas/app';
import { BROADCAST, locatorField, readLocator } from '../common/locator';
import { periodMetricsFields, periodMetricsQuery } from '../common/metrics';
import { appRead, objectOf } from '../common/read';
import { validate } from '../common/validate';
import type { PreparedItem } from '../types';

const show = { resource: ['broadcast'], operation: ['getMetrics'] };

export const description: INodeProperties[] = [
	locatorField(BROADCAST, show),
	...periodMetricsFields(show, 'broadcastMetricsOptions', [
		{ name: 'Email', value: 'email' },
		{ name: 'In-App', value: 'in_app' },
		{ name: 'Live Notification', value: 'live_notification' },
		{ name: 'Push', value: 'push' },
		{ name: 'Slack', value: 'slack' },
		{ name: 'SMS', value: 'twilio' },
		{ name: 'Webhook', value: 'webhook' },
		{ name: 'WhatsApp', value: 'whatsapp' },
	]),
];

/** A broadcast's delivery metrics, oldest step first: App `GET /v1/broadcasts/{id}/metrics` with `period`, optional `steps` and `type` (no version 2, unlike campaigns). */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const id = validate(this, appIdSchema, readLocator(this, BROADCAST, itemIndex), itemIndex, 'Broadcast');
	return appRead(itemIndex, cioPath('/v1/broadcasts/{broadcast_id}/metrics', { broadcast_id: id }), periodMetricsQuery(this, itemIndex, 'broadcastMetricsOptions'), undefined, { broadcast_id: id });
}

export function present(this: IExecuteFunctions, item: PreparedItem, response: CioResponse): IDataObject {
	return { broadcast_id: item.identifier?.broadcast_id ?? null, ...objectOf(response.body) };
}
