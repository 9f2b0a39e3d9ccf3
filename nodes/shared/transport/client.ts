import { createHash } from 'crypto';
import { sleep, type IDataObject, type IHttpRequestOptions } from 'n8n-workflow';
import { redirectHost, resolveHosts, type CustomerIoHosts } from '../hosts';
import { backoffDelayMs, parseRetryAfter } from './backoff';
import { outcomeOf, toNodeApiError, type Failure } from './errors';
import { readPages } from './pager';
import { Redactor } from './redact';
import { Throttle } from './throttle';
import {
	CREDENTIAL_TYPE,
	DEFAULT_TRANSPORT_OPTIONS,
	type CioRequest,
	type CioResponse,
	type TransportContext,
	type TransportOptions,
} from './types';

/** One throttle per process: every execution using a credential shares its App API budget (see Throttle for several processes). */
const appThrottle = new Throttle();

const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

/**
 * "This endpoint is rate-limited to one request every 10 seconds" (App API, API-triggered
 * broadcasts). Slots are counted from when a request leaves, Customer.io counts from when it
 * arrives: one second more keeps a slow first request from making the next one early.
 */
const BROADCAST_TRIGGER_ROUTE = '/v1/campaigns/{broadcast_id}/triggers';
const BROADCAST_TRIGGERS_PER_SECOND = 1 / 11;

/** What one attempt came back with. */
type Attempt =
	| { kind: 'response'; response: CioResponse; url: string }
	| { kind: 'network'; code: string }
	| { kind: 'timeout' }
	| { kind: 'cancelled' };

interface FullResponse {
	statusCode: number;
	body: unknown;
	headers: Record<string, unknown>;
}

/**
 * The transport every node uses: region hosts, auth (through the credential), JSON, retries
 * with backoff honouring Retry-After, a timeout per attempt, the App API throttle, and error
 * mapping. It never follows a redirect (n8n would re-send the key to the new host), never
 * throws anything but a NodeApiError, and hands on nothing — error or answer — that still
 * holds a form of the credential's secrets.
 */
export class CustomerIoClient {
	private constructor(
		private readonly ctx: TransportContext,
		readonly hosts: CustomerIoHosts,
		private readonly redactor: Redactor,
		private readonly throttleKey: string,
		private readonly credentialName: string | undefined,
		private readonly options: TransportOptions,
		private readonly random: () => number,
	) {}

	static async create(
		ctx: TransportContext,
		options: Partial<TransportOptions> = {},
		random: () => number = Math.random,
	): Promise<CustomerIoClient> {
		const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
		const hosts = resolveHosts(credentials);
		// The throttle is keyed by a hash: the map must not hold raw keys.
		const throttleKey = createHash('sha256').update(`${hosts.app}\n${String(credentials.appApiKey)}`).digest('hex');
		const credentialName = ctx.getNode().credentials?.[CREDENTIAL_TYPE]?.name;
		return new CustomerIoClient(
			ctx,
			hosts,
			Redactor.forCredentials(credentials),
			throttleKey,
			credentialName,
			{ ...DEFAULT_TRANSPORT_OPTIONS, ...options },
			random,
		);
	}

	/**
	 * Sends a request; 2xx answers (207 included) and `acceptStatuses` return with their body
	 * redacted, anything else (3xx included) throws.
	 * A 429 means Customer.io did nothing, so it does not use up `maxTries`: it is retried after
	 * Retry-After for as long as `maxRetryAfterMs` allows in total. A request with `paging` reads
	 * the whole list (see readPages), each page a request of its own.
	 */
	async request<T = IDataObject>(req: CioRequest): Promise<CioResponse<T>> {
		if (req.paging) return (await this.readList(req)) as CioResponse<T>;
		const { maxTries, maxRetryAfterMs } = this.options;
		const started = Date.now();
		const budget = this.budgetOf(req);
		let failures = 0;
		for (let attempt = 1; ; attempt++) {
			if (budget) await appThrottle.acquire(budget.key, budget.perSecond);
			const outcome = await this.attempt(req);
			const refused = outcome.kind === 'response' && outcome.response.status === 429;
			const retryAfter = this.retryAfterMs(outcome);
			if (budget && outcome.kind === 'response') {
				if (refused) appThrottle.refused(budget.key, retryAfter ?? 0);
				else appThrottle.accepted(budget.key);
			}
			if (
				outcome.kind === 'response' &&
				(outcome.response.status < 300 || req.acceptStatuses?.includes(outcome.response.status))
			) {
				const { response } = outcome;
				return { ...response, body: this.redactorOf(req).deep(response.body) as T };
			}
			const failure = this.failureOf(outcome, attempt);
			if (!refused) failures++;
			if (failures >= maxTries || !this.retryable(failure, req)) throw this.error(failure, req);
			const wait = retryAfter ?? backoffDelayMs(attempt, this.options, this.random);
			if (wait > maxRetryAfterMs && outcome.kind === 'response') {
				const { status, body } = outcome.response;
				throw this.error({ kind: 'wait-too-long', status, body, waitMs: wait, maxWaitMs: maxRetryAfterMs, tries: attempt }, req);
			}
			if (refused && Date.now() - started + wait > maxRetryAfterMs) throw this.error(failure, req);
			await sleep(wait);
		}
	}

