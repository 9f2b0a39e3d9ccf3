import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { phoneSchema } from '../../schemas/transactional';
import { validate } from '../common/validate';
import type { PreparedItem } from '../types';
import { commonOptions, messageFields, presentDelivery, sendRequest, transactionalBody } from './common';

const show = { resource: ['transactional'], operation: ['sendSms'] };

export const description: INodeProperties[] = [
	...messageFields(show, 'SMS'),
	{
		displayName: 'To (Phone Number)',
		name: 'smsTo',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. +14155550100',
		description: 'The recipient in E.164 format (+, country code, number)',
		displayOptions: { show },
	},
	{
		displayName: 'Options',
		name: 'smsOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{ displayName: 'From (Override)', name: 'from', type: 'string', default: '', description: 'Sender number or ID that replaces the message\'s own' },
			{ displayName: 'Track Link Clicks', name: 'tracked', type: 'boolean', default: true, description: 'Whether Customer.io tracks link clicks' },
			...commonOptions,
		],
	},
];

/** App `POST /v1/send/sms` (403 means SMS is not enabled for the workspace). */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const { person, body } = transactionalBody(this, itemIndex, 'smsOptions');
	body.to = validate(this, phoneSchema, this.getNodeParameter('smsTo', itemIndex, ''), itemIndex, 'To (Phone Number)');
	return sendRequest('sms', itemIndex, person, body);
}

export { presentDelivery as present };
