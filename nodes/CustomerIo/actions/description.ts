import type { INodeProperties } from 'n8n-workflow';
import { OPERATIONS } from './router';

/** Resource and operation pickers; each option's `action` becomes its own entry in the node panel. */
const pickers: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Event', value: 'event' },
			{ name: 'Person', value: 'person' },
			{ name: 'Transactional Message', value: 'transactional' },
		],
		default: 'person',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['person'] } },
		options: [
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete a person',
				description: 'Remove a person and their data from the workspace',
			},
			{
				name: 'Get Attributes',
				value: 'getAttributes',
				action: 'Get the attributes of a person',
				description: 'Read a person\'s identifiers, attributes, devices and timestamps (App API)',
			},
			{
				name: 'Identify',
				value: 'identify',
				action: 'Identify a person',
				description: 'Create a person or update their attributes',
			},
		],
		default: 'identify',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['event'] } },
		options: [
			{
				name: 'Track',
				value: 'track',
				action: 'Track an event',
				description: 'Record an event a known person performed; campaigns can trigger on it',
			},
			{
				name: 'Track Anonymous',
				value: 'trackAnonymous',
				action: 'Track an anonymous event',
				description: 'Record an event of a visitor not identified yet, by anonymous ID',
			},
		],
		default: 'track',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['transactional'] } },
		options: [
			{
				name: 'Send Email',
				value: 'sendEmail',
				action: 'Send a transactional email',
				description: 'Send a transactional email message to a person, with optional attachments',
			},
			{
				name: 'Send Push',
				value: 'sendPush',
				action: 'Send a transactional push',
				description: 'Send a transactional push notification to a person\'s devices',
			},
			{
				name: 'Send SMS',
				value: 'sendSms',
				action: 'Send a transactional SMS',
				description: 'Send a transactional SMS to a phone number',
			},
		],
		default: 'sendEmail',
	},
];

const sending: INodeProperties[] = [
	{
		displayName: 'Send in Batches',
		name: 'batching',
		type: 'boolean',
		default: true,
		description:
			'Whether to pack items into Track API v2 batch calls (up to 500 KB each): far fewer requests for large inputs. Off sends one request per item.',
		displayOptions: { show: { resource: ['person', 'event'], operation: ['identify', 'delete', 'track'] } },
	},
	{
		displayName: 'Parallel Requests',
		name: 'concurrency',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 32 },
		default: 8,
		description: 'How many requests (or batches) are in flight at once',
	},
];

const INCLUDE_INPUT_FIELDS =
	"Whether each output item keeps the input item's fields, with Customer.io's result in the field below, so the next node maps the person's fields from its own item (the fast way). Off outputs the result alone.";

/**
 * Since 1.1, output items carry the input's fields by default: users chain Identify → Track →
 * Send and expect the person's fields to flow through, as they do through n8n's Edit Fields
 * node; reaching back with `$('Node').item` costs n8n's evaluator and paired-item lookup per item.
 * 1.0 nodes keep their saved behaviour (result only).
 */
const output: INodeProperties[] = [
	{
		displayName: 'Include Input Fields',
		name: 'includeInputFields',
		type: 'boolean',
		default: false,
		description: INCLUDE_INPUT_FIELDS,
		displayOptions: { show: { '@version': [1] } },
	},
	{
		displayName: 'Include Input Fields',
		name: 'includeInputFields',
		type: 'boolean',
		default: true,
		description: INCLUDE_INPUT_FIELDS,
		displayOptions: { show: { '@version': [1.1] } },
	},
	{
		displayName: 'Put Result in Field',
		name: 'resultField',
		type: 'string',
		default: 'customerio',
		required: true,
		description: "The output field that holds what was sent and Customer.io's answer (an input field of that name is replaced)",
		displayOptions: { show: { includeInputFields: [true] } },
	},
];

export const properties: INodeProperties[] = [
	...pickers,
	...Object.values(OPERATIONS).flatMap((operation) => operation.description),
	...sending,
	...output,
];
