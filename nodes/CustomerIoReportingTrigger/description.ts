import type { INodeProperties } from 'n8n-workflow';
import { EVENT_OPTIONS, METRIC_OPTIONS, OBJECT_TYPE_OPTIONS } from './events';

const WEBHOOKS_PAGE = 'Data & Integrations → Integrations → Reporting Webhooks';

const idFilter = (displayName: string, name: string, example: string): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: '',
	placeholder: example,
	description: `Only events with one of these ${displayName.replace(/s$/, '').toLowerCase()}s (comma-separated)`,
});

export const properties: INodeProperties[] = [
	{
		displayName: `In Customer.io, add this node's Production URL under ${WEBHOOKS_PAGE} (or turn on "Register Webhook in Customer.io"), then copy that webhook's Signing Key into the credential.`,
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		options: EVENT_OPTIONS,
		default: [],
		description:
			'Which reporting events start the workflow; leave empty for all. Other events are answered 200 so Customer.io does not retry them. Also the events a registered webhook subscribes to.',
	},
	{
		displayName: 'Register Webhook in Customer.io',
		name: 'registerWebhook',
		type: 'boolean',
		default: false,
		description:
			'Whether to create the reporting webhook through the App API when the workflow is activated, and delete it when deactivated. Needs an App API key; only webhooks this node created are ever changed.',
	},
	{
		displayName: `Customer.io does not hand out a webhook's signing key through its API: after activating, open ${WEBHOOKS_PAGE} → the webhook named after this workflow → Signing Key, and paste it into the credential (or the Signing Key option below). Until then, events are rejected and Customer.io retries them later.`,
		name: 'registrationNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { registerWebhook: [true] } },
	},
	{
		displayName: 'Verify Signature',
		name: 'verifySignature',
		type: 'boolean',
		default: true,
		description:
			'Whether to reject requests that lack a valid Customer.io signature (x-cio-signature over the raw body) or carry a stale timestamp. Warning: turned off, anyone who learns the URL can start this workflow with made-up events.',
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			idFilter('Broadcast IDs', 'broadcastIds', '3, 4'),
			idFilter('Campaign IDs', 'campaignIds', '12, 13'),
			idFilter('Journey IDs', 'journeyIds', '01GW2CCPN5SBY5WRRH9GQ5QTQD'),
			{
				displayName: 'Metrics',
				name: 'metrics',
				type: 'multiOptions',
				options: METRIC_OPTIONS,
				default: [],
				description: 'Only events with one of these metrics, whatever the channel (e.g. every "clicked")',
			},
			idFilter('Newsletter IDs', 'newsletterIds', '7'),
			{
				displayName: 'Object Types',
				name: 'objectTypes',
				type: 'multiOptions',
				options: OBJECT_TYPE_OPTIONS,
				default: [],
				description: 'Only events about these channels or objects',
			},
			{
				displayName: 'Recipient Domains',
				name: 'recipientDomains',
				type: 'string',
				default: '',
				placeholder: 'example.com, example.org',
				description: "Only events whose recipient's email domain is one of these (subdomains included)",
			},
			idFilter('Transactional Message IDs', 'transactionalMessageIds', '9'),
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Include Message Content',
				name: 'withContent',
				type: 'boolean',
				default: false,
				description: 'Whether a registered webhook includes the message content in sent/drafted events (larger requests)',
			},
			{
				displayName: 'Only Unique Opens and Clicks',
				name: 'uniqueOnly',
				type: 'boolean',
				default: false,
				description: 'Whether a registered webhook reports only the first open and click of each message (Customer.io "full_resolution" off)',
			},
			{
				displayName: 'Signing Key (Override)',
				name: 'signingKey',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				description: "Use this key instead of the credential's, for a workspace with several reporting webhooks (each has its own key)",
			},
			{
				displayName: 'Timestamp Tolerance (Seconds)',
				name: 'toleranceSeconds',
				type: 'number',
				typeOptions: { minValue: 30, maxValue: 3600 },
				default: 300,
				description: 'How far x-cio-timestamp may be from now, past or future, before a request counts as replayed',
			},
			{
				displayName: 'Webhook Name',
				name: 'webhookName',
				type: 'string',
				default: '',
				placeholder: 'n8n: Acme bounces',
				description: 'Name of the registered webhook in Customer.io; default "n8n: " followed by the workflow name',
			},
		],
	},
];
