/**
 * The largest reporting event the trigger accepts; anything beyond is answered 400 naming the
 * limit. Customer.io's reporting-webhook spec (customer-io-reporting-webhooks-openapi.json) nests
 * at most 4 levels (`data.headers.<name>[]`), sends a few dozen keys, and with "Body Content"
 * carries the message as one string. Each limit leaves a wide margin over that, while keeping
 * one request's work (signature, scan, parse) far below 50 ms of event-loop time; n8n itself
 * accepts bodies up to 16 MB and chokes on deep items in its executions list.
 */
export const EVENT_LIMITS = {
	/** Message content included: Customer.io caps a transactional payload, body included, at 1 MB. */
	bodyBytes: 1024 * 1024,
	/** Levels of nested objects and arrays, the envelope itself being level 1 (Customer.io: 4). */
	depth: 32,
	/** Object keys plus array items, summed over the whole event (Customer.io: under 100). */
	members: 10_000,
	/** `event_id` is a 26-character ULID; flows use it as a dedupe key (database indexes). */
	eventIdChars: 128,
	/** `object_type` and `metric` are short snake_case words such as `cio_subscription_preferences_changed`. */
	nameChars: 64,
	/** Unix seconds up to 9999-12-31T23:59:59Z, the last instant an ISO date can show. */
	timestampSeconds: 253_402_300_799,
} as const;
