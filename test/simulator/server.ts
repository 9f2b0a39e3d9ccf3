import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';
import { handleApp } from './app';
import { refuseByContract } from './appContract';
import { detailError, metaError, type Reply } from './reply';
import { sendReportingEvent, subscriptionOf, type ReportingEvent, type SendResult } from './reporting';
import { handleTrack } from './track';
import {
	WorkspaceState,
	type AnonymousEvent,
	type Broadcast,
	type BroadcastTrigger,
	type Campaign,
	type CampaignDelivery,
	type Delivery,
	type Message,
	type Newsletter,
	type Person,
	type Region,
	type ReportingWebhook,
	type Segment,
	type StoredObject,
	type TransactionalMessage,
	type Workspace,
	type WorkspaceInput,
} from './state';

/**
 * A local Customer.io for tests, benchmarks and the sandbox. One HTTP server stands in for all
 * four hosts: `/{us|eu}/track` is the Track API of that region and `/{us|eu}/app` its App API.
 * Keys only work in their workspace's region (401 elsewhere), as with the real service.
 */
export type Api = 'track' | 'app';

export interface SimulatorOptions {
	workspaces?: WorkspaceInput[];
	/** Added before every answer, like a network round trip. */
	latencyMs?: number;
	/** App API budget per workspace (Customer.io: 10/s); `false` turns the limit off. */
	appRateLimitPerSecond?: number | false;
	/** Budget of `/v1/send/*` per workspace (Customer.io: 100/s). */
	sendRateLimitPerSecond?: number | false;
	/** API-triggered broadcasts: one trigger per this many ms per workspace (Customer.io: 10 s); false = off. */
	broadcastTriggerIntervalMs?: number | false;
	/** The rate limits' clock (ms); a test that counts refusals stops it, so machine load cannot refill a bucket. */
	now?: () => number;
}

/** A request as it arrived, credentials included: what a fault body may echo back. */
export interface ArrivedRequest {
	method: string;
	path: string;
	/** The raw Authorization header (`Basic …` or `Bearer …`), '' when none came. */
	authorization: string;
	body: unknown;
}

export interface Fault {
	api?: Api;
	method?: string;
	/** Exact path after the API base, e.g. `/api/v2/batch` or `/v1/send/email`. */
	path?: string;
	/** Answer this status instead of handling the request. */
	status?: number;
	/** `Retry-After` header value (seconds or an HTTP date). */
	retryAfter?: string;
	/** More response headers, e.g. `location` for a redirect (3xx status). */
	headers?: Record<string, string>;
	/** The answer's body; a function builds it from the request (to echo keys back, as a hostile server would). */
	body?: unknown | ((request: ArrivedRequest) => unknown);
	/** Wait this long first; without `status` the request is then handled normally. */
	delayMs?: number;
	/** Close the connection without answering. */
	dropConnection?: boolean;
	/**
	 * With `status`: send the status line, headers and half of the body, then stall (never
	 * finish: the client times out) or drop the connection (a network error mid-answer).
	 */
	cutOff?: 'stall' | 'drop';
	/** Only requests this accepts, e.g. the send to one person (`r.body.identifiers.id === '3'`). */
	when?: (request: ArrivedRequest) => boolean;
	/**
	 * Handle the request first (people, events and deliveries change as usual), then answer the
	 * fault anyway: Customer.io did the work but the client is told otherwise, or never hears.
	 */
	applied?: boolean;
	/** How many requests this fault hits (default 1; Infinity for all). */
	times?: number;
}

