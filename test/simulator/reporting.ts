import { randomBytes } from 'crypto';
import { signV0 } from '../../nodes/shared/signature';
import { ulid } from '../../nodes/shared/ulid';

/**
 * Customer.io's side of reporting webhooks: the event envelope it posts and the `v0` signature
 * headers it adds (customerio-contract.md, "Reporting webhooks").
 */
export interface ReportingEvent {
	event_id: string;
	object_type: string;
	metric: string;
	timestamp: number;
	data: Record<string, unknown>;
}

const FAILURE_METRICS = new Set(['attempted', 'bounced', 'dropped', 'failed', 'undeliverable']);

/**
 * About the person, not a message. Customer.io then puts the channel that caused it into
 * object_type (or `customer`); `email` + `unsubscribed` is taken as the email event here.
 */
const isPersonEvent = (objectType: string, metric: string) =>
	objectType === 'customer' || metric === 'subscribed' || metric === 'cio_subscription_preferences_changed' || (metric === 'unsubscribed' && objectType !== 'email');

/**
 * The subscription that makes Customer.io send this event: `<object_type>_<metric>` for a
 * message event; `customer_<metric>` for a person event from any channel, the preferences change
 * being registered as customer_subscription_preferences_changed though reported as cio_subscription_preferences_changed.
 */
export function subscriptionOf(event: Pick<ReportingEvent, 'object_type' | 'metric'>): string {
	if (!isPersonEvent(event.object_type, event.metric)) return `${event.object_type}_${event.metric}`;
	return `customer_${event.metric === 'cio_subscription_preferences_changed' ? 'subscription_preferences_changed' : event.metric}`;
}

/** A realistic event of this type and metric; `data` overrides or adds fields. */
export function makeReportingEvent(objectType: string, metric: string, data: Record<string, unknown> = {}): ReportingEvent {
	const identifiers = { id: '42', email: 'ada@example.com', cio_id: 'd9c106000001' };
	const base: Record<string, unknown> = { identifiers, customer_id: '42' };
	const message = { delivery_id: randomBytes(18).toString('base64url'), campaign_id: 12, action_id: 34, journey_id: '01GW2CCPN5SBY5WRRH9GQ5QTQD' };
	if (isPersonEvent(objectType, metric)) {
		base.email_address = identifiers.email;
		if (objectType !== 'customer') Object.assign(base, message);
		if (metric === 'cio_subscription_preferences_changed') base.content = '{"topics":{"topic_1":true}}';
	} else {
		Object.assign(base, message);
		if (objectType === 'email') Object.assign(base, { recipient: identifiers.email, subject: 'Welcome aboard' });
		if (objectType === 'sms' || objectType === 'whatsapp') base.recipient = '+14155550100';
		if (metric === 'clicked') Object.assign(base, { href: 'https://example.com/pricing', link_id: 7, machine: false });
		if (metric === 'opened' && objectType === 'email') Object.assign(base, { proxied: false, prefetched: false });
		if (FAILURE_METRICS.has(metric)) base.failure_message = 'Mailbox unavailable';
	}
	return {
		event_id: ulid(),
		object_type: objectType,
		metric,
		timestamp: Math.floor(Date.now() / 1000),
		data: { ...base, ...data },
	};
}

export interface SendOptions {
	signingKey: string;
	/** Unix seconds for `x-cio-timestamp`; defaults to now (use an old one for replay tests). */
	timestamp?: number;
	/** Exact bytes to send instead of JSON.stringify(event): signatures cover these bytes. */
	rawBody?: string;
	/** `body`: change the body after signing; `signature`: send a wrong signature. */
	tamper?: 'body' | 'signature';
	/** Leave out the signature headers entirely. */
	unsigned?: boolean;
}

export interface SendResult {
	status: number;
	body: string;
	ms: number;
}

/** Signs the headers for a raw body exactly as Customer.io does. */
export function signedHeaders(signingKey: string, rawBody: string, timestamp = Math.floor(Date.now() / 1000)) {
	return { 'x-cio-timestamp': String(timestamp), 'x-cio-signature': signV0(signingKey, timestamp, rawBody) };
}

/** Posts one reporting event to `url` the way Customer.io does. */
export async function sendReportingEvent(url: string, event: ReportingEvent, options: SendOptions): Promise<SendResult> {
	const rawBody = options.rawBody ?? JSON.stringify(event);
	const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'Customer.io Webhooks (simulator)' };
	if (!options.unsigned) Object.assign(headers, signedHeaders(options.signingKey, rawBody, options.timestamp));
	if (options.tamper === 'signature') {
		const signature = headers['x-cio-signature'];
		headers['x-cio-signature'] = (signature[0] === '0' ? '1' : '0') + signature.slice(1);
	}
	const sent = options.tamper === 'body' ? rawBody.replace(/"metric":"[^"]*"/, '"metric":"tampered"') : rawBody;
	const started = performance.now();
	const response = await fetch(url, { method: 'POST', headers, body: sent, signal: AbortSignal.timeout(30_000) });
	const body = await response.text();
	return { status: response.status, body, ms: performance.now() - started };
}
