import { byteLength, LIMITS } from '../../nodes/shared/limits';
import { pathId } from './app';
import { isReply, tokenPage } from './paging';
import { detailError, isObject, metaError, ok, type Reply } from './reply';
import { EMAIL } from './rules';
import { DELIVERY_METRICS, type IdentifierType, type Message, type Person, type WorkspaceState } from './state';

/**
 * App API reads and the one write around messages: API-triggered broadcasts (trigger, trigger
 * status, get, list, metrics), newsletters (get, list, metrics), deliveries (`/v1/messages`) and
 * a person's messages and activities. Lists that page answer `next`, a token to send back as
 * `start` (empty on the last page), as segment membership does (see paging.ts).
 */

const now = () => Math.floor(Date.now() / 1000);

const newestFirst = (messages: Message[]) => [...messages].sort((a, b) => b.created - a.created);

/** The `type` values of deliveries and broadcast metrics (the spec's enum). */
const MESSAGE_TYPES = new Set(['email', 'webhook', 'twilio', 'whatsapp', 'slack', 'push', 'in_app', 'live_notification']);

/** A delivery as the spec's message schema answers it (customer_id is the person's id). */
function describeMessage(message: Message) {
	const { draft: _draft, ...rest } = message;
	return { ...rest, customer_id: message.customer_identifiers.id, deduplicate_id: `${message.id}:${message.created}`, forgotten: false };
}

/** `GET /v1/broadcasts`, `/v1/broadcasts/{id}`, `/v1/broadcasts/{id}/metrics` (by period, counted from its deliveries). */
export function broadcastRoutes(state: WorkspaceState, id: string | undefined, sub: string | undefined, query: Record<string, string>): Reply {
	if (id === undefined) return ok({ broadcasts: [...state.broadcasts.values()] });
	const broadcastId = pathId(id);
	if (broadcastId === undefined) return metaError(400, 'broadcast_id must be an integer');
	const broadcast = state.broadcasts.get(broadcastId);
	if (!broadcast) return detailError(404, 'The broadcast you requested does not exist.');
	if (sub === undefined) return ok({ broadcast });
	if (sub !== 'metrics') return detailError(404, `no route for broadcasts/${sub}`);
	return periodMetrics(state, query, MESSAGE_TYPES, (m) => m.broadcast_id === broadcastId);
}

const AUDIENCES = ['recipients', 'emails', 'ids', 'per_user_data', 'data_file_url'] as const;

/**
 * Why a trigger body does not fit the spec's request (one of: default audience, custom
 * recipients, emails, ids, per-user data, data file), or undefined.
 */
