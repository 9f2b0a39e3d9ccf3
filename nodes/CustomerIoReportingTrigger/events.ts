import type { INodePropertyOptions } from 'n8n-workflow';

/**
 * Customer.io's reporting-webhook events (customerio-contract.md): object type → metrics.
 * The union of the API enum and the payload schemas, because the two disagree slightly;
 * events outside this list are still accepted when no filter excludes them.
 */
export const METRICS_BY_OBJECT_TYPE: Record<string, readonly string[]> = {
	customer: ['subscribed', 'unsubscribed', 'cio_subscription_preferences_changed'],
	email: ['drafted', 'attempted', 'sent', 'delivered', 'opened', 'clicked', 'converted', 'unsubscribed', 'bounced', 'dropped', 'deferred', 'spammed', 'failed', 'undeliverable'],
	push: ['drafted', 'attempted', 'sent', 'delivered', 'opened', 'clicked', 'converted', 'bounced', 'dropped', 'failed', 'undeliverable'],
	sms: ['drafted', 'attempted', 'sent', 'delivered', 'clicked', 'converted', 'bounced', 'dropped', 'failed', 'undeliverable', 'replied'],
	whatsapp: ['drafted', 'attempted', 'sent', 'delivered', 'opened', 'clicked', 'converted', 'bounced', 'dropped', 'failed', 'undeliverable', 'replied'],
	slack: ['drafted', 'attempted', 'sent', 'clicked', 'converted', 'failed', 'undeliverable'],
	webhook: ['drafted', 'attempted', 'sent', 'clicked', 'converted', 'failed', 'undeliverable'],
	in_app: ['drafted', 'attempted', 'sent', 'opened', 'clicked', 'converted', 'failed', 'undeliverable'],
};

/** Display name, and the form used mid-sentence ("On email opened", "On SMS clicked"). */
const OBJECT_LABEL: Record<string, [string, string]> = {
	customer: ['Customer', 'customer'],
	email: ['Email', 'email'],
	push: ['Push', 'push'],
	sms: ['SMS', 'SMS'],
	whatsapp: ['WhatsApp', 'WhatsApp'],
	slack: ['Slack', 'Slack'],
	webhook: ['Webhook', 'webhook'],
	in_app: ['In-App', 'in-app'],
};

const capitalized = (text: string) => text.replace(/^./, (c) => c.toUpperCase());

const words = (metric: string) =>
	metric === 'cio_subscription_preferences_changed' ? 'subscription preferences changed' : metric.replace(/_/g, ' ');

/** `email_opened` and friends: the names Customer.io uses when registering a webhook. */
export const ALL_EVENTS: string[] = Object.entries(METRICS_BY_OBJECT_TYPE).flatMap(([type, metrics]) =>
	metrics.map((metric) => `${type}_${metric}`),
);

/**
 * Options of the "Events" parameter. The editor's node creator turns each option of a trigger
 * property named "Events" into its own action ("On email opened" …), pre-selecting it.
 */
export const EVENT_OPTIONS: INodePropertyOptions[] = Object.entries(METRICS_BY_OBJECT_TYPE)
	.flatMap(([type, metrics]) =>
		metrics.map((metric) => ({
			name: `${OBJECT_LABEL[type][0]} ${capitalized(words(metric))}`,
			value: `${type}_${metric}`,
			action: `On ${OBJECT_LABEL[type][1]} ${words(metric)}`,
			description: `Customer.io reports ${type}_${metric}`,
		})),
	)
	.sort((a, b) => a.name.localeCompare(b.name));

export const OBJECT_TYPE_OPTIONS: INodePropertyOptions[] = Object.keys(METRICS_BY_OBJECT_TYPE)
	.map((type) => ({ name: OBJECT_LABEL[type][0], value: type }))
	.sort((a, b) => a.name.localeCompare(b.name));

export const METRIC_OPTIONS: INodePropertyOptions[] = [...new Set(Object.values(METRICS_BY_OBJECT_TYPE).flat())]
	.map((metric) => ({ name: capitalized(words(metric)), value: metric }))
	.sort((a, b) => a.name.localeCompare(b.name));
