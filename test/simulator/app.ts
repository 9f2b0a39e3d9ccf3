import { randomBytes } from 'crypto';
import { byteLength, LIMITS } from '../../nodes/shared/limits';
import { isReply, tokenPage } from './paging';
import { detailError, isObject, metaError, ok, type Reply } from './reply';
import { addresses, checkIdentifiers, E164, EMAIL } from './rules';
import { broadcastRoutes, broadcastTriggers, customerActivities, customerMessages, messageRoutes, newsletterRoutes } from './messaging';
import { DELIVERY_METRICS, type Delivery, type IdentifierType, type Person, type ReportingWebhook, type Segment, type WorkspaceState } from './state';

/**
 * App API for one authenticated workspace: customer attributes, transactional sends and
 * reporting webhooks. `path` follows the App base URL (e.g. `/v1/send/email`).
 */
export function handleApp(
	state: WorkspaceState,
	method: string,
	path: string,
	query: Record<string, string>,
	body: unknown,
): Reply {
	const segments = path.split('/').filter(Boolean).map(decodeURIComponent);
	const [version, resource, id, sub, ...rest] = segments;
	if (version !== 'v1') return detailError(404, 'not found');

	if (resource === 'customers' && id !== undefined && sub === 'attributes' && rest.length === 0 && method === 'GET') {
		return customerAttributes(state, id, query.id_type);
	}
	if (resource === 'customers' && id === undefined && method === 'GET') return customersByEmail(state, query);
	if (resource === 'customers' && id !== undefined && sub === 'segments' && rest.length === 0 && method === 'GET') {
		return customerSegments(state, id, query.id_type);
	}
	if (resource === 'campaigns' && id !== undefined && sub === 'triggers') return broadcastTriggers(state, method, id, rest, body);
	if (resource === 'campaigns' && rest.length === 0 && method === 'GET') return campaignRoutes(state, id, sub, query);
	if (resource === 'broadcasts' && rest.length === 0 && method === 'GET') return broadcastRoutes(state, id, sub, query);
	if (resource === 'newsletters' && rest.length === 0 && method === 'GET') return newsletterRoutes(state, id, sub, query);
	if (resource === 'messages' && sub === undefined && method === 'GET') return messageRoutes(state, id, query);
	if (resource === 'customers' && id !== undefined && (sub === 'messages' || sub === 'activities') && rest.length === 0 && method === 'GET') {
		return sub === 'messages' ? customerMessages(state, id, query) : customerActivities(state, id, query);
	}
	if (resource === 'segments' && rest.length === 0) return segmentRoutes(state, method, id, sub, query, body);
	if (resource === 'transactional' && id === undefined && method === 'GET') {
		return ok({ messages: [...state.transactionalMessages.values()] });
	}
	if (resource === 'send' && sub === undefined && method === 'POST') {
		if (id === 'email' || id === 'push' || id === 'sms') return send(state, id, body);
	}
	if (resource === 'reporting_webhooks' && sub === undefined) return reportingWebhooks(state, method, id, body);
	return detailError(404, `no route for ${method} ${path}`);
}

/** Customer.io stores attribute values as strings and answers them that way. */
function asStored(value: unknown): string {
	return typeof value === 'string' ? value : JSON.stringify(value);
}

function customerAttributes(state: WorkspaceState, id: string, idType = 'id'): Reply {
	if (idType !== 'id' && idType !== 'email' && idType !== 'cio_id') {
		return metaError(400, 'id_type must be one of id, email, cio_id');
	}
	const person = state.find(idType as IdentifierType, id);
	if (!person) return detailError(404, 'The requested resource does not exist');
	return ok({ customer: describe(person) });
}

