import type { INodeProperties } from 'n8n-workflow';
import { SNAPSHOT_MAX_AGE_LIMIT_MINUTES } from '../shared/allocation';

/**
 * Ranges of the number settings: the editor enforces them, and the node checks them again for
 * expressions. The properties below repeat the defaults as literals (n8n's linter wants those).
 */
export const NUMBER_SETTINGS = {
	budgetMs: { label: 'Time Budget (Milliseconds)', min: 100, max: 30_000, default: 3000 },
	holdoutPercent: { label: 'Holdout (%)', min: 0, max: 100, default: 0 },
	toleranceSeconds: { label: 'Signature Tolerance (Seconds)', min: 1, max: 3600, default: 300 },
	snapshotMaxAgeMinutes: { label: 'Snapshot Max Age (Minutes)', min: 1, max: SNAPSHOT_MAX_AGE_LIMIT_MINUTES, default: 60 },
} as const;

const range = (name: keyof typeof NUMBER_SETTINGS) => ({ minValue: NUMBER_SETTINGS[name].min, maxValue: NUMBER_SETTINGS[name].max });

export const EXAMPLE_TEMPLATES = {
	welcome: {
		variants: [
			{
				copy_id: 'welcome-pro',
				when: { plan: 'pro' },
				vars: {
					subject: 'Welcome to Pro, {{fields.first_name | default: "there"}}',
					preheader: 'Your Pro tools are ready',
					body: 'Hi {{fields.first_name | default: "there"}}, everything in Pro is switched on for your team.',
					cta: 'Open your dashboard',
				},
			},
			{
				copy_id: 'welcome-a',
				vars: {
					subject: 'Welcome aboard, {{fields.first_name | default: "there"}}',
					preheader: 'Three steps to get started',
					body: 'Hi {{fields.first_name | default: "there"}}, here is how to get the most out of your first week.',
					cta: 'Get started',
				},
			},
			{
				copy_id: 'welcome-b',
				vars: {
					subject: '{{fields.first_name | default: "Hey"}}, your account is ready',
					preheader: 'Start in two minutes',
					body: 'Your account is set up. Pick a template and send your first campaign today.',
					cta: 'Pick a template',
				},
			},
		],
		control: {
			copy_id: 'welcome-control',
			vars: {
				subject: 'Welcome!',
				preheader: 'Get started',
				body: 'Thanks for signing up.',
				cta: 'Get started',
			},
		},
	},
};

export const properties: INodeProperties[] = [
	{
		displayName:
			"In a Customer.io journey, add a Webhook Action that POSTs to this node's Production URL a JSON body with template_id, user_id, attrs and fields (the README has a complete example), and save the response to a journey attribute.",
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		options: [
			{
				name: 'Webhook Action Credential',
				value: 'credential',
				description: 'A header secret, Basic auth or a Customer.io signature, as set in the credential',
			},
			{
				name: 'None',
				value: 'none',
				description: 'Warning: anyone who learns the URL can spend your model budget and read copy',
			},
		],
		default: 'credential',
		description: 'How requests prove they come from your Customer.io journey; others get 401',
	},
	{
		displayName: 'Templates',
		name: 'templates',
		type: 'json',
		default: JSON.stringify(EXAMPLE_TEMPLATES, null, 2),
		description:
			'Templates by template_id. Each has variants (copy_id, optional "when" rules on attrs, vars with {{fields.x | default: "…"}} slots), an optional "control" variant for the holdout group, and optional "limits" (characters per var).',
		typeOptions: { rows: 12 },
	},
	{
		displayName: 'Brand Instructions',
		name: 'instructions',
		type: 'string',
		typeOptions: { rows: 4 },
		default: 'Friendly, concise, no exclamation marks. Mention the plan only if it is known.',
		description: 'What the chat model should keep in mind when it rewrites the copy (tone, words to avoid, length)',
	},
	{
		displayName: 'Time Budget (Milliseconds)',
		name: 'budgetMs',
		type: 'number',
		typeOptions: range('budgetMs'),
		default: 3000,
		description: 'The answer is sent within this time: if the model is slower, fails or answers invalid JSON, the variant\'s own copy is sent (source "fallback")',
	},
	{
		displayName: 'Holdout (%)',
		name: 'holdoutPercent',
		type: 'number',
		typeOptions: range('holdoutPercent'),
		default: 0,
		description: 'Share of people who always get the control copy without AI (source "control"), to measure the AI against it. The same person is always in the same group.',
	},
	{
		displayName: 'Allocation',
		name: 'allocation',
		type: 'options',
		options: [
			{
				name: 'Fixed Split',
				value: 'fixed',
				description: 'Variants without rules share people equally, by a hash of user and template',
			},
			{
				name: 'Adaptive (Set by Update Allocation)',
				value: 'adaptive',
				description:
					'Shares come from the "Customer.io AI Results" node\'s Update Allocation in this workflow (Thompson sampling on results); the fixed split answers while there is no recent one',
			},
		],
		default: 'fixed',
		description: 'How people who match no rule and are not in the holdout are split across the variants. A request with served_copy_id keeps the variant it names.',
	},
	{
		displayName: 'Snapshot Max Age (Minutes)',
		name: 'snapshotMaxAgeMinutes',
		type: 'number',
		typeOptions: range('snapshotMaxAgeMinutes'),
		default: 60,
		description: 'An allocation older than this is ignored and the fixed split answers (e.g. when the schedule that runs Update Allocation has stopped)',
		displayOptions: { show: { allocation: ['adaptive'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Holdout Salt',
				name: 'holdoutSalt',
				type: 'string',
				default: '',
				description: 'Change it to draw a new holdout group (people are assigned by a hash of salt, template and user)',
			},
			{
				displayName: 'Private Attributes',
				name: 'piiNames',
				type: 'string',
				default: 'last_name, address, phone, email',
				description: 'Comma-separated attrs/fields names whose values never reach the model (emails and phone numbers are always masked)',
			},
			{
				displayName: 'Signature Tolerance (Seconds)',
				name: 'toleranceSeconds',
				type: 'number',
				typeOptions: range('toleranceSeconds'),
				default: 300,
				description: 'How old (or early) x-cio-timestamp may be with Customer.io Signature authentication (1 to 3600)',
			},
		],
	},
];
