import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { cioPath } from '../../../shared/transport/paths';
import type { CioResponse } from '../../../shared/transport/types';
import { appIdSchema } from '../../schemas/app';
import { BROADCAST, locatorField, readLocator } from '../common/locator';
import { appRead, objectOf } from '../common/read';
import { validate } from '../common/validate';
import type { PreparedItem } from '../types';

const show = { resource: ['broadcast'], operation: ['getTriggerStatus'] };

export const description: INodeProperties[] = [
	locatorField(BROADCAST, show),
	{
		displayName: 'Trigger ID',
		name: 'triggerId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. {{ $json.trigger_id }}',
		description: 'The ID "Trigger" answered for this broadcast',
		displayOptions: { show },
	},
];

/**
 * Whether Customer.io has processed a trigger: App `GET /v1/campaigns/{broadcast_id}/triggers/{trigger_id}`
 * → `{id, broadcast_id, created_at, processed_at}` (`processed_at` stays empty until it has).
 */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const broadcastId = validate(this, appIdSchema, readLocator(this, BROADCAST, itemIndex), itemIndex, 'Broadcast');
	const triggerId = validate(this, appIdSchema, this.getNodeParameter('triggerId', itemIndex, ''), itemIndex, 'Trigger ID');
	return appRead(itemIndex, cioPath('/v1/campaigns/{broadcast_id}/triggers/{trigger_id}', { broadcast_id: broadcastId, trigger_id: triggerId }));
}

export function present(this: IExecuteFunctions, _item: PreparedItem, response: CioResponse): IDataObject {
	return objectOf(response.body);
}