function describe(person: Person) {
	const identifiers: Record<string, string> = { cio_id: person.cio_id };
	if (person.id !== undefined) identifiers.id = person.id;
	if (person.email !== undefined) identifiers.email = person.email;
	const attributes: Record<string, string> = { _last_updated: String(person.updatedAt), cio_id: person.cio_id };
	for (const [key, value] of Object.entries(person.attributes)) attributes[key] = asStored(value);
	if (person.id !== undefined) attributes.id = person.id;
	if (person.email !== undefined) attributes.email = person.email;
	return {
		id: person.id ?? null,
		identifiers,
		attributes,
		devices: person.devices.map((device) => ({ ...device, attributes: { ...device.attributes } })),
		timestamps: { cio_id: person.createdAt, ...Object.fromEntries(Object.keys(person.attributes).map((k) => [k, person.updatedAt])) },
		unsubscribed: person.unsubscribed,
	};
}

const SEND_IDENTIFIERS = ['id', 'email', 'cio_id'] as const;
const NINETY_DAYS = 90 * 86_400;

function send(state: WorkspaceState, kind: Delivery['kind'], body: unknown): Reply {
	if (!isObject(body)) return metaError(400, 'request body must be a JSON object');
	const invalid = checkSend(state, kind, body);
	if (invalid) return invalid;
	const now = Math.floor(Date.now() / 1000);
	const delivery: Delivery = {
		delivery_id: randomBytes(18).toString('base64url'),
		kind,
		transactional_message_id: body.transactional_message_id as number | string,
		identifiers: body.identifiers as Record<string, string>,
		to: typeof body.to === 'string' ? body.to : undefined,
		queued_at: now,
		send_at: typeof body.send_at === 'number' ? body.send_at : undefined,
		body,
	};
	if (body.queue_draft !== true) state.deliveries.push(delivery);
	const answer: Record<string, unknown> = { delivery_id: delivery.delivery_id, queued_at: now };
	if (delivery.send_at !== undefined) answer.send_at = delivery.send_at;
	return ok(answer);
}

function checkSend(state: WorkspaceState, kind: Delivery['kind'], body: Record<string, unknown>): Reply | undefined {
	const message = body.transactional_message_id;
	const validMessage =
		(typeof message === 'number' && Number.isInteger(message) && message > 0) ||
		(typeof message === 'string' && message.trim() !== '');
	if (!validMessage) return metaError(400, 'transactional_message_id is required: a message id or trigger name');
	const ids = checkIdentifiers(body.identifiers, SEND_IDENTIFIERS);
	if ('error' in ids) return metaError(400, ids.error);
	if (body.message_data !== undefined && !isObject(body.message_data)) return metaError(400, 'message_data must be an object');
	if (body.send_at !== undefined) {
		const now = Math.floor(Date.now() / 1000);
		if (typeof body.send_at !== 'number' || !Number.isInteger(body.send_at)) return metaError(400, 'send_at must be unix seconds');
		if (body.send_at > now + NINETY_DAYS) return metaError(400, 'send_at must be within 90 days');
	}
	if (kind === 'email') return checkEmail(body);
	if (kind === 'sms') {
		if (!state.smsEnabled) return detailError(403, 'SMS is not enabled for this workspace');
		if (typeof body.to !== 'string' || !E164.test(body.to)) return metaError(400, 'to must be an E.164 phone number');
	}
	if (kind === 'push') {
		if (body.to !== undefined && (typeof body.to !== 'string' || !body.to)) return metaError(400, 'to must be all, last_used or a device token');
		if (body.custom_data !== undefined && !isObject(body.custom_data)) return metaError(400, 'custom_data must be an object');
		if (body.custom_device !== undefined) {
			const device = body.custom_device;
			if (!isObject(device) || typeof device.token !== 'string' || !['ios', 'android'].includes(String(device.platform))) {
				return metaError(400, 'custom_device needs a token and platform ios or android');
			}
		}
	}
	return undefined;
}