function triggerProblem(body: Record<string, unknown>): string | undefined {
	const forms = AUDIENCES.filter((name) => body[name] !== undefined);
	if (forms.length > 1) return `give one audience at most, not ${forms.join(' and ')}`;
	if (body.data !== undefined && !isObject(body.data)) return 'data must be an object';
	if (body.data !== undefined && byteLength(JSON.stringify(body.data)) > LIMITS.broadcastDataBytes) return `data is larger than ${LIMITS.broadcastDataBytes} bytes`;
	if (body.recipients !== undefined && !isObject(body.recipients)) return 'recipients must be a filter object';
	for (const name of ['ids', 'emails', 'per_user_data'] as const) {
		const list = body[name];
		if (list === undefined) continue;
		if (!Array.isArray(list)) return `${name} must be an array`;
		if (list.length > LIMITS.broadcastRecipients) return `${name} holds ${list.length} entries; at most ${LIMITS.broadcastRecipients}`;
	}
	if (Array.isArray(body.ids) && body.ids.some((id) => typeof id !== 'string')) return 'ids must be strings';
	if (Array.isArray(body.emails) && body.emails.some((e) => typeof e !== 'string' || !EMAIL.test(e))) return 'emails must be email addresses';
	if (Array.isArray(body.per_user_data)) {
		for (const entry of body.per_user_data) {
			if (!isObject(entry) || (entry.id === undefined) === (entry.email === undefined) || typeof (entry.id ?? entry.email) !== 'string') {
				return 'each per_user_data entry needs one of id and email, a string';
			}
			if (entry.data !== undefined && !isObject(entry.data)) return 'per_user_data data must be an object';
		}
	}
	if (body.data_file_url !== undefined && (typeof body.data_file_url !== 'string' || !/^https?:\/\//.test(body.data_file_url))) return 'data_file_url must be a URL';
	for (const flag of ['id_ignore_missing', 'email_ignore_missing', 'email_add_duplicates'] as const) {
		if (body[flag] !== undefined && typeof body[flag] !== 'boolean') return `${flag} must be true or false`;
	}
	return undefined;
}

/** Who a trigger reaches, and the references to people that do not exist. */
function audienceOf(state: WorkspaceState, body: Record<string, unknown>): { people: Person[]; missing: string[] } {
	const wanted: Array<[IdentifierType, string]> = [];
	if (Array.isArray(body.ids)) for (const id of body.ids) wanted.push(['id', String(id)]);
	if (Array.isArray(body.emails)) for (const email of body.emails) wanted.push(['email', String(email)]);
	if (Array.isArray(body.per_user_data)) {
		for (const entry of body.per_user_data as Array<Record<string, unknown>>) {
			wanted.push(entry.id !== undefined ? ['id', String(entry.id)] : ['email', String(entry.email)]);
		}
	}
	if (wanted.length === 0) return { people: [...state.people.values()], missing: [] };
	const people: Person[] = [];
	const missing: string[] = [];
	for (const [type, value] of wanted) {
		const person = state.find(type, value);
		if (person) people.push(person);
		else missing.push(`${type} ${value}`);
	}
	return { people, missing };
}

/**
 * `POST /v1/campaigns/{broadcast_id}/triggers` → `{id}` and `GET …/triggers/{trigger_id}`.
 * A trigger is processed at once here: a message per person it reaches (each recorded as a
 * delivery), unless it names people that do not exist without *_ignore_missing; then it sends
 * nothing and keeps the errors. (The one-per-10-seconds limit is the server's: see server.ts.)
 */
export function broadcastTriggers(state: WorkspaceState, method: string, id: string, rest: string[], body: unknown): Reply {
	const broadcastId = pathId(id);
	if (broadcastId === undefined) return metaError(400, 'broadcast_id must be an integer');
	const broadcast = state.broadcasts.get(broadcastId);
	if (!broadcast) return detailError(404, 'not found: no API-triggered broadcast with this id');
	if (rest.length === 1 && method === 'GET') {
		const trigger = state.broadcastTriggers.find((t) => t.broadcast_id === broadcastId && String(t.id) === rest[0]);
		if (!trigger) return detailError(404, 'not found: no such trigger for this broadcast');
		return ok({ id: trigger.id, broadcast_id: trigger.broadcast_id, created_at: trigger.created_at, processed_at: trigger.processed_at });
	}
	if (rest.length !== 0 || method !== 'POST') return detailError(405, 'method not allowed');
	if (!isObject(body)) return detailError(400, 'bad request: the body must be a JSON object');
	const problem = triggerProblem(body);
	if (problem) return detailError(400, `bad request: ${problem}`);
	const { people, missing } = audienceOf(state, body);
	const ignore = Array.isArray(body.emails) ? body.email_ignore_missing === true : body.id_ignore_missing === true;
	const trigger = { id: state.broadcastTriggers.length + 1, broadcast_id: broadcastId, created_at: now(), processed_at: now(), body, errors: ignore ? [] : missing.map((m) => `no person with ${m}`) };
	state.broadcastTriggers.push(trigger);
	if (trigger.errors.length === 0) {
		for (const person of people) {
			state.addMessage(person, { broadcast_id: broadcastId, trigger_id: trigger.id, action_id: broadcast.actions[0]?.id ?? null, subject: broadcast.name, metrics: { sent: now() } });
		}
	}
	return ok({ id: trigger.id });
}

const PERIODS: Record<string, { seconds: number; max: number }> = {
	hours: { seconds: 3600, max: 24 },
	days: { seconds: 86_400, max: 45 },
	weeks: { seconds: 7 * 86_400, max: 12 },
	months: { seconds: 30 * 86_400, max: 121 },
};
const NEWSLETTER_METRIC_TYPES = new Set(['email', 'webhook', 'twilio', 'push', 'in_app', 'inbox']);

/**
 * The metrics of newsletters and broadcasts (the spec gives neither a version 2): `period`,
 * `steps` ≤ the period's maximum, `type`; a count per step for each metric, oldest first, from
 * the deliveries `belongs` picks.
 */
function periodMetrics(state: WorkspaceState, query: Record<string, string>, types: Set<string>, belongs: (m: Message) => boolean): Reply {
	const period = PERIODS[query.period ?? 'days'];
	if (!period) return metaError(400, 'period must be one of hours, days, weeks, months');
	if (query.steps !== undefined && (!/^\d+$/.test(query.steps) || Number(query.steps) > period.max)) return metaError(400, `steps must be a whole number up to ${period.max}`);
	if (query.type !== undefined && !types.has(query.type)) return metaError(400, `type must be one of ${[...types].join(', ')}`);
	// "You cannot request fewer than 2 steps"; 0 means the most there are.
	const steps = Math.max(2, Number(query.steps ?? 0) || period.max);
	const end = now();
	const series: Record<string, number[]> = Object.fromEntries(DELIVERY_METRICS.map((m) => [m, new Array<number>(steps).fill(0)]));
	for (const message of state.messages) {
		if (!belongs(message) || message.draft || (query.type !== undefined && message.type !== query.type)) continue;
		const back = Math.floor((end - message.created) / period.seconds);
		if (back < 0 || back >= steps) continue;
		for (const metric of Object.keys(message.metrics)) series[metric][steps - 1 - back]++;
	}
	return ok({ metric: { series } });
}

/**
 * `GET /v1/newsletters` (paged: `limit`, `start`, `sort` asc|desc by creation), `/v1/newsletters/{id}`
 * and `/v1/newsletters/{id}/metrics` (`period`, `steps` ≤ the period's maximum, `type`): a count
 * per step for each metric, oldest first, from the newsletter's deliveries.
 */
export function newsletterRoutes(state: WorkspaceState, id: string | undefined, sub: string | undefined, query: Record<string, string>): Reply {
	if (id === undefined) {
		if (query.sort !== undefined && query.sort !== 'asc' && query.sort !== 'desc') return metaError(400, 'sort must be asc or desc');
		const all = [...state.newsletters.values()].sort((a, b) => a.created - b.created || a.id - b.id);
		if (query.sort !== 'asc') all.reverse();
		const result = tokenPage(all, query, { fallback: 50, max: 100 });
		return isReply(result) ? result : ok({ newsletters: result.items, next: result.next });
	}
	const newsletterId = pathId(id);
	if (newsletterId === undefined) return metaError(400, 'newsletter_id must be an integer');
	const newsletter = state.newsletters.get(newsletterId);
	if (!newsletter) return detailError(404, 'The newsletter you requested does not exist.');
	if (sub === undefined) return ok({ newsletter });
	if (sub !== 'metrics') return detailError(404, `no route for newsletters/${sub}`);
	return periodMetrics(state, query, NEWSLETTER_METRIC_TYPES, (m) => m.newsletter_id === newsletterId);
}

/** The filters `GET /v1/messages` shares with a person's messages: time range (deliveries created within it). */
function inTimeRange(query: Record<string, string>): ((m: Message) => boolean) | Reply {
	for (const name of ['start_ts', 'end_ts'] as const) {
		if (query[name] !== undefined && !/^\d+$/.test(query[name])) return metaError(400, `${name} must be unix seconds`);
	}
	const start = query.start_ts !== undefined ? Number(query.start_ts) : 0;
	const end = query.end_ts !== undefined ? Number(query.end_ts) : Infinity;
	return (m) => m.created >= start && m.created <= end;
}

/** `GET /v1/messages` (paged, ≤1000 a page, newest first; filters type, metric, drafts, campaign, newsletter, action, time) and `/v1/messages/{id}`. */
export function messageRoutes(state: WorkspaceState, id: string | undefined, query: Record<string, string>): Reply {
	if (id !== undefined) {
		const message = state.messages.find((m) => m.id === id);
		return message ? ok({ message: describeMessage(message) }) : detailError(404, 'The message you requested does not exist.');
	}
	if (query.type !== undefined && !MESSAGE_TYPES.has(query.type)) return metaError(400, `type must be one of ${[...MESSAGE_TYPES].join(', ')}`);
	if (query.metric !== undefined && !(DELIVERY_METRICS as readonly string[]).includes(query.metric)) return metaError(400, `metric must be one of ${DELIVERY_METRICS.join(', ')}`);
	const inRange = inTimeRange(query);
	if (typeof inRange !== 'function') return inRange;
	const drafts = query.drafts === 'true';
	const matches = state.messages.filter(
		(m) =>
			m.draft === drafts &&
			inRange(m) &&
			(query.type === undefined || m.type === query.type) &&
			(query.metric === undefined || m.metrics[query.metric as keyof Message['metrics']] !== undefined) &&
			(query.campaign_id === undefined || String(m.campaign_id) === query.campaign_id) &&
			(query.newsletter_id === undefined || String(m.newsletter_id) === query.newsletter_id) &&
			(query.action_id === undefined || String(m.action_id) === query.action_id),
	);
	const result = tokenPage(newestFirst(matches), query, { fallback: 50, max: 1000 });
	return isReply(result) ? result : ok({ messages: result.items.map(describeMessage), next: result.next });
}

function personOf(state: WorkspaceState, id: string, idType = 'id'): Person | Reply {
	if (idType !== 'id' && idType !== 'email' && idType !== 'cio_id') return metaError(400, 'id_type must be one of id, email, cio_id');
	return state.find(idType as IdentifierType, id) ?? detailError(404, 'The requested resource does not exist');
}

/** `GET /v1/customers/{id}/messages?id_type=` (paged, newest first, optional start_ts/end_ts). */
export function customerMessages(state: WorkspaceState, id: string, query: Record<string, string>): Reply {
	const person = personOf(state, id, query.id_type);
	if (isReply(person)) return person;
	const inRange = inTimeRange(query);
	if (typeof inRange !== 'function') return inRange;
	const mine = state.messages.filter((m) => m.customer_identifiers.cio_id === person.cio_id && !m.draft && inRange(m));
	const result = tokenPage(newestFirst(mine), query, { fallback: 50, max: 1000 });
	return isReply(result) ? result : ok({ messages: result.items.map(describeMessage), next: result.next });
}

/**
 * `GET /v1/customers/{id}/activities?id_type=` (paged, `limit` ≤ 100, newest first; `type`, `name`):
 * the person's events (type `event`) and the messages sent to them (`sent_<type>`).
 */
export function customerActivities(state: WorkspaceState, id: string, query: Record<string, string>): Reply {
	const person = personOf(state, id, query.id_type);
	if (isReply(person)) return person;
	const identifiers = { id: person.id ?? null, email: person.email ?? null, cio_id: person.cio_id };
	const activities = [
		...person.events.map((event, index) => ({
			id: `${person.cio_id}-event-${index}`,
			type: 'event',
			name: event.name,
			timestamp: event.timestamp,
			data: event.data ?? {},
			delivery_id: null,
			delivery_type: null,
			customer_id: person.id ?? null,
			customer_identifiers: identifiers,
		})),
		...state.messages
			.filter((m) => m.customer_identifiers.cio_id === person.cio_id && !m.draft)
			.map((m) => ({
				id: `${m.id}-sent`,
				type: `sent_${m.type}`,
				name: '',
				timestamp: m.created,
				data: {},
				delivery_id: m.id,
				delivery_type: m.type,
				customer_id: person.id ?? null,
				customer_identifiers: identifiers,
			})),
	]
		.filter((a) => (query.type === undefined || a.type === query.type) && (query.name === undefined || a.name === query.name))
		.sort((a, b) => b.timestamp - a.timestamp);
	const result = tokenPage(activities, query, { fallback: 50, max: 100 });
	return isReply(result) ? result : ok({ activities: result.items, next: result.next });
}
