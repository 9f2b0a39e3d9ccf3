import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { cioPath } from '../../../shared/transport/paths';
import type { CioResponse } from '../../../shared/transport/types';
import { appIdSchema } from '../../schemas/app';
import { locatorField, NEWSLETTER, readLocator } from '../common/locator';
import { periodMetricsFields, periodMetricsQuery } from '../common/metrics';
import { appRead, objectOf } from '../common/read';
import { validate } from '../common/validate';
import type { PreparedItem } from '../types';

const show = { resource: ['newsletter'], operation: ['getMetrics'] };

export const description: INodeProperties[] = [
	locatorField(NEWSLETTER, show),
	...periodMetricsFields(show, 'newsletterMetricsOptions', [
		{ name: 'Email', value: 'email' },
		{ name: 'In-App', value: 'in_app' },
		{ name: 'Inbox', value: 'inbox' },
		{ name: 'Push', value: 'push' },
		{ name: 'SMS', value: 'twilio' },
		{ name: 'Webhook', value: 'webhook' },
	]),
];

/**
 * A newsletter's delivery metrics, oldest step first: App `GET /v1/newsletters/{id}/metrics`
 * with `period`, optional `steps` and `type` (this call has no version 2).
 */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const id = validate(this, appIdSchema, readLocator(this, NEWSLETTER, itemIndex), itemIndex, 'Newsletter');
	return appRead(itemIndex, cioPath('/v1/newsletters/{newsletter_id}/metrics', { newsletter_id: id }), periodMetricsQuery(this, itemIndex, 'newsletterMetricsOptions'), undefined, { newsletter_id: id });
}

export function present(this: IExecuteFunctions, item: PreparedItem, response: CioResponse): IDataObject {
	return { newsletter_id: item.identifier?.newsletter_id ?? null, ...objectOf(response.body) };
}