export interface RecordedRequest {
	id: number;
	/** Arrival time, ms since the epoch. */
	at: number;
	method: string;
	/** Path after the API base, still URL-encoded. */
	path: string;
	query: Record<string, string>;
	region: Region;
	api: Api;
	/** The workspace the keys belong to, when they matched one. */
	workspace?: string;
	/** Request headers with credentials replaced by `[redacted]`. */
	headers: Record<string, string>;
	body: unknown;
	rawBody: string;
	/** 0 until answered (or when the connection was dropped). */
	status: number;
	responseBody?: unknown;
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

class TokenBucket {
	private tokens: number;
	private last: number;
	constructor(
		private readonly perSecond: number,
		private readonly now: () => number,
	) {
		this.tokens = perSecond;
		this.last = now();
	}
	take(): boolean {
		const now = this.now();
		this.tokens = Math.min(this.perSecond, this.tokens + ((now - this.last) * this.perSecond) / 1000);
		this.last = now;
		if (this.tokens < 1) return false;
		this.tokens -= 1;
		return true;
	}
}

const DEFAULT_FAULT_BODY: Record<number, unknown> = {
	429: { meta: { error: 'Too many requests' } },
	500: { meta: { error: 'Internal server error' } },
	502: '<html><body>502 Bad Gateway</body></html>',
	503: { meta: { error: 'Service unavailable' } },
};

export class CustomerIoSimulator {
	readonly requests: RecordedRequest[] = [];
	private readonly states = new Map<string, WorkspaceState>();
	private readonly faults: Array<Fault & { remaining: number }> = [];
	private readonly buckets = new Map<string, TokenBucket>();
	/** When each workspace's last broadcast trigger was let through (ms). */
	private readonly lastTrigger = new Map<string, number>();
	private latencyMs: number;
	private server?: Server;
	private baseUrl?: string;
	private nextRequestId = 1;
	/** TCP connections accepted so far: shows whether clients reuse connections (keep-alive). */
	connectionsOpened = 0;

	constructor(private readonly options: SimulatorOptions = {}) {
		this.latencyMs = options.latencyMs ?? 0;
		for (const input of options.workspaces ?? []) this.addWorkspace(input);
	}

