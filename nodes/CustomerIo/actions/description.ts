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
			{ name: 'Broadcast', value: 'broadcast' },
			{ name: 'Campaign', value: 'campaign' },
			{ name: 'Delivery (Message)', value: 'delivery' },
			{ name: 'Event', value: 'event' },
			{ name: 'Newsletter', value: 'newsletter' },
			{ name: 'Object', value: 'object' },
			{ name: 'Person', value: 'person' },
			{ name: 'Reporting Webhook', value: 'reportingWebhook' },
			{ name: 'Segment', value: 'segment' },
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
				name: 'Add Device',
				value: 'addDevice',
				action: 'Add a device to a person',
				description: 'Add or update a mobile device (push token) of a person',
			},
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete a person',
				description: 'Remove a person and their data from the workspace',
			},
			{
				name: 'Delete Device',
				value: 'deleteDevice',
				action: 'Delete a device of a person',
				description: 'Remove a mobile device (push token) from a person',
			},
			{
				name: 'Find by Email',
				value: 'findByEmail',
				action: 'Find people by email',
				description: 'List the people (ID, email, cio_id) who have an email address (App API)',
			},
			{
				name: 'Get Activities',
				value: 'getActivities',
				action: 'Get the activities of a person',
				description: 'List what a person did and what was done for them in the last 30 days: events, attribute changes, messages (App API)',
			},
			{
				name: 'Get Attributes',
				value: 'getAttributes',
				action: 'Get the attributes of a person',
				description: 'Read a person\'s identifiers, attributes, devices and timestamps (App API)',
			},
			{
				name: 'Get Messages',
				value: 'getMessages',
				action: 'Get the messages sent to a person',
				description: 'List the deliveries sent to a person, with their metrics (App API)',
			},
			{
				name: 'Get Segments',
				value: 'getSegments',
				action: 'Get the segments of a person',
				description: 'List the segments a person is in (App API)',
			},
			{
				name: 'Identify',
				value: 'identify',
				action: 'Identify a person',
				description: 'Create a person or update their attributes',
			},
			{
				name: 'Merge',
				value: 'merge',
				action: 'Merge two people',
				description: 'Merge a duplicate person into another, then delete the duplicate',
			},
			{
				name: 'Suppress',
				value: 'suppress',
				action: 'Suppress a person',
				description: 'Delete a person and block their identifiers from being added again (GDPR/CCPA)',
			},
			{
				name: 'Unsuppress',
				value: 'unsuppress',
				action: 'Unsuppress a person',
				description: 'Allow a suppressed person\'s identifiers again',
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
			{
				name: 'Track Page View',
				value: 'trackPageView',
				action: 'Track a page view',
				description: 'Record a web page a known person viewed',
			},
			{
				name: 'Track Screen View',
				value: 'trackScreenView',
				action: 'Track a screen view',
				description: 'Record an app screen a known person viewed',
			},
		],
		default: 'track',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['segment'] } },
		options: [
			{
				name: 'Add People',
				value: 'addPeople',
				action: 'Add people to a segment',
				description: 'Add each item\'s person to a manual segment (up to 1000 people per call)',
			},
			{
				name: 'Create',
				value: 'create',
				action: 'Create a manual segment',
				description: 'Create an empty manual segment with a name and description (App API)',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a segment',
				description: 'Read a segment\'s name, description, type and state (App API)',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many segments',
				description: 'List the workspace\'s segments (App API)',
			},
			{
				name: 'Get Membership',
				value: 'getMembership',
				action: 'Get the people in a segment',
				description: 'List the people (ID, email, cio_id) in a segment, page by page (App API)',
			},
			{
				name: 'Remove People',
				value: 'removePeople',
				action: 'Remove people from a segment',
				description: 'Remove each item\'s person from a manual segment (up to 1000 people per call)',
			},
		],
		default: 'addPeople',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['broadcast'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get a broadcast',
				description: 'Read an API-triggered broadcast\'s name, state and actions (App API)',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many broadcasts',
				description: 'List the workspace\'s API-triggered broadcasts (App API)',
			},
			{
				name: 'Get Metrics',
				value: 'getMetrics',
				action: 'Get the metrics of a broadcast',
				description: 'Read a broadcast\'s sent, delivered, opened, clicked … counts over time (App API)',
			},
			{
				name: 'Get Trigger Status',
				value: 'getTriggerStatus',
				action: 'Get the status of a broadcast trigger',
				description: 'Read whether Customer.io has processed a trigger (App API)',
			},
			{
				name: 'Trigger',
				value: 'trigger',
				action: 'Trigger a broadcast',
				description: 'Send an API-triggered broadcast to its audience, a list of people or a filter, with data (App API)',
			},
		],
		default: 'trigger',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['newsletter'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get a newsletter',
				description: 'Read a newsletter\'s name, type, sending time and segments (App API)',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many newsletters',
				description: 'List the workspace\'s newsletters, page by page (App API)',
			},
			{
				name: 'Get Metrics',
				value: 'getMetrics',
				action: 'Get the metrics of a newsletter',
				description: 'Read a newsletter\'s sent, delivered, opened, clicked … counts per period (App API)',
			},
		],
		default: 'getMany',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['delivery'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get a delivery',
				description: 'Read one message sent to a person, by delivery ID, with its metrics (App API)',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many deliveries',
				description: 'List the workspace\'s deliveries, filtered by type, metric, campaign, newsletter or time (App API)',
			},
		],
		default: 'get',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['campaign'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get a campaign',
				description: 'Read a campaign\'s name, state, actions and segments (App API)',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many campaigns',
				description: 'List the workspace\'s campaigns (App API)',
			},
			{
				name: 'Get Metrics',
				value: 'getMetrics',
				action: 'Get the metrics of a campaign',
				description: 'Read a campaign\'s sent, delivered, opened, clicked … counts over time (App API)',
			},
		],
		default: 'getMany',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['object'] } },
		options: [
			{
				name: 'Add Relationships',
				value: 'addRelationships',
				action: 'Relate a person to an object',
				description: 'Relate each item\'s person to an object (a company, an account …)',
			},
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete an object',
				description: 'Delete an object and its relationships to people',
			},
			{
				name: 'Delete Relationships',
				value: 'deleteRelationships',
				action: 'Remove a person from an object',
				description: 'End the relationship between each item\'s person and an object',
			},
			{
				name: 'Identify',
				value: 'identify',
				action: 'Identify an object',
				description: 'Create an object or update its attributes',
			},
		],
		default: 'identify',
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
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['reportingWebhook'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a reporting webhook',
				description: 'Have Customer.io post the chosen message and person events to a URL (App API)',
			},
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete a reporting webhook',
				description: 'Remove a reporting webhook from the workspace (App API)',
			},
			{
				name: 'Disable',
				value: 'disable',
				action: 'Disable a reporting webhook',
				description: 'Stop a reporting webhook sending events, keeping its settings (App API)',
			},
			{
				name: 'Enable',
				value: 'enable',
				action: 'Enable a reporting webhook',
				description: 'Let a disabled reporting webhook send events again (App API)',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a reporting webhook',
				description: 'Read a reporting webhook\'s name, endpoint, events and settings (App API)',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many reporting webhooks',
				description: 'List the workspace\'s reporting webhooks (App API)',
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update a reporting webhook',
				description: 'Change a reporting webhook\'s name, endpoint, events or settings; the rest stays as it is (App API)',
			},
		],
		default: 'getMany',
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
		displayOptions: {
			show: {
				resource: ['person', 'event', 'object'],
				operation: [
					'identify',
					'delete',
					'track',
					'suppress',
					'unsuppress',
					'merge',
					'addDevice',
					'deleteDevice',
					'trackPageView',
					'trackScreenView',
					'addRelationships',
					'deleteRelationships',
				],
			},
		},
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
