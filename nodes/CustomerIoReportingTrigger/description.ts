import type { INodeProperties } from 'n8n-workflow';
import { EVENT_OPTIONS, METRIC_OPTIONS, OBJECT_TYPE_OPTIONS } from './events';
import { TOLERANCE_SECONDS } from './settings';

const WEBHOOKS_PAGE = 'Data & Integrations → Integrations → Reporting Webhooks';
// A plain identifier: n8n's linter cannot read a member expression as a parameter default.
const defaultTolerance = TOLERANCE_SECONDS.default;

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
		displayName: `In Customer.io, add this node's Production URL under ${WEBHOOKS_PAGE} (or turn on "Register Webhook in Customer.io"), then copy that webhook's Signing Key into a credential (see Signing Key From).`,
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
		displayName: `Customer.io does not hand out a webhook's signing key through its API: after activating, open ${WEBHOOKS_PAGE} → the webhook named after this workflow → Signing Key, and paste it into the credential chosen under Signing Key From. Until then, events are rejected and Customer.io retries them later.`,
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
		displayName: 'Signing Key From',
		name: 'signingKeyFrom',
		type: 'options',
		options: [
			{
				name: 'Lifecycle Credential',
				value: 'lifecycleCredential',
				description: 'The "Reporting Webhook Signing Key" of the Customer.io (Lifecycle) credential above',
			},
			{
				name: 'Signing Key Credential',
				value: 'signingCredential',
				description: 'A credential holding only a signing key: for a workspace with several reporting webhooks, each with its own key',
			},
		],
		default: 'lifecycleCredential',
		description: 'Which credential holds the signing key of the reporting webhook that calls this trigger',
		displayOptions: { show: { verifySignature: [true] } },
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
				displayName: 'Copy ID Header',
				name: 'copyIdHeader',
				type: 'string',
				default: 'X-Cio-Copy-Id',
				description:
					"Custom email header whose value is AI Personalize's copy_id (set in the email to {{journey.ai_welcome.copy_id}}): sent events carry it when the webhook includes message content, and the item gets it as copy_id. Empty: not read.",
			},
			{
				displayName: 'Copy ID Link Parameter',
				name: 'copyIdLinkParameter',
				type: 'string',
				default: 'cio_copy',
				description: "Link query parameter holding AI Personalize's copy_id (e.g. ?cio_copy={{journey.ai_welcome.copy_id}}): clicked events carry it in their link, and the item gets it as copy_id. Empty: not read.",
			},
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
				// Kept for version 1 only, so a key saved there is still seen and refused (settings.ts); delete it.
				displayName: 'Signing Key (Override)',
				name: 'signingKey',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				description:
					'No longer supported: a key here is stored in the workflow and its executions, and the trigger refuses to start. Put the key into a Signing Key credential (Signing Key From) and delete this option.',
				displayOptions: { show: { '@version': [1] } },
			},
			{
				displayName: 'Timestamp Tolerance (Seconds)',
				name: 'toleranceSeconds',
				type: 'number',
				typeOptions: { minValue: TOLERANCE_SECONDS.min, maxValue: TOLERANCE_SECONDS.max },
				default: defaultTolerance,
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
