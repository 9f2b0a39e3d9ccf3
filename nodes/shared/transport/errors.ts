import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';
import type { Redactor } from './redact';
import type { Api } from './types';

/** Why a request finally failed, after any retries. */
export type Failure =
	| { kind: 'http'; status: number; body: unknown; tries: number }
	| { kind: 'redirect'; status: number; location?: string; tries: number }
	| { kind: 'network'; code: string; tries: number }
	| { kind: 'timeout'; timeoutMs: number; tries: number }
	| { kind: 'cancelled'; tries: number }
	| { kind: 'wait-too-long'; status: number; body: unknown; waitMs: number; maxWaitMs: number; tries: number }
	/** A 207 batch answer that names this item. */
	| { kind: 'batch-item'; body: unknown; tries: number }
	/** A 207 batch answer with errors that name no valid item of the batch. */
	| { kind: 'batch-unattributed'; body: unknown; tries: number }
	/** A list read past the pager's ceiling (see PAGING_CEILING); `tries` counts the pages. */
	| { kind: 'list-too-long'; records: number; tries: number };

/**
 * Whether Customer.io surely did not act on a failed request ('not applied'), or may have
 * ('unknown': timeouts, dropped connections, 5xx, unattributed 207s). Kept in the error's
 * context so the node can tell the user exactly what was delivered.
 */
export type Outcome = 'not applied' | 'unknown';

export interface ErrorContext {
	api: Api;
	method: string;
	/** Path template such as /api/v1/customers/{identifier}: never the identifier itself. */
	route: string;
	credentialName?: string;
	/** Hides every form of the credential's secrets. */
	redactor: Redactor;
	/** Whether repeating the request is harmless (false for transactional sends). */
	idempotent: boolean;
	itemIndex?: number;
}

/** Messages quoted from an answer: at most this many, each cut to this length. */
const MAX_MESSAGES = 10;
const MAX_MESSAGE = 500;
/** Bigger answers are not quoted at all (see quotable). */
const MAX_QUOTED_BODY = 256 * 1024;
/** The error's context keeps Customer.io's answer up to this size: it is stored with every execution. */
const MAX_KEPT_BODY = 8 * 1024;

/**
 * Customer.io answers errors in three shapes: Track `{"meta":{"error":"..."}}` or
 * `{"meta":{"errors":["..."]}}`, App `{"errors":[{"detail":"..."}]}`, and v2 batch 207/400
 * `{"errors":[{"message","field","reason"}]}`. This returns their messages, in order.
 */
export function customerIoMessages(body: unknown): string[] {
	const found: string[] = [];
	if (typeof body === 'string') {
		if (body.trim()) found.push(body.trim());
	} else if (body && typeof body === 'object') {
		const { meta, errors } = body as { meta?: { error?: unknown; errors?: unknown }; errors?: unknown };
		if (typeof meta?.error === 'string') found.push(meta.error);
		if (Array.isArray(meta?.errors)) for (const e of meta.errors) if (typeof e === 'string') found.push(e);
		if (Array.isArray(errors)) {
			for (const e of errors) {
				if (typeof e === 'string') found.push(e);
				else if (e && typeof e === 'object') {
					const { detail, message, field } = e as { detail?: unknown; message?: unknown; field?: unknown };
					const text = typeof detail === 'string' ? detail : typeof message === 'string' ? message : undefined;
					if (text) found.push(typeof field === 'string' && field ? `${field}: ${text}` : text);
				}
			}
		}
	}
	return found.slice(0, MAX_MESSAGES).map((text) => text.slice(0, MAX_MESSAGE));
}

/**
 * Customer.io's answer as errors may quote it: redacted, or replaced by a note when it is so
 * large that scrubbing it would hold up n8n for nothing a person would read.
 */
function quotable(body: unknown, redactor: Redactor): unknown {
	if (body === undefined) return undefined;
	const size = typeof body === 'string' ? body.length : (JSON.stringify(body) ?? '').length;
	return size > MAX_QUOTED_BODY ? `[an answer of ${size} characters, not shown]` : redactor.deep(body);
}

/** What the error's context keeps of the answer: all of a small one, the messages of a big one. */
function kept(body: unknown): JsonObject | string {
	const json = JSON.stringify(body) ?? '';
	if (json.length <= MAX_KEPT_BODY) return body as JsonObject | string;
	return { messages: customerIoMessages(body), size: json.length };
}