	private readList(req: CioRequest): Promise<CioResponse<IDataObject>> {
		return readPages(
			(page) => this.request<IDataObject>(page),
			req,
			(pages, records) => this.error({ kind: 'list-too-long', records, tries: pages }, req),
		);
	}

	/**
	 * The App API budget a request counts against (`/send/*` has its own, 10x larger; broadcast
	 * triggers one per 10 s, so a run triggering twice waits instead of drawing a 429); none for Track.
	 */
	private budgetOf(req: CioRequest): { key: string; perSecond: number } | undefined {
		if (req.api !== 'app') return undefined;
		if (req.method === 'POST' && req.path.route === BROADCAST_TRIGGER_ROUTE) {
			return { key: `${this.throttleKey}:trigger`, perSecond: this.options.appRatePerSecond && BROADCAST_TRIGGERS_PER_SECOND };
		}
		const isSend = req.path.route.startsWith('/v1/send/');
		return {
			key: `${this.throttleKey}:${isSend ? 'send' : 'app'}`,
			perSecond: this.options.appRatePerSecond * (isSend ? 10 : 1),
		};
	}

	private async attempt(req: CioRequest): Promise<Attempt> {
		const base = req.api === 'track' ? this.hosts.track : this.hosts.app;
		const url = `${base}${req.path.path}`;
		const options: IHttpRequestOptions = {
			method: req.method,
			url,
			json: true,
			timeout: this.options.timeoutMs,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			// n8n re-adds the Authorization header on every redirect hop, to any host: a 3xx is answered
			// to us instead (and becomes an error), so the key only ever goes to the credential's URLs.
			disableFollowRedirect: true,
			headers: { Accept: 'application/json' },
		};
		if (req.body !== undefined) options.body = req.body;
		if (req.qs !== undefined) options.qs = req.qs;
		try {
			const full = (await this.ctx.helpers.httpRequestWithAuthentication.call(
				this.ctx,
				CREDENTIAL_TYPE,
				options,
			)) as FullResponse;
			return {
				kind: 'response',
				response: { status: full.statusCode, body: full.body, headers: full.headers ?? {} },
				url,
			};
		} catch (error) {
			return classifyThrown(error);
		}
	}

	/** Transient failures are retried; a send only when Customer.io surely did not act on it (429, connection refused). */
	private retryable(failure: Failure, req: CioRequest): boolean {
		const transient =
			failure.kind === 'timeout' || failure.kind === 'network' || (failure.kind === 'http' && RETRY_STATUSES.has(failure.status));
		return transient && (req.idempotent || outcomeOf(failure) === 'not applied');
	}

	private retryAfterMs(outcome: Attempt): number | undefined {
		return outcome.kind === 'response' ? parseRetryAfter(outcome.response.headers['retry-after'], Date.now()) : undefined;
	}

	private failureOf(outcome: Attempt, tries: number): Failure {
		if (outcome.kind === 'cancelled') return { kind: 'cancelled', tries };
		if (outcome.kind === 'timeout') return { kind: 'timeout', timeoutMs: this.options.timeoutMs, tries };
		if (outcome.kind === 'network') return { kind: 'network', code: outcome.code, tries };
		const { status, body, headers } = outcome.response;
		if (status >= 300 && status < 400) return { kind: 'redirect', status, location: redirectHost(headers.location, outcome.url), tries };
		return { kind: 'http', status, body, tries };
	}

	private redactorOf(req: CioRequest): Redactor {
		return req.secrets ? this.redactor.including(req.secrets) : this.redactor;
	}

	/** The NodeApiError for a failure of `req` (also used for items a 207 batch answer fails). */
	error(failure: Failure, req: CioRequest) {
		return toNodeApiError(this.ctx.getNode(), failure, {
			api: req.api,
			method: req.method,
			route: req.path.route,
			credentialName: this.credentialName,
			redactor: this.redactorOf(req),
			idempotent: req.idempotent,
			itemIndex: req.itemIndex,
		});
	}
}

/**
 * n8n wraps transport failures in a NodeApiError built from the axios error. That error keeps
 * no `cause` (n8n-workflow drops Error causes), but its `httpCode` holds the axios code
 * (ECONNABORTED for a timeout, ECONNREFUSED, ECONNRESET …) and `messages` the original text.
 * A cancelled execution (ERR_CANCELED) must stop, not retry. The wrapped error itself is never
 * passed on: it may carry the request config with the Authorization header.
 */
function classifyThrown(error: unknown): Attempt {
	const e = error as { cause?: { code?: unknown; message?: unknown }; code?: unknown; httpCode?: unknown; message?: unknown; messages?: unknown };
	const candidates = [e.cause?.code, e.code, e.httpCode].filter((c): c is string => typeof c === 'string' && /^[A-Z_]+$/.test(c));
	const code = candidates[0] ?? '';
	const texts = [e.cause?.message, e.message, ...(Array.isArray(e.messages) ? e.messages : [])].map(String).join(' ');
	if (code === 'ERR_CANCELED') return { kind: 'cancelled' };
	if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(texts)) return { kind: 'timeout' };
	return { kind: 'network', code: code || 'NETWORK_ERROR' };
}