function checkEmail(body: Record<string, unknown>): Reply | undefined {
	const to = addresses(body.to);
	if (to.length === 0) return metaError(400, 'to is required');
	const recipients = [...to, ...addresses(body.bcc)];
	if (recipients.length > LIMITS.transactionalRecipients) {
		return metaError(400, `too many recipients: ${recipients.length} (at most ${LIMITS.transactionalRecipients})`);
	}
	if (recipients.some((address) => !EMAIL.test(address))) return metaError(400, 'to and bcc must be email addresses');
	const { attachments, ...rest } = body;
	if (byteLength(JSON.stringify(rest)) > 1024 * 1024) return metaError(413, 'payload is larger than 1 MB (attachments aside)');
	if (attachments !== undefined) {
		if (!isObject(attachments)) return metaError(400, 'attachments must map file names to base64 content');
		let total = 0;
		for (const [name, content] of Object.entries(attachments)) {
			if (typeof content !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(content)) {
				return metaError(400, `attachment ${name} is not base64`);
			}
			total += Buffer.from(content, 'base64').length;
		}
		if (total >= LIMITS.attachmentsBytes) return metaError(413, 'attachments must total less than 2 MB');
	}
	return undefined;
}

/**
 * The body of a reporting-webhook create or update, as the official App OpenAPI types it: both
 * require `name`, `endpoint` (format url; Customer.io takes http and https) and `events` (at
 * least one, strings of the enum); `disabled`, `full_resolution`, `with_content` are booleans.
 * Customer.io answers 400 "The request was malformed" to anything else.
 */
function checkWebhook(body: Record<string, unknown>): string | undefined {
	if (typeof body.name !== 'string' || !body.name.trim()) return 'name is required';
	if (typeof body.endpoint !== 'string' || !isHttpUrl(body.endpoint)) return 'endpoint must be an http(s) URL';
	const events = body.events;
	if (!Array.isArray(events) || events.length === 0 || events.some((e) => typeof e !== 'string')) {
		return 'events must be a non-empty list such as ["email_opened"]';
	}
	for (const flag of ['disabled', 'full_resolution', 'with_content'] as const) {
		if (body[flag] !== undefined && typeof body[flag] !== 'boolean') return `${flag} must be true or false`;
	}
	return undefined;
}

function isHttpUrl(text: string): boolean {
	try {
		const url = new URL(text);
		return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
	} catch {
		return false;
	}
}

/** A checked body as the webhook's settings; what it leaves out takes the spec's default (false). */
function webhookSettings(body: Record<string, unknown>): Omit<ReportingWebhook, 'id' | 'type' | 'created_at' | 'updated_at'> {
	return {
		name: body.name as string,
		endpoint: body.endpoint as string,
		events: body.events as string[],
		disabled: body.disabled === true,
		full_resolution: body.full_resolution === true,
		with_content: body.with_content === true,
	};
}

/**
 * `GET/POST /v1/reporting_webhooks`, `GET/PUT/DELETE /v1/reporting_webhooks/{webhook_id}`. A PUT
 * replaces the webhook (its body has the create's required fields): a setting it leaves out
 * goes back to its default, so a client that sends only what changed wipes the rest.
 */
function reportingWebhooks(state: WorkspaceState, method: string, id: string | undefined, body: unknown): Reply {
	if (id === undefined) {
		if (method === 'GET') return ok({ reporting_webhooks: [...state.reportingWebhooks.values()] });
		if (method !== 'POST') return detailError(405, 'method not allowed');
		if (!isObject(body)) return metaError(400, 'request body must be a JSON object');
		const invalid = checkWebhook(body);
		if (invalid) return detailError(400, `The request was malformed: ${invalid}`);
		return ok(state.addWebhook(webhookSettings(body)));
	}
	const webhook = state.reportingWebhooks.get(Number(id));
	if (!webhook) return detailError(404, 'The webhook ID does not exist.');
	if (method === 'GET') return ok(webhook);
	if (method === 'DELETE') {
		state.reportingWebhooks.delete(webhook.id);
		return { status: 200 };
	}
	if (method === 'PUT') {
		if (!isObject(body)) return metaError(400, 'request body must be a JSON object');
		const invalid = checkWebhook(body);
		if (invalid) return detailError(400, `The request was malformed: ${invalid}`);
		Object.assign(webhook, webhookSettings(body), { updated_at: Math.floor(Date.now() / 1000) });
		return ok(webhook);
	}
	return detailError(405, 'method not allowed');
}

