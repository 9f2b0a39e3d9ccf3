import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';
import { copyIdFromEvent, type CopyIdSources } from './copyId';
import { EVENT_LIMITS } from './limits';

/**
 * The reporting-webhook envelope Customer.io posts: `{event_id, object_type, metric, timestamp,
 * data}`. Only what every event has is required; `data` varies by type and is passed through.
 */
const id = z.union([z.string(), z.number()]);
const name = (example: string) =>
	z.string().max(EVENT_LIMITS.nameChars).regex(/^[a-z_]+$/, `must be a Customer.io ${example}`);

export const envelopeSchema = z.object({
	event_id: z.string().min(1).max(EVENT_LIMITS.eventIdChars),
	object_type: name('object type such as email'),
	metric: name('metric such as opened'),
	// Bounded so that timestamp_iso always exists (a larger number has no date and used to throw).
	timestamp: z.number().int().nonnegative().max(EVENT_LIMITS.timestampSeconds, `must be unix seconds, at most ${EVENT_LIMITS.timestampSeconds}`),
	data: z
		.object({
			identifiers: z.record(z.unknown()).optional(),
			customer_id: id.optional(),
			delivery_id: z.string().optional(),
		})
		.passthrough(),
});

export type ReportingEnvelope = z.infer<typeof envelopeSchema>;

/** The first schema problem, worded for the 400 answer: `data.customer_id: Expected string…`. */
export function describeEnvelopeIssue(error: z.ZodError): string {
	const issue = error.issues[0];
	const field = issue.path.join('.') || 'body';
	return `${field}: ${issue.message}`;
}

const pick = (data: IDataObject, key: string) => (data[key] === undefined ? null : data[key]);

/**
 * One workflow item per event: the fields flows use most, flat, plus the untouched `data`, and
 * the AI Personalize copy_id the event carries (null when it carries none).
 */
export function toOutputItem(event: ReportingEnvelope, copyIdSources: CopyIdSources): IDataObject {
	const data = event.data as IDataObject;
	const identifiers = (data.identifiers ?? {}) as IDataObject;
	return {
		event_id: event.event_id,
		object_type: event.object_type,
		metric: event.metric,
		event: `${event.object_type}_${event.metric}`,
		// The channel the event came from; null when object_type is `customer`, i.e. a person-level
		// change not caused by a message (subscription events carry their channel as object_type).
		channel: event.object_type === 'customer' ? null : event.object_type,
		timestamp: event.timestamp,
		timestamp_iso: new Date(event.timestamp * 1000).toISOString(),
		identifiers,
		customer_id: data.customer_id ?? identifiers.id ?? null,
		delivery_id: pick(data, 'delivery_id'),
		campaign_id: pick(data, 'campaign_id'),
		journey_id: pick(data, 'journey_id'),
		action_id: pick(data, 'action_id'),
		parent_action_id: pick(data, 'parent_action_id'),
		broadcast_id: pick(data, 'broadcast_id'),
		trigger_id: pick(data, 'trigger_id'),
		newsletter_id: pick(data, 'newsletter_id'),
		transactional_message_id: pick(data, 'transactional_message_id'),
		recipient: data.recipient ?? data.email_address ?? null,
		subject: pick(data, 'subject'),
		href: pick(data, 'href'),
		link_id: pick(data, 'link_id'),
		failure_message: pick(data, 'failure_message'),
		copy_id: copyIdFromEvent(data, copyIdSources),
		data,
	};
}
