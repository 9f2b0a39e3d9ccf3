import { randomBytes } from 'crypto';
import { byteLength, LIMITS } from '../../nodes/shared/limits';
import { detailError, isObject, metaError, ok, type Reply } from './reply';
import { REPORTING_WEBHOOK_EVENTS } from './reporting';
import { addresses, checkIdentifiers, E164, EMAIL } from './rules';
import type { Delivery, IdentifierType, Person, ReportingWebhook, WorkspaceState } from './state';

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

const WEBHOOK_FIELDS = ['name', 'endpoint', 'events', 'disabled', 'full_resolution', 'with_content'] as const;

function checkWebhook(body: Record<string, unknown>, partial: boolean): string | undefined {
	if (!partial || body.name !== undefined) {
		if (typeof body.name !== 'string' || !body.name.trim()) return 'name is required';
	}
	if (!partial || body.endpoint !== undefined) {
		if (typeof body.endpoint !== 'string' || !/^https?:\/\/\S+$/.test(body.endpoint)) return 'endpoint must be an http(s) URL';
	}
	if (!partial || body.events !== undefined) {
		const events = body.events;
		if (!Array.isArray(events) || events.length === 0 || events.some((e) => typeof e !== 'string' || !/^[a-z_]+$/.test(e))) {
			return 'events must be a non-empty list such as ["email_opened"]';
		}
	}
	for (const flag of ['disabled', 'full_resolution', 'with_content'] as const) {
		if (body[flag] !== undefined && typeof body[flag] !== 'boolean') return `${flag} must be true or false`;
	}
	return undefined;
}

/**
 * Event names outside the API's enum: Customer.io answers 400 ("The request was malformed") to
 * those, so a node registering a name it does not know fails here as it would there.
 */
function unknownEvents(body: Record<string, unknown>): Reply | undefined {
	const unknown = Array.isArray(body.events) ? body.events.filter((e) => !REPORTING_WEBHOOK_EVENTS.has(e as string)) : [];
	return unknown.length ? detailError(400, `unknown reporting webhook events: ${unknown.join(', ')}`) : undefined;
}

function reportingWebhooks(state: WorkspaceState, method: string, id: string | undefined, body: unknown): Reply {
	if (id === undefined) {
		if (method === 'GET') return ok({ reporting_webhooks: [...state.reportingWebhooks.values()] });
		if (method !== 'POST') return detailError(405, 'method not allowed');
		if (!isObject(body)) return metaError(400, 'request body must be a JSON object');
		const invalid = checkWebhook(body, false);
		if (invalid) return detailError(422, invalid);
		const unknown = unknownEvents(body);
		if (unknown) return unknown;
		return ok(
			state.addWebhook({
				name: body.name as string,
				endpoint: body.endpoint as string,
				events: body.events as string[],
				disabled: body.disabled === true,
				full_resolution: body.full_resolution !== false,
				with_content: body.with_content === true,
			}),
		);
	}
	const webhook = state.reportingWebhooks.get(Number(id));
	if (!webhook) return detailError(404, 'The requested resource does not exist');
	if (method === 'GET') return ok(webhook);
	if (method === 'DELETE') {
		state.reportingWebhooks.delete(webhook.id);
		return { status: 200 };
	}
	if (method === 'PUT') {
		if (!isObject(body)) return metaError(400, 'request body must be a JSON object');
		const invalid = checkWebhook(body, true);
		if (invalid) return detailError(422, invalid);
		const unknown = unknownEvents(body);
		if (unknown) return unknown;
		const changes: Partial<ReportingWebhook> = {};
		for (const field of WEBHOOK_FIELDS) if (body[field] !== undefined) Object.assign(changes, { [field]: body[field] });
		Object.assign(webhook, changes, { updated_at: Math.floor(Date.now() / 1000) });
		return ok(webhook);
	}
	return detailError(405, 'method not allowed');
}
