import type { IDataObject, IHttpRequestMethods, IHttpRequestOptions, INode } from 'n8n-workflow';

export type Api = 'track' | 'app';

export const CREDENTIAL_TYPE = 'customerIoLifecycleApi';

/** What the transport needs from any n8n context (execute, webhook, hook, load options). */
export interface TransportContext {
	getNode(): INode;
	getCredentials(type: string, itemIndex?: number): Promise<IDataObject>;
	helpers: {
		httpRequestWithAuthentication(
			this: TransportContext,
			credentialsType: string,
			requestOptions: IHttpRequestOptions,
		): Promise<unknown>;
	};
}

export interface CioRequest {
	api: Api;
	method: IHttpRequestMethods;
	/** Built with `cioPath` so errors can name the route without the identifier. */
	path: { path: string; route: string };
	body?: IDataObject | IDataObject[];
	qs?: IDataObject;
	/**
	 * Whether repeating the request after an unclear outcome (timeout, dropped connection, 5xx)
	 * is harmless. True for identify/delete and for events (they carry a dedupe id); false for
	 * transactional sends, which are then only retried when Customer.io surely did not act on
	 * them (429, connection refused).
	 */
	idempotent: boolean;
	/** Non-2xx statuses that are an answer, not an error (e.g. 404 for "person not found"). */
	acceptStatuses?: number[];
	itemIndex?: number;
	/** A list read: the transport fetches page after page (see pager.ts) and answers them as one. */
	paging?: CioPaging;
	/**
	 * Secrets of this request besides the credential's (a webhook endpoint's token): hidden, like
	 * the keys, in its answer and in any error, should Customer.io quote them back.
	 */
	secrets?: string[];
}

/**
 * How an App API list is read: the records sit in `field` of each answer; an answer with a
 * non-empty `next` has more, asked for with `start=<next>` (Customer.io's cursor paging).
 * Lists the App API answers whole (campaigns, segments) are one page, cut to `max` here.
 */
export interface CioPaging {
	field: string;
	/** At most this many records in all; undefined reads every page ("Return All"). */
	max?: number;
	/** Records asked per page (`limit`), for endpoints that page; undefined sends no `limit`. */
	pageSize?: number;
}

export interface CioResponse<T = unknown> {
	status: number;
	body: T;
	headers: Record<string, unknown>;
}

export interface TransportOptions {
	/** Attempts in all, first included. */
	maxTries: number;
	timeoutMs: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** Longest Retry-After we sleep through (beyond it the error is immediate), and how long 429s are retried in all. */
	maxRetryAfterMs: number;
	/** App API budget per credential (requests per second); `/send/*` gets 10x. 0 = off. */
	appRatePerSecond: number;
}

export const DEFAULT_TRANSPORT_OPTIONS: TransportOptions = {
	maxTries: 4,
	timeoutMs: 10_000,
	baseDelayMs: 500,
	maxDelayMs: 8_000,
	maxRetryAfterMs: 60_000,
	appRatePerSecond: 10,
};
