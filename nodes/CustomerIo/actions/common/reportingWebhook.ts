import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { z } from 'zod';
import { ALL_EVENTS, EVENT_OPTIONS } from '../../../CustomerIoReportingTrigger/events';
import { idList } from '../../../CustomerIoReportingTrigger/filters';
import { CustomerIoClient } from '../../../shared/transport/client';
import { cioPath, type CioPath } from '../../../shared/transport/paths';
import { REDACTED } from '../../../shared/transport/redact';
import type { CioResponse } from '../../../shared/transport/types';
import { appIdSchema } from '../../schemas/app';
import type { RunState } from '../runState';
import type { PreparedItem } from '../types';
import { readLocator, REPORTING_WEBHOOK } from './locator';
import { objectOf } from './read';
import { validate } from './validate';

/**
 * What the Reporting Webhook operations share, after the App API's `/v1/reporting_webhooks`
 * (official App OpenAPI: create and update both require `name`, `endpoint` (format url) and
 * `events` (at least one, from the enum); `disabled`, `full_resolution` and `with_content` are
 * optional booleans; answers are the bare webhook object, the list is `{reporting_webhooks}`).
 */

type Show = { resource: string[]; operation: string[] };

/** The fields a webhook is written with: PUT replaces all of them (spec: name, endpoint and events required). */
const WRITABLE = ['name', 'endpoint', 'events', 'disabled', 'full_resolution', 'with_content'] as const;
const REQUIRED_ON_PUT = ['name', 'endpoint', 'events'] as const;

export const webhookNameSchema = z.string({ invalid_type_error: 'must be text' }).trim().min(1, 'is empty: give the webhook a name');

/** Customer.io posts to http or https URLs (its docs recommend https); anything else is refused here. */
export const endpointSchema = z
	.string({ invalid_type_error: 'must be text' })
	.trim()
	.min(1, 'is empty: enter the URL Customer.io should post events to')
	.superRefine((value, ctx) => {
		let url: URL | undefined;
		try {
			url = new URL(value);
		} catch {
			url = undefined;
		}
		// The value is left out of the message: a webhook URL can carry a token.
		if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || !url.hostname) {
			ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'is not an http(s) URL, e.g. https://example.com/hooks/customerio' });
		}
	});

const registrable = new Set(ALL_EVENTS);

