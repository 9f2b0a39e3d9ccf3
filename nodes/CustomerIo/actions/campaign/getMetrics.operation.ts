import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { cioPath } from '../../../shared/transport/paths';
import type { CioResponse } from '../../../shared/transport/types';
import { appIdSchema } from '../../schemas/app';
import { CAMPAIGN, locatorField, readLocator } from '../common/locator';
import { metricsFields, metricsQuery } from '../common/metrics';
import { appRead, objectOf } from '../common/read';
import { validate } from '../common/validate';
import type { PreparedItem } from '../types';

const show = { resource: ['campaign'], operation: ['getMetrics'] };

export const description: INodeProperties[] = [locatorField(CAMPAIGN, show), ...metricsFields(show)];

/**
 * A campaign's delivery metrics as series over time: App `GET /v1/campaigns/{id}/metrics` with
 * `version=2` (the spec's recommended form: `res`, optional `start`/`end`/`tz`/`type`).
 */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const id = validate(this, appIdSchema, readLocator(this, CAMPAIGN, itemIndex), itemIndex, 'Campaign');
	return appRead(itemIndex, cioPath('/v1/campaigns/{campaign_id}/metrics', { campaign_id: id }), metricsQuery(this, itemIndex), undefined, { campaign_id: id });
}

export function present(this: IExecuteFunctions, item: PreparedItem, response: CioResponse): IDataObject {
	return { campaign_id: item.identifier?.campaign_id ?? null, ...objectOf(response.body) };
}
