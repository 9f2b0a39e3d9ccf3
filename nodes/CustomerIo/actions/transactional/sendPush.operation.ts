import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { PreparedItem } from '../types';
import { commonOptions, messageFields, presentDelivery, sendRequest, transactionalBody } from './common';

const show = { resource: ['transactional'], operation: ['sendPush'] };

export const description: INodeProperties[] = [
	...messageFields(show, 'push'),
	{
		displayName: 'Send To',
		name: 'pushTo',
		type: 'options',
		options: [
			{ name: 'All Devices', value: 'all', description: 'Every device the person has' },
			{ name: 'Last Used Device', value: 'last_used', description: 'Only the device used most recently' },
			{ name: 'A Device Token', value: 'token', description: 'One device, by its token' },
		],
		default: 'all',
		description: 'Which of the person\'s devices receive the push',
		displayOptions: { show },
	},
	{
		displayName: 'Device Token',
		name: 'deviceToken',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		required: true,
		description: 'The device token to send to',
		displayOptions: { show: { ...show, pushTo: ['token'] } },
	},
	{
		displayName: 'Options',
		name: 'pushOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{ displayName: 'Custom Data (JSON)', name: 'customData', type: 'json', default: '{}', description: 'Key/value data delivered to the app with the push' },
			{ displayName: 'Image URL', name: 'imageUrl', type: 'string', default: '', description: 'An image to show with the push' },
			{ displayName: 'Link', name: 'link', type: 'string', default: '', description: 'Deep link opened when the push is tapped' },
			{ displayName: 'Message (Override)', name: 'message', type: 'string', default: '', description: 'Text that replaces the message\'s own' },
			{ displayName: 'Sound', name: 'sound', type: 'string', default: '', description: 'Sound to play (iOS); "default" for the system sound' },
			{ displayName: 'Title (Override)', name: 'title', type: 'string', default: '', description: 'Title that replaces the message\'s own' },
			...commonOptions,
		],
	},
];

/** App `POST /v1/send/push`. */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const { person, body } = transactionalBody(this, itemIndex, 'pushOptions');
	const to = this.getNodeParameter('pushTo', itemIndex, 'all') as string;
	body.to = to === 'token' ? String(this.getNodeParameter('deviceToken', itemIndex, '')).trim() : to;
	return sendRequest('push', itemIndex, person, body);
}

export { presentDelivery as present };