/** Network errors that happen before a connection exists: nothing reached Customer.io. */
const NOT_SENT_NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/** What Customer.io may have done with a request that failed this way. */
export function outcomeOf(failure: Failure): Outcome {
	switch (failure.kind) {
		case 'timeout':
		case 'cancelled':
		case 'batch-unattributed':
			return 'unknown';
		case 'network':
			return NOT_SENT_NETWORK_CODES.has(failure.code) ? 'not applied' : 'unknown';
		case 'http':
		case 'wait-too-long':
			return failure.status >= 500 ? 'unknown' : 'not applied';
		default:
			return 'not applied';
	}
}

const KEYS_PAGE = 'Customer.io → Settings → Workspace Settings → API and Webhook Credentials';
const SAFE_TO_RETRY =
	' Running it again is safe: turn on "Retry On Fail" in the node settings, or retry the execution; items Customer.io accepted are not sent again and events keep their id.';
const MAYBE_SENT =
	" The message may or may not have been queued: check the person's deliveries in Customer.io before sending it again.";

function explain(failure: Failure, ctx: ErrorContext, detail: string): { message: string; description: string } {
	const apiName = ctx.api === 'track' ? 'Track API' : 'App API';
	const baseUrlSetting = ctx.api === 'track' ? 'Track Base URL' : 'App Base URL';
	const tries = failure.tries === 1 ? '1 try' : `${failure.tries} tries`;
	const said = detail ? `: ${detail}` : '';
	const item = `Item ${ctx.itemIndex ?? 0}`;
	const afterUnknown = ctx.idempotent ? SAFE_TO_RETRY : MAYBE_SENT;
	switch (failure.kind) {
		case 'timeout':
			return {
				message: `Customer.io ${apiName} did not answer within ${failure.timeoutMs / 1000} s (${tries})`,
				description: `Customer.io or the network is slow. Try again later, or lower "Parallel Requests" so fewer calls wait at once.${afterUnknown}`,
			};
		case 'network':
			return {
				message: `Could not reach the Customer.io ${apiName} (${failure.code}, ${tries})`,
				description: `Check the credential's Region (or its ${baseUrlSetting}) and that this n8n instance can reach Customer.io (proxy, firewall, DNS).${outcomeOf(failure) === 'unknown' ? afterUnknown : ''}`,
			};
		case 'cancelled':
			return {
				message: 'Request to Customer.io cancelled because the execution was stopped',
				description: `Nothing more is sent for this item. Run the workflow again to finish it.${ctx.idempotent ? '' : MAYBE_SENT}`,
			};
		case 'wait-too-long':
			return {
				message: `Customer.io asked to wait ${Math.ceil(failure.waitMs / 1000)} s before retrying (HTTP ${failure.status})`,
				description: `That is longer than the ${failure.maxWaitMs / 1000} s this node waits. Run the workflow again later, or spread the load (fewer parallel executions with this credential, or a lower "Parallel Requests").`,
			};
		case 'redirect': {
			const target = failure.location ?? 'an address it did not name';
			return {
				message: `Customer.io ${apiName} answered with a redirect (HTTP ${failure.status}) to ${target}; the node does not follow redirects`,
				description: `Nothing was sent to ${target} and Customer.io did not apply this request. A redirect means the credential's URL is not the API itself: use Region US or EU, or with Custom URLs set "${baseUrlSetting}" to the exact API address (for example https:// rather than http://).`,
			};
		}
		case 'batch-item':
			return {
				message: `${item}: Customer.io rejected this item${said}`,
				description: "The other items of the batch were accepted. Fix this item's fields and run it again.",
			};
		case 'batch-unattributed':
			return {
				message: `${item}: Customer.io reported a partial failure (207) that names no item of this batch${said}`,
				description:
					'Customer.io applied some items of this batch, but its answer does not say which failed (batch_index missing or out of range), so this item may or may not have been applied. Running it again is safe: identify and delete repeat harmlessly and events keep their id.',
			};
		case 'list-too-long':
			return {
				message: `Customer.io's list did not end after ${failure.tries} pages (${failure.records} records)`,
				description:
					'That is more than one run can hold, or Customer.io kept answering more pages. Turn off "Return All" and set a Limit, or narrow the filters (time range, type) so fewer records match.',
			};
		case 'http':
			break;
	}
	const { status } = failure;
	if (status === 401) {
		const keys = ctx.api === 'track' ? 'Site ID and Track API key' : 'App API key';
		return {
			message:
				ctx.api === 'track'
					? 'Customer.io rejected the Track API key or Site ID (401)'
					: 'Customer.io rejected the App API key (401)',
			description: `Copy the ${keys} again from ${KEYS_PAGE}, and check the credential's Region: keys of an EU workspace are rejected by the US hosts and the other way round. The credential's Test button tells which is wrong.`,
		};
	}
	if (status === 403) {
		return {
			message: `Customer.io refused this request (403)${said}`,
			description:
				"The App API key may lack access to this feature, or the feature (for example SMS) is not enabled for the workspace. Check the key's scope in Customer.io.",
		};
	}
	if (status === 404) {
		return {
			message: `Not found in Customer.io (404)${said}`,
			description:
				'The person, message or webhook does not exist in this workspace. Check the identifier and its type (ID, email or cio_id), and that the credential points at the right workspace.',
		};
	}
	if (status === 413) {
		return {
			message: `Request too large for Customer.io (413)${said}`,
			description:
				'Track calls take ≤32 KB per operation and ≤500 KB per batch, event data ≤100 KB; transactional payloads ≤1 MB plus ≤2 MB of attachments. Send less data per item.',
		};
	}
	if (status === 429) {
		return {
			message: `Customer.io rate limit still exceeded after ${tries} (429)`,
			description:
				'The App API allows about 10 requests per second per workspace (100/s for transactional sends). Fewer workflows running at once with this credential, a lower "Parallel Requests", or a Wait node keeps within it.',
		};
	}
	if (status >= 500) {
		return {
			message: `Customer.io ${apiName} failed with HTTP ${status} after ${tries}${said}`,
			description: `This is a problem on Customer.io's side. Try again later.${afterUnknown}`,
		};
	}
	return {
		message: `Customer.io rejected the request (${status})${said}`,
		description:
			'Fix the field named in the message. Limits: identifiers and attribute names ≤150 bytes, attribute values ≤1000 bytes, ≤300 attributes per call, event names ≤100 bytes, event data ≤100 KB.',
	};
}