/** An integer path id (int32 in the spec), or undefined. */
export function pathId(id: string): number | undefined {
	return /^\d{1,10}$/.test(id) && Number(id) >= 1 && Number(id) <= 2 ** 31 - 1 ? Number(id) : undefined;
}

/** `GET /v1/customers?email=`: every person with that email (`email` is required, format email). */
function customersByEmail(state: WorkspaceState, query: Record<string, string>): Reply {
	const email = query.email;
	if (email === undefined || email === '') return metaError(400, 'email is required');
	if (!EMAIL.test(email)) return metaError(400, 'email must be an email address');
	const person = state.find('email', email);
	return ok({ results: person ? [{ email: person.email, id: person.id ?? null, cio_id: person.cio_id }] : [] });
}

function describeSegment(segment: Segment) {
	const { members: _members, ...rest } = segment;
	return { ...rest, deduplicate_id: `${segment.id}:${segment.created_at}`, state: 'finished', progress: null };
}

/** `GET /v1/customers/{id}/segments?id_type=`: the segments the person is in (404 for an unknown person). */
function customerSegments(state: WorkspaceState, id: string, idType = 'id'): Reply {
	if (idType !== 'id' && idType !== 'email' && idType !== 'cio_id') return metaError(400, 'id_type must be one of id, email, cio_id');
	const person = state.find(idType as IdentifierType, id);
	if (!person) return detailError(404, 'The requested resource does not exist');
	return ok({ segments: [...state.segments.values()].filter((s) => s.members.has(person.cio_id)).map(describeSegment) });
}

// The spec's `res` and `type` enums (`hours` and `hourly` name the same step).
const RESOLUTION_SECONDS: Record<string, number> = { hours: 3600, hourly: 3600, days: 86_400, daily: 86_400, weeks: 7 * 86_400, weekly: 7 * 86_400, months: 30 * 86_400, monthly: 30 * 86_400 };
const METRIC_TYPES = new Set(['email', 'webhook', 'twilio', 'whatsapp', 'slack', 'push', 'in_app', 'live_notification']);
const MAX_STEPS = 1000;

/**
 * `GET /v1/campaigns`, `/v1/campaigns/{id}`, `/v1/campaigns/{id}/metrics`. Metrics follow the
 * spec's version 2 (`version` is required, `res`, optional `start`/`end` unix seconds, `tz`,
 * `type`): one count per step for each metric, oldest first, counted from the campaign's stored
 * deliveries, so tests know every number.
 */
function campaignRoutes(state: WorkspaceState, id: string | undefined, sub: string | undefined, query: Record<string, string>): Reply {
	if (id === undefined) return ok({ campaigns: [...state.campaigns.values()] });
	const campaignId = pathId(id);
	if (campaignId === undefined) return metaError(400, 'campaign_id must be an integer');
	const campaign = state.campaigns.get(campaignId);
	if (!campaign) return detailError(404, 'The campaign you requested does not exist.');
	if (sub === undefined) return ok({ campaign });
	if (sub !== 'metrics') return detailError(404, `no route for campaigns/${sub}`);
	return metricsV2(query, state.campaignDeliveries.filter((d) => d.campaign_id === campaignId));
}

/**
 * A version 2 metrics answer (campaigns; broadcasts have no version 2): `version` is required, `res`, optional
 * `start`/`end` unix seconds, `tz`, `type`; one count per step for each metric, oldest first.
 */
