import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';
import type { Api } from './types';

/** Why a request finally failed, after any retries. */
export type Failure =
	| { kind: 'http'; status: number; body: unknown; tries: number }
	| { kind: 'network'; code: string; tries: number }
	| { kind: 'timeout'; timeoutMs: number; tries: number }
	| { kind: 'cancelled'; tries: number }
	| { kind: 'wait-too-long'; status: number; waitMs: number; maxWaitMs: number; tries: number };

export interface ErrorContext {
	api: Api;
	method: string;
	/** Path template such as /api/v1/customers/{identifier}: never the identifier itself. */
	route: string;
	credentialName?: string;
	/** Values that must never be shown (API keys, signing key). */
	secrets: string[];
	itemIndex?: number;
}

/**
 * Customer.io answers errors in three shapes: Track `{"meta":{"error":"..."}}` or
 * `{"meta":{"errors":["..."]}}`, App `{"errors":[{"detail":"..."}]}`, and v2 batch 207/400
 * `{"errors":[{"message","field","reason"}]}`. This returns their messages, in order.
 */
export function customerIoMessages(body: unknown): string[] {
	if (typeof body === 'string') return body.trim() ? [body.trim().slice(0, 500)] : [];
	if (!body || typeof body !== 'object') return [];
	const found: string[] = [];
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
	return found;
}

/** Replaces every occurrence of a secret (4+ chars) with [redacted]. */
export function redact(text: string, secrets: string[]): string {
	let out = text;
	for (const secret of secrets) {
		if (secret.length >= 4) out = out.split(secret).join('[redacted]');
	}
	return out;
}

function redactDeep(value: unknown, secrets: string[]): JsonObject | string | undefined {
	if (value === undefined) return undefined;
	const text = redact(typeof value === 'string' ? value : JSON.stringify(value), secrets);
	if (typeof value === 'string') return text;
	return JSON.parse(text) as JsonObject;
}

const KEYS_PAGE = 'Customer.io → Settings → Workspace Settings → API and Webhook Credentials';

function explain(failure: Failure, ctx: ErrorContext, detail: string): { message: string; description: string } {
	const apiName = ctx.api === 'track' ? 'Track API' : 'App API';
	const tries = failure.tries === 1 ? '1 try' : `${failure.tries} tries`;
	switch (failure.kind) {
		case 'timeout':
			return {
				message: `Customer.io ${apiName} did not answer within ${failure.timeoutMs / 1000} s (${tries})`,
				description:
					'Customer.io or the network is slow. Try again later, or raise the Timeout option. Events carry an id, so a retried event is not counted twice.',
			};
		case 'network':
			return {
				message: `Could not reach the Customer.io ${apiName} (${failure.code}, ${tries})`,
				description:
					"Check the credential's Region (or its custom URLs) and that this n8n instance can reach Customer.io (proxy, firewall, DNS).",
			};
		case 'cancelled':
			return {
				message: 'Request to Customer.io cancelled because the execution was stopped',
				description: 'Nothing more is sent for this item. Run the workflow again to finish it.',
			};
		case 'wait-too-long':
			return {
				message: `Customer.io asked to wait ${Math.ceil(failure.waitMs / 1000)} s before retrying (HTTP ${failure.status})`,
				description: `That is longer than the ${failure.maxWaitMs / 1000} s this node waits. Run the workflow again later, or spread the load (fewer parallel executions with this credential).`,
			};
		case 'http':
			break;
	}
	const { status } = failure;
	const said = detail ? `: ${detail}` : '';
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
				'The App API key may lack access to this feature, or the feature (for example SMS) is not enabled for the workspace. Check the key\'s scope in Customer.io.',
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
				'The App API allows about 10 requests per second per workspace (100/s for transactional sends). Fewer workflows running at once with this credential, or a Wait node, keeps within it.',
		};
	}
	if (status >= 500) {
		return {
			message: `Customer.io ${apiName} failed with HTTP ${status} after ${tries}${said}`,
			description:
				'This is a problem on Customer.io\'s side. Try again later; turn on "Retry On Fail" in the node settings to let n8n retry the whole item.',
		};
	}
	return {
		message: `Customer.io rejected the request (${status})${said}`,
		description:
			'Fix the field named in the message. Limits: identifiers and attribute names ≤150 bytes, attribute values ≤1000 bytes, ≤300 attributes per call, event names ≤100 bytes, event data ≤100 KB.',
	};
}

/** The one place a failed Customer.io call becomes an n8n error; secrets are scrubbed here. */
export function toNodeApiError(node: INode, failure: Failure, ctx: ErrorContext): NodeApiError {
	const body = failure.kind === 'http' ? failure.body : undefined;
	const detail = redact(customerIoMessages(body).join('; '), ctx.secrets);
	const { message, description } = explain(failure, ctx, detail);
	const credential = ctx.credentialName ? ` Credential: "${ctx.credentialName}".` : '';
	const response: JsonObject = {
		api: ctx.api,
		method: ctx.method,
		route: ctx.route,
		tries: failure.tries,
	};
	if (failure.kind === 'http') response.status = failure.status;
	const cleanBody = redactDeep(body, ctx.secrets);
	if (cleanBody !== undefined) response.customerIo = cleanBody;
	const error = new NodeApiError(node, response, {
		message: redact(message, ctx.secrets),
		description: redact(`${description}${credential}`, ctx.secrets),
		httpCode: failure.kind === 'http' ? String(failure.status) : undefined,
		itemIndex: ctx.itemIndex,
	});
	// `context` is what n8n keeps of an error in the execution data (errorResponse is dropped).
	error.context.request = response;
	return error;
}
