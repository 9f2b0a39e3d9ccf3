import type { INodeProperties, NodeApiError } from 'n8n-workflow';
import { CustomerIoLifecycleApi } from '../../credentials/CustomerIoLifecycleApi.credentials';
import { CustomerIoLifecycle } from '../../nodes/CustomerIo/CustomerIoLifecycle.node';
import { CustomerIoClient } from '../../nodes/shared/transport/client';
import { cioPath } from '../../nodes/shared/transport/paths';
import { Throttle } from '../../nodes/shared/transport/throttle';
import type { CioRequest, TransportOptions } from '../../nodes/shared/transport/types';
import { CustomerIoSimulator } from '../simulator';
import { fakeExecuteContext } from '../helpers/fakeExecuteContext';
import { simulatorPerFile } from '../helpers/simulatorPerFile';

/**
 * The transport against the local Customer.io simulator: what is retried, how long it waits,
 * and what the user reads when it gives up.
 */
const { sim, ws } = simulatorPerFile();
beforeEach(() => sim.setLatency(0));

const credentials = (overrides: Record<string, string> = {}) => sim.credentialFor(ws, overrides);

const FAST: Partial<TransportOptions> = { baseDelayMs: 20, maxDelayMs: 100 };

async function client(options: Partial<TransportOptions> = FAST, creds = credentials()) {
	return await CustomerIoClient.create(fakeExecuteContext({ credentials: creds }), options, () => 0.5);
}

const identify = (id = '42'): CioRequest => ({
	api: 'track',
	method: 'PUT',
	path: cioPath('/api/v1/customers/{identifier}', { identifier: id }),
	body: { plan: 'pro' },
	idempotent: true,
});

const sendEmail = (): CioRequest => ({
	api: 'app',
	method: 'POST',
	path: cioPath('/v1/send/email'),
	body: { transactional_message_id: 1, identifiers: { id: '42' }, to: 'ada@example.com' },
	idempotent: false,
});

const listWebhooks = (): CioRequest => ({
	api: 'app',
	method: 'GET',
	path: cioPath('/v1/reporting_webhooks'),
	idempotent: true,
});

async function failure(promise: Promise<unknown>): Promise<NodeApiError> {
	try {
		await promise;
	} catch (error) {
		return error as NodeApiError;
	}
	throw new Error('expected the request to fail');
}

/** Everything a user or a log could see of an error. */
function visible(error: NodeApiError): string {
	return JSON.stringify({
		message: error.message,
		description: error.description,
		messages: error.messages,
		cause: error.cause,
		context: error.context,
		stack: error.stack,
		all: error,
	});
}

describe('transport: success and auth', () => {
	it('sends Track calls with Basic auth and URL-encodes identifiers', async () => {
		const cio = await client();
		const response = await cio.request(identify('ada+1@example.com'));
		expect(response.status).toBe(200);
		const [recorded] = sim.requests;
		expect(recorded.path).toBe('/api/v1/customers/ada%2B1%40example.com');
		expect(recorded.workspace).toBe('client-a');
		expect(sim.person('client-a', { email: 'ada+1@example.com' })?.attributes.plan).toBe('pro');
	});

	it('maps 401 to a message about the keys and the region, without retrying', async () => {
		const cio = await client(FAST, credentials({ trackApiKey: 'wrong-track-key' }));
		const error = await failure(cio.request(identify()));
		expect(error.message).toBe('Customer.io rejected the Track API key or Site ID (401)');
		expect(error.description).toMatch(/Region/);
		expect(error.description).toMatch(/Credential: "Client A"/);
		expect(error.httpCode).toBe('401');
		expect(sim.requests).toHaveLength(1);
	});

	it('names the App key when the App API says 401', async () => {
		const cio = await client(FAST, credentials({ appApiKey: 'wrong-app-key' }));
		const error = await failure(cio.request(listWebhooks()));
		expect(error.message).toBe('Customer.io rejected the App API key (401)');
	});
});