function httpCodeOf(failure: Failure): string | undefined {
	if (failure.kind === 'http' || failure.kind === 'redirect') return String(failure.status);
	if (failure.kind === 'batch-item' || failure.kind === 'batch-unattributed') return '207';
	return undefined;
}

/** The one place a failed Customer.io call becomes an n8n error; secrets are scrubbed here. */
export function toNodeApiError(node: INode, failure: Failure, ctx: ErrorContext): NodeApiError {
	// Redacted before anything is cut, so no cut can leave part of a key behind.
	const body = quotable('body' in failure ? failure.body : undefined, ctx.redactor);
	const detail = customerIoMessages(body).join('; ');
	const explained = explain(failure, ctx, detail);
	const message = ctx.redactor.text(explained.message);
	const credential = ctx.credentialName ? ` Credential: "${ctx.credentialName}".` : '';
	const request: JsonObject = {
		api: ctx.api,
		method: ctx.method,
		route: ctx.route,
		tries: failure.tries,
		outcome: outcomeOf(failure),
	};
	if ('status' in failure) request.status = failure.status;
	if (body !== undefined) request.customerIo = kept(body);
	const error = new NodeApiError(node, request, {
		message,
		description: ctx.redactor.text(`${explained.description}${credential}`),
		httpCode: httpCodeOf(failure),
		itemIndex: ctx.itemIndex,
	});
	// NodeApiError swaps a message that mentions a Node error code (ECONNRESET, ETIMEDOUT …) for
	// its own generic text; ours names the API and the number of tries, so it is put back.
	error.message = message;
	// `context` is what n8n keeps of an error in the execution data (errorResponse is dropped).
	error.context.request = request;
	return error;
}

/** What Customer.io may have done with the request behind an error from `toNodeApiError`. */
export function outcomeOfError(error: unknown): Outcome | undefined {
	const outcome = (error as { context?: { request?: { outcome?: unknown } } })?.context?.request?.outcome;
	return outcome === 'unknown' || outcome === 'not applied' ? outcome : undefined;
}
