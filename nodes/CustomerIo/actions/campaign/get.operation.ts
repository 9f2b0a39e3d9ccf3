import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { cioPath } from '../../../shared/transport/paths';
import { appIdSchema } from '../../schemas/app';
import { CAMPAIGN, locatorField, readLocator } from '../common/locator';
import { appRead, presentRecord } from '../common/read';
import { validate } from '../common/validate';
import type { PreparedItem } from '../types';

const show = { resource: ['campaign'], operation: ['get'] };

export const description: INodeProperties[] = [locatorField(CAMPAIGN, show)];

/** One campaign's metadata: App `GET /v1/campaigns/{campaign_id}` → `{campaign: {...}}`. */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const id = validate(this, appIdSchema, readLocator(this, CAMPAIGN, itemIndex), itemIndex, 'Campaign');
	return appRead(itemIndex, cioPath('/v1/campaigns/{campaign_id}', { campaign_id: id }));
}

export const present = presentRecord('campaign');