describe('transport: retries', () => {
	it('waits exactly as long as Retry-After says before retrying a 429', async () => {
		sim.injectFault({ api: 'track', status: 429, retryAfter: '1', times: 1 });
		const cio = await client();
		const started = Date.now();
		await cio.request(identify());
		const [first, second] = sim.requests;
		expect(sim.requests.map((r) => r.status)).toEqual([429, 200]);
		expect(second.at - first.at).toBeGreaterThanOrEqual(990);
		expect(Date.now() - started).toBeLessThan(1800);
	});

	it('keeps retrying 429s beyond maxTries (Customer.io did nothing), until maxRetryAfterMs has passed in all', async () => {
		sim.injectFault({ api: 'track', status: 429, retryAfter: '0', times: 5 });
		await (await client({ ...FAST, maxTries: 2 })).request(identify());
		expect(sim.requests.map((r) => r.status)).toEqual([429, 429, 429, 429, 429, 200]);

		sim.clearRequests();
		sim.injectFault({ api: 'track', status: 429, retryAfter: '1', times: Infinity });
		const started = Date.now();
		const error = await failure((await client({ ...FAST, maxRetryAfterMs: 2500 })).request(identify()));
		expect(error.httpCode).toBe('429');
		// Retries at 1 s and 2 s; a third wait would end past 2.5 s, so it gives up at once.
		expect(sim.requests).toHaveLength(3);
		expect(Date.now() - started).toBeLessThan(2500);
	});

	it('accepts Retry-After as an HTTP date', async () => {
		const inOneSecond = new Date(Math.ceil(Date.now() / 1000) * 1000 + 1000).toUTCString();
		sim.injectFault({ api: 'track', status: 503, retryAfter: inOneSecond, times: 1 });
		const cio = await client();
		await cio.request(identify());
		const [first, second] = sim.requests;
		expect(second.at - first.at).toBeGreaterThanOrEqual(500);
	});

	it('retries 5xx with backoff, then succeeds, sending the same body each time', async () => {
		sim.injectFault({ api: 'track', status: 503, times: 2 });
		const cio = await client();
		const response = await cio.request({
			...identify(),
			method: 'POST',
			path: cioPath('/api/v1/customers/{identifier}/events', { identifier: '42' }),
			body: { name: 'purchased', id: '01J0000000000000000000TEST' },
		});
		expect(response.status).toBe(200);
		expect(sim.requests.map((r) => r.status)).toEqual([503, 503, 200]);
		expect(new Set(sim.requests.map((r) => r.rawBody)).size).toBe(1);
		// backoff with random() = 0.5: 15 ms then 30 ms (base 20 ms, doubling, ¾ of the ceiling)
		expect(sim.requests[1].at - sim.requests[0].at).toBeGreaterThanOrEqual(14);
		expect(sim.requests[2].at - sim.requests[1].at).toBeGreaterThanOrEqual(29);
	});

	it('gives up after maxTries with an error that says what happened', async () => {
		sim.injectFault({ api: 'track', status: 500, times: Infinity, body: { meta: { error: 'internal' } } });
		const cio = await client({ ...FAST, maxTries: 3 });
		const error = await failure(cio.request(identify()));
		expect(sim.requests).toHaveLength(3);
		expect(error.message).toBe('Customer.io Track API failed with HTTP 500 after 3 tries: internal');
		expect(error.description).toMatch(/Retry On Fail/);
	});

	it('does not retry a 400 and shows Customer.io\'s reason', async () => {
		const cio = await client();
		const error = await failure(
			cio.request({ ...identify(), body: { ['x'.repeat(151)]: 1 } }),
		);
		expect(sim.requests).toHaveLength(1);
		expect(error.httpCode).toBe('400');
		expect(error.message).toMatch(/^Customer.io rejected the request \(400\): .+/);
	});

	it('times out a slow attempt and retries it', async () => {
		sim.injectFault({ api: 'track', delayMs: 400, times: 1 });
		const cio = await client({ ...FAST, timeoutMs: 150 });
		await cio.request(identify());
		expect(sim.requests.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(1);
	});

	it('reports a timeout when every attempt is too slow', async () => {
		sim.injectFault({ api: 'track', delayMs: 400, times: Infinity });
		const cio = await client({ ...FAST, timeoutMs: 100, maxTries: 2 });
		const error = await failure(cio.request(identify()));
		expect(error.message).toBe('Customer.io Track API did not answer within 0.1 s (2 tries)');
	});

	it('retries a dropped connection for idempotent calls', async () => {
		sim.injectFault({ api: 'track', dropConnection: true, times: 1 });
		const cio = await client();
		const response = await cio.request(identify());
		expect(response.status).toBe(200);
	});

	it('never repeats a transactional send whose outcome is unknown (timeout or 5xx)', async () => {
		sim.injectFault({ api: 'app', path: '/v1/send/email', status: 502, times: 1 });
		const cio = await client();
		const error = await failure(cio.request(sendEmail()));
		expect(error.httpCode).toBe('502');
		expect(sim.requests).toHaveLength(1);
	});

	it('does repeat a send that Customer.io refused with 429', async () => {
		sim.injectFault({ api: 'app', path: '/v1/send/email', status: 429, retryAfter: '0', times: 1 });
		const cio = await client();
		const response = await cio.request<{ delivery_id: string }>(sendEmail());
		expect(response.body.delivery_id).toEqual(expect.any(String));
		expect(sim.deliveries('client-a')).toHaveLength(1);
	});

	it('fails at once when Retry-After is longer than it is willing to wait', async () => {
		sim.injectFault({ api: 'track', status: 429, retryAfter: '120', times: 1 });
		const cio = await client();
		const started = Date.now();
		const error = await failure(cio.request(identify()));
		expect(Date.now() - started).toBeLessThan(1000);
		expect(error.message).toBe('Customer.io asked to wait 120 s before retrying (HTTP 429)');
	});
});

describe('transport: App API throttle', () => {
	it('spaces App calls of one credential to 10 per second, so none is refused', async () => {
		const limited = new CustomerIoSimulator({ appRateLimitPerSecond: 10 });
		await limited.start(0);
		try {
			const w = limited.addWorkspace({ name: 'throttled', region: 'us' });
			const cio = await CustomerIoClient.create(
				fakeExecuteContext({
					credentials: {
						region: 'custom',
						trackBaseUrl: limited.trackBaseUrl('us'),
						appBaseUrl: limited.appBaseUrl('us'),
						siteId: w.siteId,
						trackApiKey: w.trackApiKey,
						appApiKey: w.appApiKey,
					},
				}),
				{ ...FAST, maxTries: 1 },
			);
			const started = Date.now();
			await Promise.all(Array.from({ length: 25 }, () => cio.request(listWebhooks())));
			const elapsed = Date.now() - started;
			expect(limited.requests.filter((r) => r.status === 429)).toHaveLength(0);
			// 25 calls at 10/s: the 25th starts 2.4 s after the first.
			expect(elapsed).toBeGreaterThanOrEqual(2300);
		} finally {
			await limited.stop();
		}
	});
});

describe('Throttle: pacing one credential, and sharing the limit with other processes', () => {
	// A fake clock: sleep() is real, so the tests only read the reserved slots.
	const clock = { now: 1_000_000 };
	const slots = (throttle: Throttle, key: string, count: number) => {
		const starts: number[] = [];
		for (let i = 0; i < count; i++) {
			void throttle.acquire(key, 10);
			starts.push((throttle as unknown as { budgets: Map<string, { nextSlot: number }> }).budgets.get(key)!.nextSlot - clock.now);
		}
		return starts;
	};

	it('reserves one slot every 100 ms at 10/s', () => {
		expect(slots(new Throttle(() => clock.now), 'k', 3)).toEqual([100, 200, 300]);
	});

	it('halves its rate and pauses until Retry-After on a 429, then wins the rate back request by request', () => {
		const throttle = new Throttle(() => clock.now);
		throttle.refused('k', 1000);
		expect(throttle.share('k')).toBe(0.5);
		// Held 1 s, then one request per 200 ms (5/s).
		expect(slots(throttle, 'k', 2)).toEqual([1200, 1400]);
		throttle.refused('k');
		throttle.refused('k');
		throttle.refused('k');
		throttle.refused('k');
		expect(throttle.share('k')).toBe(0.1);
		for (let i = 0; i < 45; i++) throttle.accepted('k');
		expect(throttle.share('k')).toBeCloseTo(0.55);
		for (let i = 0; i < 100; i++) throttle.accepted('k');
		expect(throttle.share('k')).toBe(1);
		expect(throttle.share('other credential')).toBe(1);
	});

	it('lets two processes that share a workspace settle within its 10/s between them (nothing refused for good)', async () => {
		const limited = new CustomerIoSimulator({ appRateLimitPerSecond: 10 });
		await limited.start(0);
		try {
			const w = limited.addWorkspace({ name: 'shared', region: 'us' });
			const url = `${limited.appBaseUrl('us')}/v1/reporting_webhooks`;
			// Two "workers": each its own Throttle, as two n8n processes would have.
			const worker = async (throttle: Throttle, calls: number) => {
				for (let done = 0; done < calls; ) {
					await throttle.acquire('workspace', 10);
					const response = await fetch(url, { headers: { authorization: `Bearer ${w.appApiKey}` } });
					if (response.status === 429) throttle.refused('workspace', 1000);
					else (throttle.accepted('workspace'), done++);
				}
			};
			const started = Date.now();
			await Promise.all([worker(new Throttle(), 30), worker(new Throttle(), 30)]);
			const seconds = (Date.now() - started) / 1000;
			const refused = limited.requests.filter((r) => r.status === 429).length;
			expect(limited.requests.filter((r) => r.status === 200)).toHaveLength(60);
			// 60 calls at 10/s take at least 5 s (the first 10 ride the burst); the 429s stay few.
			expect(seconds).toBeGreaterThanOrEqual(4.5);
			expect(refused).toBeLessThan(20);
		} finally {
			await limited.stop();
		}
	}, 30_000);
});

describe('transport: secrets never leak', () => {
	it('scrubs keys that Customer.io echoes in an error body', async () => {
		sim.injectFault({
			api: 'track',
			status: 400,
			body: { meta: { error: `bad key ${ws.trackApiKey} / ${ws.appApiKey} / ${ws.signingKey}` } },
		});
		const cio = await client();
		const error = await failure(cio.request(identify()));
		expect(error.message).toContain('[redacted]');
		for (const secret of [ws.trackApiKey, ws.appApiKey, ws.signingKey]) expect(visible(error)).not.toContain(secret);
	});

	it('keeps keys and the Authorization header out of network, timeout and 401 errors', async () => {
		const basic = Buffer.from(`${ws.siteId}:${ws.trackApiKey}`).toString('base64');
		const cases: Array<() => Promise<NodeApiError>> = [
			async () => {
				sim.injectFault({ api: 'track', dropConnection: true, times: Infinity });
				return await failure((await client({ ...FAST, maxTries: 2 })).request(identify()));
			},
			async () => {
				sim.injectFault({ api: 'track', delayMs: 300, times: Infinity });
				return await failure((await client({ ...FAST, timeoutMs: 50, maxTries: 1 })).request(identify()));
			},
			async () => await failure((await client(FAST, credentials({ appApiKey: 'nope-nope' }))).request(listWebhooks())),
		];
		for (const run of cases) {
			sim.clearFaults();
			const error = await run();
			const text = visible(error);
			for (const secret of [ws.trackApiKey, ws.appApiKey, basic, 'nope-nope']) expect(text).not.toContain(secret);
			expect(text).not.toMatch(/authorization/i);
		}
	});

	it('names the route, never the identifier, in errors', async () => {
		sim.injectFault({ api: 'track', status: 500, times: Infinity });
		const error = await failure((await client({ ...FAST, maxTries: 1 })).request(identify('ada@example.com')));
		expect(visible(error)).not.toContain('ada@example.com');
		expect(JSON.stringify(error)).toContain('/api/v1/customers/{identifier}');
	});
});

describe('transport: error texts', () => {
	it('keeps its own message for a network error: n8n swaps any message naming ECONNREFUSED, ECONNRESET … for its generic text', async () => {
		const closed = new CustomerIoSimulator();
		const trackBaseUrl = `${await closed.start(0)}/us/track`;
		await closed.stop();
		const error = await failure((await client({ ...FAST, maxTries: 2 }, credentials({ trackBaseUrl }))).request(identify()));
		expect(error.message).toBe('Could not reach the Customer.io Track API (ECONNREFUSED, 2 tries)');
	});

	/** Every name a hint may tell the user to change: node options, n8n's node settings, credential fields. */
	function settingNames(): Set<string> {
		const names = new Set(['Retry On Fail', 'On Error', 'Continue On Fail']);
		const walk = (properties: readonly unknown[]) => {
			for (const property of properties as Array<INodeProperties & { values?: unknown[] }>) {
				names.add(property.displayName);
				if (Array.isArray(property.options)) walk(property.options);
				if (Array.isArray(property.values)) walk(property.values);
			}
		};
		walk(new CustomerIoLifecycle().description.properties);
		walk(new CustomerIoLifecycleApi().properties);
		return names;
	}

	it('names only settings that exist (node options, n8n node settings, credential fields)', async () => {
		const send = { ...sendEmail() };
		const failures: Array<[string, () => Promise<NodeApiError>]> = [
			['timeout', async () => (sim.injectFault({ api: 'track', delayMs: 300, times: 1 }), await failure((await client({ ...FAST, timeoutMs: 50, maxTries: 1 })).request(identify())))],
			['timeout of a send', async () => (sim.injectFault({ api: 'app', delayMs: 300, times: 1 }), await failure((await client({ ...FAST, timeoutMs: 50, maxTries: 1 })).request(send)))],
			['network error', async () => (sim.injectFault({ api: 'track', dropConnection: true, times: 1 }), await failure((await client({ ...FAST, maxTries: 1 })).request(identify())))],
			['5xx', async () => (sim.injectFault({ api: 'track', status: 500, times: 1 }), await failure((await client({ ...FAST, maxTries: 1 })).request(identify())))],
			['5xx on a send', async () => (sim.injectFault({ api: 'app', status: 503, times: 1 }), await failure((await client()).request(send)))],
			['429 for too long', async () => (sim.injectFault({ api: 'track', status: 429, retryAfter: '0', times: Infinity }), await failure((await client({ ...FAST, maxRetryAfterMs: 50 })).request(identify())))],
			['Retry-After too long', async () => (sim.injectFault({ api: 'track', status: 429, retryAfter: '120', times: 1 }), await failure((await client()).request(identify())))],
			...[400, 401, 403, 404, 413].map((status): [string, () => Promise<NodeApiError>] => [
				String(status),
				async () => (sim.injectFault({ api: 'track', status, times: 1 }), await failure((await client()).request(identify()))),
			]),
		];
		const known = settingNames();
		for (const [label, fail] of failures) {
			sim.clearFaults();
			const { description } = await fail();
			const named = [...String(description).matchAll(/"([^"]+)"|\b((?:[A-Z][\w-]*\s)*[A-Z][\w-]*) option\b/g)].map((m) => m[1] ?? m[2]);
			const unknown = named.filter((name) => !known.has(name) && name !== 'Client A');
			expect({ label, unknown }).toEqual({ label, unknown: [] });
		}
	});
});

describe('paths: a parameter can never change the route', () => {
	it.each(['.', '..', ''])('refuses %j as a path parameter (URLs would drop or climb the segment)', (value) => {
		expect(() => cioPath('/api/v1/customers/{identifier}/events', { identifier: value })).toThrow(
			/^Path parameter "identifier" of \/api\/v1\/customers\/\{identifier\}\/events: /,
		);
	});

	it('refuses a lone UTF-16 surrogate with a message instead of a URIError', () => {
		expect(() => cioPath('/v1/customers/{identifier}/attributes', { identifier: 'a\ud800' })).toThrow(/unpaired UTF-16 surrogate/);
	});
});
