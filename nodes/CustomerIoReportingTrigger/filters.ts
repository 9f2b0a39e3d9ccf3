import { listEntries } from '../shared/list';
import type { ReportingEnvelope } from './envelope';
import { CUSTOMER_EVENT_BY_METRIC, currentEventName, ownValue } from './events';

/** What the user chose to receive; an empty list means "any". */
export interface EventFilters {
	events: string[];
	objectTypes: string[];
	metrics: string[];
	campaignIds: string[];
	journeyIds: string[];
	broadcastIds: string[];
	newsletterIds: string[];
	transactionalMessageIds: string[];
	/** Recipient e-mail domains; `example.com` also matches `mail.example.com`. */
	recipientDomains: string[];
}

/** "12, 13 ,14" (or one per line, or an array from an expression) → ["12","13","14"]. */
export function idList(value: unknown): string[] {
	return listEntries(value).map(String);
}

function domainOf(event: ReportingEnvelope): string | undefined {
	const data = event.data as Record<string, unknown>;
	const identifiers = (data.identifiers ?? {}) as Record<string, unknown>;
	const address = [data.recipient, data.email_address, identifiers.email].find(
		(value): value is string => typeof value === 'string' && value.includes('@'),
	);
	return address?.split('@').pop()?.toLowerCase();
}

/**
 * The Events and Object Types values an event answers to. Its own `<object_type>_<metric>`, and
 * for a person-level metric also the customer event it was registered as: Customer.io sends
 * those with the channel that caused them as object_type (`email` + `cio_subscription_preferences_changed`
 * for customer_subscription_preferences_changed). `email` + `unsubscribed` is ambiguous in the
 * payload (email_unsubscribed or customer_unsubscribed) and so answers to both: a wanted event
 * dropped costs more than an extra one let through.
 */
export function matchKeys(event: Pick<ReportingEnvelope, 'object_type' | 'metric'>): { events: string[]; objectTypes: string[] } {
	const own = `${event.object_type}_${event.metric}`;
	const customerEvent = ownValue(CUSTOMER_EVENT_BY_METRIC, event.metric);
	return customerEvent
		? { events: [own, customerEvent], objectTypes: [event.object_type, 'customer'] }
		: { events: [own], objectTypes: [event.object_type] };
}

/** Why an event is filtered out, or undefined when it passes every filter. */
export function filteredOutBy(event: ReportingEnvelope, filters: EventFilters): string | undefined {
	const keys = matchKeys(event);
	// Saved values from earlier versions are read under today's names.
	if (filters.events.length && !filters.events.some((name) => keys.events.includes(currentEventName(name)))) return 'events';
	if (filters.objectTypes.length && !filters.objectTypes.some((type) => keys.objectTypes.includes(type))) return 'object types';
	if (filters.metrics.length && !filters.metrics.includes(event.metric)) return 'metrics';
	const data = event.data as Record<string, unknown>;
	const ids: Array<[keyof EventFilters, string, string]> = [
		['campaignIds', 'campaign_id', 'campaign IDs'],
		['journeyIds', 'journey_id', 'journey IDs'],
		['broadcastIds', 'broadcast_id', 'broadcast IDs'],
		['newsletterIds', 'newsletter_id', 'newsletter IDs'],
		['transactionalMessageIds', 'transactional_message_id', 'transactional message IDs'],
	];
	for (const [filter, field, label] of ids) {
		const wanted = filters[filter];
		if (wanted.length && !wanted.includes(String(data[field] ?? ''))) return label;
	}
	if (filters.recipientDomains.length) {
		const domain = domainOf(event);
		const wanted = filters.recipientDomains.map((d) => d.toLowerCase().replace(/^@/, ''));
		if (!domain || !wanted.some((d) => domain === d || domain.endsWith(`.${d}`))) return 'recipient domains';
	}
	return undefined;
}