function metricsV2(query: Record<string, string>, all: Array<{ type: string; created: number; metrics: readonly string[] }>): Reply {
	if (query.version !== '1' && query.version !== '2') return metaError(400, 'version is required: 1 or 2');
	if (query.version === '1') return metaError(400, 'version 1 (period, steps) is not modelled by this simulator');
	const res = query.res ?? 'daily';
	const step = RESOLUTION_SECONDS[res];
	if (step === undefined) return metaError(400, 'res must be one of hourly, daily, weekly, monthly');
	if (query.type !== undefined && !METRIC_TYPES.has(query.type)) return metaError(400, `type must be one of ${[...METRIC_TYPES].join(', ')}`);
	for (const name of ['start', 'end'] as const) {
		if (query[name] !== undefined && !/^\d+$/.test(query[name])) return metaError(400, `${name} must be unix seconds`);
	}
	const deliveries = all.filter((d) => query.type === undefined || d.type === query.type);
	const end = query.end !== undefined ? Number(query.end) : Math.floor(Date.now() / 1000);
	const start = query.start !== undefined ? Number(query.start) : Math.min(end - step + 1, ...deliveries.map((d) => d.created));
	if (start > end) return metaError(400, 'start must be before end');
	const steps = Math.floor((end - start) / step) + 1;
	if (steps > MAX_STEPS) return metaError(400, `too many steps: ${steps} (at most ${MAX_STEPS})`);
	const series: Record<string, number[]> = Object.fromEntries(DELIVERY_METRICS.map((m) => [m, new Array<number>(steps).fill(0)]));
	for (const delivery of deliveries) {
		if (delivery.created < start || delivery.created > end) continue;
		const index = Math.floor((delivery.created - start) / step);
		for (const metric of delivery.metrics) series[metric][index]++;
	}
	return ok({ metric: { series } });
}

const MAX_MEMBERSHIP_LIMIT = 30_000;
const DEFAULT_MEMBERSHIP_LIMIT = 1000;

/**
 * `GET /v1/segments`, `GET /v1/segments/{id}`, `POST /v1/segments` (a manual segment:
 * `{segment: {name, description?}}`), and `GET /v1/segments/{id}/membership`, paged with
 * `limit` (≤30,000 people) and `start`/`next` tokens (see paging.ts).
 */
function segmentRoutes(
	state: WorkspaceState,
	method: string,
	id: string | undefined,
	sub: string | undefined,
	query: Record<string, string>,
	body: unknown,
): Reply {
	if (id === undefined) {
		if (method === 'GET') return ok({ segments: [...state.segments.values()].map(describeSegment) });
		if (method !== 'POST') return detailError(405, 'method not allowed');
		const input = isObject(body) ? body.segment : undefined;
		if (!isObject(input) || typeof input.name !== 'string' || !input.name.trim()) {
			return detailError(400, 'The request was malformed: segment.name is required');
		}
		if (input.description !== undefined && typeof input.description !== 'string') {
			return detailError(400, 'The request was malformed: segment.description must be a string');
		}
		return ok({ segment: describeSegment(state.addSegment({ name: input.name, description: input.description as string | undefined })) });
	}
	if (method !== 'GET') return detailError(405, 'method not allowed');
	const segmentId = pathId(id);
	if (segmentId === undefined) return metaError(400, 'segment_id must be an integer');
	const segment = state.segments.get(segmentId);
	if (!segment) return detailError(404, 'The segment you requested does not exist.');
	if (sub === undefined) return ok({ segment: describeSegment(segment) });
	if (sub !== 'membership') return detailError(404, `no route for segments/${sub}`);
	const members = [...segment.members].map((cioId) => state.find('cio_id', cioId)).filter((p): p is Person => p !== undefined);
	const page = tokenPage(members, query, { fallback: DEFAULT_MEMBERSHIP_LIMIT, max: MAX_MEMBERSHIP_LIMIT });
	if (isReply(page)) return page;
	return ok({
		identifiers: page.items.map((p) => ({ email: p.email ?? null, id: p.id ?? null, cio_id: p.cio_id })),
		ids: page.items.map((p) => p.id ?? ''),
		next: page.next,
	});
}
