import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { cioPath } from '../../../shared/transport/paths';
import { appIdSchema } from '../../schemas/app';
import { locatorField, NEWSLETTER, readLocator } from '../common/locator';
import { appRead, presentRecord } from '../common/read';
import { validate } from '../common/validate';
import type { PreparedItem } from '../types';

const show = { resource: ['newsletter'], operation: ['get'] };

export const description: INodeProperties[] = [locatorField(NEWSLETTER, show)];

/** One newsletter's metadata: App `GET /v1/newsletters/{newsletter_id}` → `{newsletter: {...}}`. */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const id = validate(this, appIdSchema, readLocator(this, NEWSLETTER, itemIndex), itemIndex, 'Newsletter');
	return appRead(itemIndex, cioPath('/v1/newsletters/{newsletter_id}', { newsletter_id: id }));
}

export const present = presentRecord('newsletter');
