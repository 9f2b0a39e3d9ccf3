import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { deviceSchema, PLATFORMS } from '../../schemas/lifecycle';
import { identifierFields, readIdentifier } from '../common/identifier';
import { keyValueFields, readKeyValues } from '../common/keyValues';
import { personChange } from '../common/person';
import { validate } from '../common/validate';
import type { PreparedItem } from '../types';

const show = { resource: ['person'], operation: ['addDevice'] };

export const description: INodeProperties[] = [
	...identifierFields(show),
	{
		displayName: 'Device Token',
		name: 'deviceToken',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		required: true,
		placeholder: 'e.g. the APNs or FCM token',
		description: 'The push token of the device (an existing device with this token is updated)',
		displayOptions: { show },
	},
	{
		displayName: 'Platform',
		name: 'platform',
		type: 'options',
		options: PLATFORMS.map((platform) => ({ name: platform === 'ios' ? 'iOS' : 'Android', value: platform })),
		default: 'ios',
		description: 'The device\'s platform',
		displayOptions: { show },
	},
	...keyValueFields('deviceAttributes', 'Device Attributes', show),
	{
		displayName: 'Options',
		name: 'deviceOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Last Used',
				name: 'lastUsed',
				type: 'string',
				default: '',
				placeholder: 'e.g. 2026-11-23T10:00:00Z or 1795478400',
				description: 'When the device was last used (ISO 8601 or unix seconds); Customer.io uses the time of the request when empty',
			},
		],
	},
];

/**
 * Add or update a person's device: v1 `PUT /customers/{identifier}/devices` (the token is
 * `device.id`) or a v2 `add_device` op (`device.token`). Attribute values are sent as text.
 */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const person = readIdentifier(this, itemIndex);
	const options = this.getNodeParameter('deviceOptions', itemIndex, {}) as { lastUsed?: string };
	const device = validate(
		this,
		deviceSchema,
		{
			token: this.getNodeParameter('deviceToken', itemIndex),
			platform: this.getNodeParameter('platform', itemIndex),
			last_used: options.lastUsed || undefined,
			attributes: readKeyValues(this, 'deviceAttributes', itemIndex, 'Device Attributes'),
		},
		itemIndex,
		'device',
	);
	const rest: IDataObject = { platform: device.platform };
	if (device.last_used !== undefined) rest.last_used = device.last_used;
	if (Object.keys(device.attributes).length > 0) rest.attributes = device.attributes;
	return personChange(
		itemIndex,
		person,
		{ method: 'PUT', template: '/api/v1/customers/{identifier}/devices', body: { device: { id: device.token, ...rest } } },
		'add_device',
		{ device: { token: device.token, ...rest } },
	);
}