	async start(port = 0, host = '127.0.0.1'): Promise<string> {
		const server = createServer((req, res) => {
			this.handle(req, res).catch((error: unknown) => {
				if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ meta: { error: `simulator error: ${String(error)}` } }));
			});
		});
		server.keepAliveTimeout = 30_000;
		server.on('connection', () => this.connectionsOpened++);
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(port, host, resolve);
		});
		this.server = server;
		this.baseUrl = `http://${host}:${(server.address() as AddressInfo).port}`;
		return this.baseUrl;
	}

	async stop(): Promise<void> {
		const server = this.server;
		if (!server) return;
		this.server = undefined;
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	}

	get url(): string {
		if (!this.baseUrl) throw new Error('the simulator is not started: call start() first');
		return this.baseUrl;
	}

	/** Track API base for a region (`/api/v1/...` and `/api/v2/...` follow). */
	trackBaseUrl(region: Region): string {
		return `${this.url}/${region}/track`;
	}

	/** App API base for a region (`/v1/...` follows). */
	appBaseUrl(region: Region): string {
		return `${this.url}/${region}/app`;
	}

	/**
	 * What to put in a "Customer.io (Lifecycle) API" credential to reach a workspace here:
	 * Region "Custom URLs" with this simulator's hosts for the workspace's region.
	 */
	credentialFor(ws: Workspace, overrides: Record<string, string> = {}): Record<string, string> {
		return {
			region: 'custom',
			trackBaseUrl: this.trackBaseUrl(ws.region),
			appBaseUrl: this.appBaseUrl(ws.region),
			customRegion: ws.region,
			siteId: ws.siteId,
			trackApiKey: ws.trackApiKey,
			appApiKey: ws.appApiKey,
			signingKey: ws.signingKey,
			...overrides,
		};
	}

	addWorkspace(input: WorkspaceInput): Workspace {
		if (this.states.has(input.name)) throw new Error(`workspace ${input.name} exists already`);
		const state = new WorkspaceState(input);
		this.states.set(input.name, state);
		return state.workspace;
	}

	workspace(name: string): Workspace {
		return this.state(name).workspace;
	}

	private state(name: string): WorkspaceState {
		const state = this.states.get(name);
		if (!state) throw new Error(`no workspace named ${name}`);
		return state;
	}

	person(workspace: string, by: { id?: string; email?: string; cio_id?: string }): Person | undefined {
		const state = this.state(workspace);
		if (by.id !== undefined) return state.find('id', by.id);
		if (by.email !== undefined) return state.find('email', by.email);
		if (by.cio_id !== undefined) return state.find('cio_id', by.cio_id);
		return undefined;
	}

	people(workspace: string): Person[] {
		return [...this.state(workspace).people.values()];
	}

	/** Puts a person in place without going through the API (and without recording requests). */
	seedPerson(workspace: string, input: { id?: string; email?: string; attributes?: Record<string, unknown> }): Person {
		const state = this.state(workspace);
		const key = input.id !== undefined ? ('id' as const) : ('email' as const);
		const value = input.id ?? input.email;
		if (value === undefined) throw new Error('seedPerson needs an id or an email');
		const person = state.find(key, value) ?? state.create(key, value);
		state.applyAttributes(person, { ...(input.email ? { email: input.email } : {}), ...input.attributes });
		return person;
	}

	/** Whether calls naming this identifier are ignored (suppressed and not unsuppressed since). */
	isSuppressed(workspace: string, by: { id?: string; email?: string; cio_id?: string }): boolean {
		const [type, value] = Object.entries(by)[0] as ['id' | 'email' | 'cio_id', string];
		return this.state(workspace).isSuppressed(type, value);
	}

	/** Creates a segment (manual unless said otherwise), as the App API or the UI would. */
	seedSegment(workspace: string, input: { id?: number; name: string; description?: string; type?: Segment['type'] }): Segment {
		return this.state(workspace).addSegment(input);
	}

	/** Puts a campaign in place, as one built in Customer.io's UI. */
	seedCampaign(workspace: string, input: Partial<Omit<Campaign, 'id'>> & { id: number; name: string }): Campaign {
		return this.state(workspace).addCampaign(input);
	}

	/** Records what happened to one message of a campaign (counted by the metrics call). */
	seedCampaignDelivery(workspace: string, delivery: CampaignDelivery): void {
		this.state(workspace).campaignDeliveries.push(delivery);
	}

	/** Puts an API-triggered broadcast in place, as one built in Customer.io's UI. */
	seedBroadcast(workspace: string, input: Partial<Omit<Broadcast, 'id'>> & { id: number; name: string }): Broadcast {
		return this.state(workspace).addBroadcast(input);
	}

	/** Puts a newsletter in place, as one built in Customer.io's UI. */
	seedNewsletter(workspace: string, input: Partial<Omit<Newsletter, 'id'>> & { id: number; name: string }): Newsletter {
		return this.state(workspace).addNewsletter(input);
	}

	/** Records a delivery (a message sent to a person), as `GET /v1/messages` would list it. */
	seedMessage(workspace: string, person: Person, input: Partial<Omit<Message, 'customer_identifiers'>>): Message {
		return this.state(workspace).addMessage(person, input);
	}

	/** The triggers a broadcast received, oldest first (with their bodies). */
	broadcastTriggers(workspace: string, broadcastId: number): BroadcastTrigger[] {
		return this.state(workspace).broadcastTriggers.filter((t) => t.broadcast_id === broadcastId);
	}

	/** Puts a transactional message in place, as one built in Customer.io's UI. */
	seedTransactionalMessage(workspace: string, input: { id: number; name: string; description?: string; trigger_name?: string }): TransactionalMessage {
		return this.state(workspace).addTransactionalMessage(input);
	}

	/** Adds people to a segment without going through the API (and without recording requests). */
	seedSegmentMembers(workspace: string, segmentId: number, people: Person[]): void {
		const segment = this.state(workspace).segments.get(segmentId);
		if (!segment) throw new Error(`no segment ${segmentId} in ${workspace}`);
		for (const person of people) segment.members.add(person.cio_id);
	}

	/** The people in a segment, by cio_id order of joining. */
	segmentMembers(workspace: string, segmentId: number): Person[] {
		const state = this.state(workspace);
		const segment = state.segments.get(segmentId);
		if (!segment) throw new Error(`no segment ${segmentId} in ${workspace}`);
		return [...segment.members].map((cioId) => state.find('cio_id', cioId)).filter((p): p is Person => p !== undefined);
	}

	object(workspace: string, objectTypeId: string, objectId: string): StoredObject | undefined {
		return this.state(workspace).findObject({ object_type_id: objectTypeId, object_id: objectId });
	}

	objects(workspace: string): StoredObject[] {
		return [...this.state(workspace).objects.values()];
	}

	/** The people related to an object, each with its relationship attributes. */
	relationships(workspace: string, objectTypeId: string, objectId: string): Array<{ person: Person; attributes: Record<string, unknown> }> {
		const state = this.state(workspace);
		const object = state.findObject({ object_type_id: objectTypeId, object_id: objectId });
		return [...(object?.relationships ?? [])].flatMap(([cioId, attributes]) => {
			const person = state.find('cio_id', cioId);
			return person ? [{ person, attributes }] : [];
		});
	}

	anonymousEvents(workspace: string): AnonymousEvent[] {
		return this.state(workspace).anonymousEvents;
	}

	deliveries(workspace: string): Delivery[] {
		return this.state(workspace).deliveries;
	}

	/** Puts a reporting webhook in place, as one made in Customer.io's UI (enabled, all opens and clicks, no content). */
	seedReportingWebhook(workspace: string, input: { name: string; endpoint: string; events: string[] } & Partial<ReportingWebhook>): ReportingWebhook {
		return this.state(workspace).addWebhook({ disabled: false, full_resolution: true, with_content: false, ...input });
	}

	reportingWebhooks(workspace: string): ReportingWebhook[] {
		return [...this.state(workspace).reportingWebhooks.values()];
	}

	/**
	 * Posts an event to every enabled reporting webhook of the workspace that subscribed to it
	 * (subscriptionOf: mostly `<object_type>_<metric>`), signed with the workspace's signing key,
	 * as Customer.io does.
	 */
	async deliverReportingEvent(workspace: string, event: ReportingEvent): Promise<Array<SendResult & { webhook: number }>> {
		const state = this.state(workspace);
		const name = subscriptionOf(event);
		const targets = [...state.reportingWebhooks.values()].filter((w) => !w.disabled && w.events.includes(name));
		return await Promise.all(
			targets.map(async (webhook) => ({
				webhook: webhook.id,
				...(await sendReportingEvent(webhook.endpoint, event, { signingKey: state.workspace.signingKey })),
			})),
		);
	}

	clearRequests(): void {
		this.requests.length = 0;
	}

	injectFault(fault: Fault): void {
		this.faults.push({ ...fault, remaining: fault.times ?? 1 });
	}

	clearFaults(): void {
		this.faults.length = 0;
	}

	setLatency(ms: number): void {
		this.latencyMs = ms;
	}

	private takeFault(api: Api, method: string, path: string, arrived: ArrivedRequest): Fault | undefined {
		const fault = this.faults.find(
			(f) =>
				f.remaining > 0 &&
				(f.api === undefined || f.api === api) &&
				(f.method === undefined || f.method === method) &&
				(f.path === undefined || f.path === path) &&
				(f.when === undefined || f.when(arrived)),
		);
		if (fault) fault.remaining -= 1;
		return fault;
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const rawBody = Buffer.concat(chunks).toString('utf8');
		const url = new URL(req.url ?? '/', 'http://simulator');
		const match = /^\/(us|eu)\/(track|app)(\/.*)?$/.exec(url.pathname);
		if (!match) return this.write(res, metaError(404, 'unknown host: use /us/track, /us/app, /eu/track or /eu/app'));
		const [, region, api, path = '/'] = match as unknown as [string, Region, Api, string];
		const method = req.method ?? 'GET';

		let body: unknown = rawBody;
		let badJson = false;
		if (rawBody) {
			try {
				body = JSON.parse(rawBody);
			} catch {
				badJson = true;
			}
		}
		const recorded: RecordedRequest = {
			id: this.nextRequestId++,
			at: Date.now(),
			method,
			path,
			query: Object.fromEntries(url.searchParams),
			region,
			api,
			headers: redactHeaders(req.headers),
			body,
			rawBody,
			status: 0,
		};
		this.requests.push(recorded);

		const arrived: ArrivedRequest = { method, path, authorization: req.headers.authorization ?? '', body };
		const fault = this.takeFault(api, method, path, arrived);
		if (fault?.delayMs) await delay(fault.delayMs);
		if (fault?.dropConnection) {
			if (fault.applied) this.serve(recorded, api, region, method, path, req.headers.authorization, body, rawBody, badJson);
			req.socket.destroy();
			return;
		}
		if (fault?.status !== undefined) {
			if (fault.applied) this.serve(recorded, api, region, method, path, req.headers.authorization, body, rawBody, badJson);
			const headers: Record<string, string> = { ...fault.headers };
			if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
			const faultBody = typeof fault.body === 'function' ? (fault.body as (r: ArrivedRequest) => unknown)(arrived) : fault.body;
			const reply: Reply = { status: fault.status, body: faultBody ?? DEFAULT_FAULT_BODY[fault.status] ?? {}, headers };
			if (fault.cutOff) return this.cutOff(res, recorded, reply, fault.cutOff);
			return this.answer(res, recorded, reply);
		}
		if (this.latencyMs > 0) await delay(this.latencyMs);
		return this.answer(res, recorded, this.serve(recorded, api, region, method, path, req.headers.authorization, body, rawBody, badJson));
	}

	/** What Customer.io does with a request, and answers. */
	private serve(
		recorded: RecordedRequest,
		api: Api,
		region: Region,
		method: string,
		path: string,
		authorization: string | undefined,
		body: unknown,
		rawBody: string,
		badJson: boolean,
	): Reply {
		const state = this.authenticate(api, region, method, path, authorization);
		if ('status' in state) return state;
		recorded.workspace = state.workspace.name;
		if (api === 'track' && path === '/api/v1/accounts/region' && method === 'GET') {
			// Answers on either region's host, naming the workspace's real region.
			const { region: actual, environmentId } = state.workspace;
			return { status: 200, body: { url: this.trackBaseUrl(actual), region: actual, environment_id: environmentId } };
		}
		if (api === 'app' && !this.withinRateLimit(state.workspace, path)) {
			return { ...metaError(429, 'Too many requests'), headers: { 'retry-after': '1' } };
		}
		if (api === 'app' && method === 'POST' && /^\/v1\/campaigns\/[^/]+\/triggers$/.test(path) && !this.triggerAllowed(state.workspace)) {
			// No Retry-After: the spec defines none for this 429.
			return detailError(429, 'API-triggered broadcasts are limited to one request every 10 seconds');
		}
		if (badJson) return metaError(400, 'request body is not valid JSON');
		return api === 'track'
			? handleTrack(state, method, path, body, rawBody, recorded.query)
			: (refuseByContract(method, path, recorded.query, body) ?? handleApp(state, method, path, recorded.query, body));
	}

	/** Finds the workspace the credentials belong to; the region must be the workspace's own. */
	private authenticate(api: Api, region: Region, method: string, path: string, header = ''): WorkspaceState | Reply {
		const unauthorized = metaError(401, 'Unauthorized request');
		let state: WorkspaceState | undefined;
		if (api === 'track') {
			const basic = /^Basic (.+)$/i.exec(header)?.[1];
			const [siteId, ...key] = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':') : [];
			state = [...this.states.values()].find(
				(s) => s.workspace.siteId === siteId && s.workspace.trackApiKey === key.join(':'),
			);
		} else {
			const token = /^Bearer (.+)$/i.exec(header)?.[1];
			state = [...this.states.values()].find((s) => s.workspace.appApiKey === token);
		}
		if (!state) return unauthorized;
		const regionFree = api === 'track' && path === '/api/v1/accounts/region' && method === 'GET';
		if (state.workspace.region !== region && !regionFree) return unauthorized;
		return state;
	}

	/** One broadcast trigger per interval per workspace ("rate-limited to one request every 10 seconds"). */
	private triggerAllowed(workspace: Workspace): boolean {
		const interval = this.options.broadcastTriggerIntervalMs ?? 10_000;
		if (interval === false) return true;
		const last = this.lastTrigger.get(workspace.name) ?? -Infinity;
		if (Date.now() - last < interval) return false;
		this.lastTrigger.set(workspace.name, Date.now());
		return true;
	}

	private withinRateLimit(workspace: Workspace, path: string): boolean {
		const send = path.startsWith('/v1/send/');
		const limit = send ? (this.options.sendRateLimitPerSecond ?? 100) : (this.options.appRateLimitPerSecond ?? 10);
		if (limit === false) return true;
		const key = `${workspace.name}:${send ? 'send' : 'app'}`;
		let bucket = this.buckets.get(key);
		if (!bucket) this.buckets.set(key, (bucket = new TokenBucket(limit, this.options.now ?? Date.now)));
		return bucket.take();
	}

	private answer(res: ServerResponse, recorded: RecordedRequest, reply: Reply): void {
		recorded.status = reply.status;
		recorded.responseBody = reply.body;
		this.write(res, reply);
	}

	/** Starts the answer, then stalls or drops the connection half-way through the body. */
	private cutOff(res: ServerResponse, recorded: RecordedRequest, reply: Reply, how: 'stall' | 'drop'): void {
		recorded.status = reply.status;
		recorded.responseBody = reply.body;
		const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
		res.writeHead(reply.status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...reply.headers });
		res.write(text.slice(0, Math.ceil(text.length / 2)));
		if (how === 'drop') res.socket?.destroy();
	}

	private write(res: ServerResponse, reply: Reply): void {
		if (res.destroyed) return;
		const text = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
		const type = typeof reply.body === 'string' ? 'text/html' : 'application/json';
		res.writeHead(reply.status, { 'content-type': type, ...reply.headers });
		res.end(text);
	}
}

function redactHeaders(headers: IncomingMessage['headers']): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers)) {
		if (value === undefined) continue;
		const text = Array.isArray(value) ? value.join(', ') : value;
		out[name] = name === 'authorization' ? text.replace(/^(\w+) .*$/, '$1 [redacted]') : text;
	}
	return out;
}