/** A list of event names (from the picker, or text "a, b" from an expression), each one the API's enum knows. */
export const eventsSchema = z.preprocess(
	idList,
	z
		.array(z.string())
		.min(1, 'choose at least one event')
		.superRefine((events, ctx) => {
			const unknown = events.filter((event) => !registrable.has(event));
			if (unknown.length) {
				ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${unknown.join(', ')} ${unknown.length > 1 ? 'are' : 'is'} not an event Customer.io can send to a webhook` });
			}
		})
		.transform((events) => [...new Set(events)]),
);

/** The event picker: the Reporting Trigger's list (one source: the official enum). */
const EVENTS_PICKER = EVENT_OPTIONS.map(({ name, value, description }) => ({ name, value, description }));

/** A top-level field (required, shown for the operation), or without `show` an option of Update Fields. */
const where = (show?: Show): Partial<INodeProperties> => (show ? { required: true, displayOptions: { show } } : {});

export function nameField(show?: Show): INodeProperties {
	return {
		displayName: 'Name',
		name: 'webhookName',
		type: 'string',
		default: '',
		placeholder: 'e.g. Data warehouse',
		description: 'The webhook\'s name in Customer.io',
		...where(show),
	};
}

export function endpointField(show?: Show): INodeProperties {
	return {
		displayName: 'Endpoint URL',
		name: 'endpoint',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://example.com/hooks/customerio',
		description: 'Where Customer.io posts the events (http or https; https keeps your people\'s data private on the way)',
		...where(show),
	};
}

export function eventsField(show?: Show): INodeProperties {
	return {
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		options: EVENTS_PICKER,
		default: [],
		description: 'What Customer.io reports to the webhook (at least one)',
		...where(show),
	};
}

/** The optional settings, named as in the Reporting Trigger. */
export const SETTINGS: INodeProperties[] = [
	{
		displayName: 'Only Unique Opens and Clicks',
		name: 'uniqueOnly',
		type: 'boolean',
		default: false,
		description: 'Whether Customer.io reports only the first open and click of each message (full_resolution off) rather than every one',
	},
	{
		displayName: 'Include Message Content',
		name: 'withContent',
		type: 'boolean',
		default: false,
		description: 'Whether "sent" events carry the message body (with_content)',
	},
];

/** The App API's body from the node's settings (a collection holds only what the user set). */
export function settingsBody(settings: IDataObject): IDataObject {
	const body: IDataObject = {};
	if (typeof settings.uniqueOnly === 'boolean') body.full_resolution = !settings.uniqueOnly;
	if (typeof settings.withContent === 'boolean') body.with_content = settings.withContent;
	if (typeof settings.disabled === 'boolean') body.disabled = settings.disabled;
	return body;
}

/** The webhook's ID from the locator (From List, By ID or a pasted URL), checked. */
export function readWebhookId(ctx: IExecuteFunctions, itemIndex: number): number {
	return validate(ctx, appIdSchema, readLocator(ctx, REPORTING_WEBHOOK, itemIndex), itemIndex, 'Reporting Webhook');
}

export const webhookPath = (id: number): CioPath => cioPath('/v1/reporting_webhooks/{webhook_id}', { webhook_id: id });

/**
 * An endpoint URL split the way URL parsers (WHATWG) read it: after the scheme and any run of
 * slashes or backslashes (`https:/\user:pw@host` has a user), the authority runs to the next
 * slash, backslash, `?` or `#`.
 */
function endpointParts(endpoint: string) {
	// Parsers drop surrounding spaces and any tab or line break, wherever it is.
	const text = endpoint.trim().replace(/[\t\n\r]/g, '');
	const scheme = /^[a-z][a-z0-9+.-]*:[/\\]*/i.exec(text)?.[0] ?? '';
	let rest = text.slice(scheme.length);
	const end = rest.search(/[/\\?#]/);
	const at = (end === -1 ? rest : rest.slice(0, end)).lastIndexOf('@');
	const userInfo = at === -1 ? undefined : rest.slice(0, at);
	if (at !== -1) rest = rest.slice(at + 1);
	const [beforeFragment, fragment] = splitOnce(rest, '#');
	const [base, query] = splitOnce(beforeFragment, '?');
	const pairs = (query ?? '').split('&').filter(Boolean).map((pair) => splitOnce(pair, '='));
	return { scheme, userInfo, base, pairs, fragment };
}

/**
 * Hides what in an endpoint URL is commonly a secret: the values of its query string (`?token=…`,
 * and all of a query part without `=`, such as `?s3cr3t`), its fragment, and a user name or
 * password in it. Scheme, host and path stay, so the webhook can be told apart; a token inside
 * the path (some services put one there) is shown as it is.
 */
export function maskEndpoint(endpoint: unknown): unknown {
	if (typeof endpoint !== 'string') return endpoint;
	const { scheme, userInfo, base, pairs } = endpointParts(endpoint);
	const shownBase = `${scheme}${userInfo === undefined ? '' : `${REDACTED}@`}${base}`;
	const shownPairs = pairs.map(([name, value]) => (value === undefined ? REDACTED : `${name}=${REDACTED}`));
	return shownPairs.length ? `${shownBase}?${shownPairs.join('&')}` : shownBase;
}

/**
 * What maskEndpoint hides, as values to redact from a request's answer and errors (the
 * transport's `secrets`): should Customer.io quote the endpoint back in an error, its token stays
 * hidden there too. Each also decoded, the way an answer may spell it.
 */
export function endpointSecrets(endpoint: unknown): string[] {
	if (typeof endpoint !== 'string') return [];
	const { userInfo, pairs, fragment } = endpointParts(endpoint);
	const raw = [userInfo, ...userInfo?.split(':') ?? [], ...pairs.map(([name, value]) => value ?? name), fragment];
	const secrets = new Set<string>();
	for (const secret of raw) {
		if (!secret) continue;
		secrets.add(secret);
		try {
			secrets.add(decodeURIComponent(secret));
		} catch {
			// not URL-encoded text: the raw form is enough
		}
	}
	return [...secrets];
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
	const index = text.indexOf(separator);
	return index === -1 ? [text, undefined] : [text.slice(0, index), text.slice(index + 1)];
}

/** Field names that hold a secret. Customer.io's answers have none today (the signing key stays in its UI): should one appear, it never reaches the output. */
const SECRET_FIELD = /secret|signing|token|password|api_?key/i;

/** A webhook as the node outputs it: no secret fields, the endpoint masked (see maskEndpoint). */
export function shown(webhook: unknown): IDataObject {
	if (typeof webhook !== 'object' || webhook === null || Array.isArray(webhook)) return {};
	const out: IDataObject = {};
	for (const [key, value] of Object.entries(webhook as IDataObject)) {
		if (SECRET_FIELD.test(key)) continue;
		out[key] = key === 'endpoint' ? (maskEndpoint(value) as IDataObject[string]) : value;
	}
	return out;
}

/** A single webhook's output: Customer.io answers the bare object. */
export function presentWebhook(this: IExecuteFunctions, _item: PreparedItem, response: CioResponse): IDataObject {
	return shown(response.body);
}

/** What one run knows of the webhooks it changes: the client for reads, and each webhook's latest body. */
interface RunMemory {
	client?: Promise<CustomerIoClient>;
	latest: Map<number, IDataObject>;
}
const memories = new WeakMap<RunState, RunMemory>();

/**
 * A PUT that changes only `changes`: Customer.io's PUT replaces the whole webhook (name, endpoint
 * and events are required), so the webhook is read first and what the user did not set is sent
 * back as it was. Two items of one run changing the same webhook build on each other rather
 * than the second undoing the first (the body an earlier item will send is remembered).
 * The PUT is idempotent: a retry sends the same body, and reading again finds it applied.
 */
export async function prepareWebhookChange(
	ctx: IExecuteFunctions,
	itemIndex: number,
	run: RunState,
	id: number,
	changes: IDataObject,
): Promise<PreparedItem> {
	let memory = memories.get(run);
	if (!memory) memories.set(run, (memory = { latest: new Map() }));
	let current = memory.latest.get(id);
	if (!current) {
		memory.client ??= CustomerIoClient.create(ctx);
		const client = await memory.client;
		const response = await client.request({ api: 'app', method: 'GET', path: webhookPath(id), idempotent: true, itemIndex });
		current = objectOf(response.body);
	}
	const body: IDataObject = {};
	for (const field of WRITABLE) if (current[field] !== undefined) body[field] = current[field];
	Object.assign(body, changes);
	// A read that came back without them (a broken answer, a proxy's page) would make a PUT Customer.io refuses.
	const missing = REQUIRED_ON_PUT.filter((field) => body[field] === undefined);
	if (missing.length) {
		throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: Customer.io's answer for reporting webhook ${id} has no ${missing.join(', ')}`, {
			itemIndex,
			description: `A change sends the whole webhook back, so it needs them; nothing was changed. Run it again, or set ${missing.join(', ')} under Update Fields.`,
		});
	}
	memory.latest.set(id, body);
	return {
		itemIndex,
		identifier: { webhook_id: id },
		request: { api: 'app', method: 'PUT', path: webhookPath(id), body, idempotent: true, itemIndex, secrets: endpointSecrets(body.endpoint) },
	};
}

/**
 * A changed webhook's output: Customer.io's answer over what was sent. A retry that skips the
 * PUT (an earlier try got it accepted) has no answer, and outputs what was sent.
 */
export function presentChange(this: IExecuteFunctions, item: PreparedItem, response: CioResponse): IDataObject {
	return shown({ id: item.identifier?.webhook_id, ...(item.request.body as IDataObject), ...objectOf(response.body) });
}
