import type { INodePropertyOptions } from 'n8n-workflow';

/**
 * Customer.io's reporting-webhook events as the App API names them when a webhook is created or
 * updated (`<object_type>_<metric>`); Customer.io refuses any other name. Kept equal, order
 * included, to the official enum vendored in test/fixtures/openapi by a unit test.
 */
const REGISTRABLE_METRICS: Record<string, readonly string[]> = {
	customer: ['subscribed', 'unsubscribed', 'subscription_preferences_changed'],
	email: ['drafted', 'attempted', 'sent', 'delivered', 'opened', 'clicked', 'converted', 'bounced', 'dropped', 'deferred', 'spammed', 'failed', 'unsubscribed', 'undeliverable'],
	in_app: ['drafted', 'attempted', 'sent', 'opened', 'clicked', 'converted', 'failed', 'undeliverable'],
	push: ['drafted', 'attempted', 'sent', 'delivered', 'opened', 'clicked', 'converted', 'bounced', 'dropped', 'failed', 'undeliverable'],
	slack: ['drafted', 'attempted', 'sent', 'clicked', 'converted', 'failed'],
	sms: ['drafted', 'attempted', 'sent', 'delivered', 'clicked', 'converted', 'bounced', 'dropped', 'failed', 'undeliverable', 'replied'],
	whatsapp: ['drafted', 'attempted', 'sent', 'delivered', 'opened', 'clicked', 'converted', 'bounced', 'dropped', 'failed', 'undeliverable', 'replied'],
	webhook: ['drafted', 'attempted', 'sent', 'clicked', 'converted', 'failed', 'undeliverable'],
};

/** Every registrable name: what a registered webhook subscribes to when no event is chosen. */
export const ALL_EVENTS: string[] = Object.entries(REGISTRABLE_METRICS).flatMap(([type, metrics]) => metrics.map((metric) => `${type}_${metric}`));

/**
 * Person-level metrics, by the metric the payload carries, with the name they are registered
 * under. Their payload's object_type is the channel that caused the change (`email`, `sms` …)
 * or `customer`; and the preferences event is registered under another metric than it reports.
 */
export const CUSTOMER_EVENT_BY_METRIC: Readonly<Record<string, string>> = {
	subscribed: 'customer_subscribed',
	unsubscribed: 'customer_unsubscribed',
	cio_subscription_preferences_changed: 'customer_subscription_preferences_changed',
};

/** Option values saved by earlier versions → today's name (that value was never registrable). */
const RENAMED_EVENTS: Readonly<Record<string, string>> = {
	customer_cio_subscription_preferences_changed: 'customer_subscription_preferences_changed',
};

/** record[key] for the record's own keys only: names such as `constructor` arrive from outside. */
export const ownValue = (record: Readonly<Record<string, string>>, key: string): string | undefined =>
	Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;

export const currentEventName = (name: string): string => ownValue(RENAMED_EVENTS, name) ?? name;

/**
 * The names to register for the chosen events: renamed values mapped, and names Customer.io
 * cannot subscribe to (kept from earlier versions only as filters, e.g. slack_undeliverable) left out.
 */
export function registrableEvents(chosen: string[]): string[] {
	const registrable = new Set(ALL_EVENTS);
	return [...new Set(chosen.map(currentEventName))].filter((name) => registrable.has(name));
}

/** Payload metrics per object type: the registrable ones, plus what payloads carry beyond them. */
const PAYLOAD_METRIC: Readonly<Record<string, string>> = { subscription_preferences_changed: 'cio_subscription_preferences_changed' };
const PAYLOAD_ONLY: Readonly<Record<string, readonly string[]>> = { slack: ['undeliverable'] };

export const METRICS_BY_OBJECT_TYPE: Record<string, readonly string[]> = Object.fromEntries(
	Object.entries(REGISTRABLE_METRICS).map(([type, metrics]) => [
		type,
		[...metrics.map((metric) => PAYLOAD_METRIC[metric] ?? metric), ...(PAYLOAD_ONLY[type] ?? [])],
	]),
);

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

const titleCase = (text: string) => text.replace(/\b\w/g, (c) => c.toUpperCase());

const words = (metric: string) => metric.replace(/^cio_/, '').replace(/_/g, ' ');

const optionDescription = (type: string, metric: string) =>
	type === 'customer'
		? `Customer.io reports customer_${metric}, whichever channel caused it (see the item's channel field)`
		: `Customer.io reports ${type}_${metric}`;

/**
 * Options of the "Events" parameter. The editor's node creator turns each option of a trigger
 * property named "Events" into its own action ("On email opened" …), pre-selecting it.
 */
export const EVENT_OPTIONS: INodePropertyOptions[] = Object.entries(REGISTRABLE_METRICS)
	.flatMap(([type, metrics]) =>
		metrics.map((metric) => ({
			name: `${OBJECT_LABEL[type][0]} ${titleCase(words(metric))}`,
			value: `${type}_${metric}`,
			action: `On ${OBJECT_LABEL[type][1]} ${words(metric)}`,
			description: optionDescription(type, metric),
		})),
	)
	.sort((a, b) => a.name.localeCompare(b.name));

export const OBJECT_TYPE_OPTIONS: INodePropertyOptions[] = Object.keys(REGISTRABLE_METRICS)
	.map((type) => ({ name: OBJECT_LABEL[type][0], value: type }))
	.sort((a, b) => a.name.localeCompare(b.name));

export const METRIC_OPTIONS: INodePropertyOptions[] = [...new Set(Object.values(METRICS_BY_OBJECT_TYPE).flat())]
	.map((metric) => ({ name: titleCase(words(metric)), value: metric }))
	.sort((a, b) => a.name.localeCompare(b.name));
