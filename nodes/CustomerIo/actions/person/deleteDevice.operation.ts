import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { deviceTokenSchema } from '../../schemas/lifecycle';
import { identifierFields, readIdentifier } from '../common/identifier';
import { personChange } from '../common/person';
import { validate } from '../common/validate';
import type { PreparedItem } from '../types';

const show = { resource: ['person'], operation: ['deleteDevice'] };

export const description: INodeProperties[] = [
	...identifierFields(show),
	{
		displayName: 'Device Token',
		name: 'deviceToken',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		required: true,
		description: 'The push token of the device to remove from the person',
		displayOptions: { show },
	},
];

/** Remove a person's device: v1 `DELETE /customers/{identifier}/devices/{token}` or a v2 `delete_device` op. */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const person = readIdentifier(this, itemIndex);
	const token = validate(this, deviceTokenSchema, this.getNodeParameter('deviceToken', itemIndex), itemIndex, 'Device Token');
	return personChange(
		itemIndex,
		person,
		{ method: 'DELETE', template: '/api/v1/customers/{identifier}/devices/{device_id}', params: { device_id: token } },
		'delete_device',
		{ device: { token } },
	);
}
