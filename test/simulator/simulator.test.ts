import { createServer, type IncomingMessage } from 'http';
import type { AddressInfo } from 'net';
import { verifyV0 } from '../../nodes/shared/signature';
import { OFFICIAL_EVENTS } from '../unit/trigger/officialSpec';
import { CustomerIoSimulator, makeReportingEvent, sendReportingEvent, type Workspace } from './index';

/**
 * The local Customer.io, read as a contract (customerio-contract.md): what each endpoint
 * accepts, refuses and answers. Tests of the nodes mean something only if this is strict.
 */
const sim = new CustomerIoSimulator({ appRateLimitPerSecond: false, sendRateLimitPerSecond: false });
let us: Workspace;
let eu: Workspace;

beforeAll(async () => {
	await sim.start(0);
	us = sim.addWorkspace({ name: 'us-ws', region: 'us' });
	eu = sim.addWorkspace({ name: 'eu-ws', region: 'eu', smsEnabled: false });
});
afterAll(() => sim.stop());
beforeEach(() => {
	sim.clearFaults();
	sim.clearRequests();
	sim.setLatency(0);
});

const basic = (ws: Workspace) => `Basic ${Buffer.from(`${ws.siteId}:${ws.trackApiKey}`).toString('base64')}`;

async function track(method: string, path: string, body?: unknown, ws: Workspace = us, region = ws.region) {
	const response = await fetch(`${sim.trackBaseUrl(region)}${path}`, {
		method,
		headers: { authorization: basic(ws), 'content-type': 'application/json' },
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined, headers: response.headers };
}

async function app(method: string, path: string, body?: unknown, ws: Workspace = us, region = ws.region) {
	const response = await fetch(`${sim.appBaseUrl(region)}${path}`, {
		method,
		headers: { authorization: `Bearer ${ws.appApiKey}`, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined, headers: response.headers };
}

describe('regions and auth', () => {
	it('answers 401 to a wrong key, and to the right keys on the other region\'s host', async () => {
		expect(await track('PUT', '/api/v1/customers/1', {}, { ...us, trackApiKey: 'wrong' })).toMatchObject({ status: 401, body: { meta: { error: 'Unauthorized request' } } });
		expect((await track('PUT', '/api/v1/customers/1', {}, us, 'eu')).status).toBe(401);
		expect((await app('GET', '/v1/reporting_webhooks', undefined, eu, 'us')).status).toBe(401);
	});

	it('names the workspace\'s real region in accounts/region, on either host', async () => {
		for (const region of ['us', 'eu'] as const) {
			expect(await track('GET', '/api/v1/accounts/region', undefined, eu, region)).toMatchObject({
				status: 200,
				body: { region: 'eu', environment_id: eu.environmentId, url: sim.trackBaseUrl('eu') },
			});
		}
	});
});

describe('Track API v1', () => {
	it('identifies by id, by email and with _update (which never creates)', async () => {
		expect(await track('PUT', '/api/v1/customers/p-1', { email: 'p1@example.com', plan: 'pro', created_at: 1_700_000_000 })).toEqual({ status: 200, body: {}, headers: expect.anything() });
		expect(sim.person('us-ws', { id: 'p-1' })).toMatchObject({ email: 'p1@example.com', attributes: { plan: 'pro' }, createdAt: 1_700_000_000 });
		await track('PUT', `/api/v1/customers/${encodeURIComponent('mail@example.com')}`, { plan: 'free' });
		expect(sim.person('us-ws', { email: 'mail@example.com' })?.attributes.plan).toBe('free');
		await track('PUT', '/api/v1/customers/ghost', { _update: true, plan: 'pro' });
		expect(sim.person('us-ws', { id: 'ghost' })).toBeUndefined();
	});

	it('merges anonymous events into the person identified with that anonymous_id', async () => {
		await track('POST', '/api/v1/events', { name: 'viewed_pricing', anonymous_id: 'anon-9', data: { page: '/pricing' } });
		expect(sim.anonymousEvents('us-ws').map((e) => e.anonymous_id)).toContain('anon-9');
		await track('PUT', '/api/v1/customers/p-9', { anonymous_id: 'anon-9' });
		expect(sim.person('us-ws', { id: 'p-9' })?.events).toEqual([expect.objectContaining({ name: 'viewed_pricing', mergedFrom: 'anon-9', data: { page: '/pricing' } })]);
		expect(sim.anonymousEvents('us-ws').map((e) => e.anonymous_id)).not.toContain('anon-9');
	});

	it('drops a second event with the same id (what makes retries safe)', async () => {
		for (let i = 0; i < 3; i++) await track('POST', '/api/v1/customers/p-2/events', { name: 'paid', id: '01JSAMEID0000000000000000A' });
		expect(sim.person('us-ws', { id: 'p-2' })?.events).toHaveLength(1);
	});

	it.each([
		['an identifier over 150 bytes', 'PUT', `/api/v1/customers/${'x'.repeat(151)}`, {}, 'identifier is longer than 150 bytes'],
		['an attribute name over 150 bytes', 'PUT', '/api/v1/customers/p', { ['n'.repeat(151)]: 1 }, /^attribute name is longer than 150 bytes/],
		['an attribute value over 1000 bytes', 'PUT', '/api/v1/customers/p', { bio: 'b'.repeat(1001) }, 'attribute value of bio is longer than 1000 bytes'],
		['301 attributes', 'PUT', '/api/v1/customers/p', Object.fromEntries(Array.from({ length: 301 }, (_, i) => [`a${i}`, i])), 'too many attributes: 301 (at most 300)'],
		['an event name over 100 bytes', 'POST', '/api/v1/customers/p/events', { name: 'e'.repeat(101) }, 'event name is longer than 100 bytes'],
		['an event without a name', 'POST', '/api/v1/customers/p/events', { data: {} }, 'event name is required'],
		['event data over 100,000 bytes', 'POST', '/api/v1/customers/p/events', { name: 'big', data: { blob: 'z'.repeat(100_000) } }, 'event data is larger than 100000 bytes'],
		['a timestamp in milliseconds', 'POST', '/api/v1/customers/p/events', { name: 'late', timestamp: 1_700_000_000_000 }, 'timestamp looks like milliseconds: send unix seconds'],
		['a body that is not JSON', 'PUT', '/api/v1/customers/p', '{plan', 'request body is not valid JSON'],
	])('refuses %s with 400 and meta.error', async (_label, method, path, body, error) => {
		const answer = await track(method, path, body);
		expect(answer.status).toBe(400);
		expect((answer.body?.meta as { error: string }).error).toEqual(typeof error === 'string' ? error : expect.stringMatching(error));
	});

	it('deletes a person', async () => {
		await track('PUT', '/api/v1/customers/doomed', { plan: 'x' });
		expect((await track('DELETE', '/api/v1/customers/doomed')).status).toBe(200);
		expect(sim.person('us-ws', { id: 'doomed' })).toBeUndefined();
	});
});

describe('Track API v2', () => {
	const op = (id: string, extra: Record<string, unknown> = {}) => ({ type: 'person', identifiers: { id }, action: 'identify', attributes: { plan: 'pro' }, ...extra });

	it('applies a batch and answers {}', async () => {
		expect(await track('POST', '/api/v2/batch', { batch: [op('b-1'), op('b-2'), { type: 'person', identifiers: { id: 'b-1' }, action: 'event', name: 'paid', attributes: { total: 5 } }] })).toMatchObject({ status: 200, body: {} });
		expect(sim.person('us-ws', { id: 'b-1' })?.events).toEqual([expect.objectContaining({ name: 'paid', data: { total: 5 } })]);
	});

	it('answers 207 naming only the bad operations by batch_index; the others are applied', async () => {
		const answer = await track('POST', '/api/v2/batch', {
			batch: [op('ok-1'), op('bad', { identifiers: { id: 'x', email: 'x@example.com' } }), op('ok-2'), op('big', { attributes: { blob: 'q'.repeat(33 * 1024) } })],
		});
		expect(answer.status).toBe(207);
		expect(answer.body?.errors).toEqual([
			{ batch_index: 1, reason: 'invalid', field: 'identifiers', message: 'identifiers must hold exactly one of id, email, phone, cio_id' },
			{ batch_index: 3, reason: 'too_large', message: 'operation is larger than 32768 bytes' },
		]);
		expect(sim.person('us-ws', { id: 'ok-2' })).toBeDefined();
	});

	it('refuses a batch over 500 KB with 413, and a body without a batch array with 400', async () => {
		const batch = Array.from({ length: 20 }, (_, i) => op(`big-${i}`, { attributes: { blob: 'w'.repeat(900) }, pad: 'p'.repeat(25_000) }));
		expect((await track('POST', '/api/v2/batch', { batch })).status).toBe(413);
		expect((await track('POST', '/api/v2/batch', { ops: [] })).status).toBe(400);
	});

	it('takes one operation at /entity', async () => {
		expect((await track('POST', '/api/v2/entity', op('e-1'))).status).toBe(200);
		expect((await track('POST', '/api/v2/entity', { type: 'person', action: 'identify' })).status).toBe(400);
	});
});

describe('App API', () => {
	it('answers attributes as Customer.io stores them (strings), and 404 for unknown people', async () => {
		sim.seedPerson('us-ws', { id: 'attr-1', email: 'attr@example.com', attributes: { seats: 3, vip: true, prefs: { tz: 'UTC' } } });
		const found = await app('GET', `/v1/customers/${encodeURIComponent('attr@example.com')}/attributes?id_type=email`);
		expect(found).toMatchObject({ status: 200, body: { customer: { identifiers: { id: 'attr-1', email: 'attr@example.com' }, attributes: { seats: '3', vip: 'true', prefs: '{"tz":"UTC"}' } } } });
		expect(await app('GET', '/v1/customers/nobody/attributes')).toMatchObject({ status: 404, body: { errors: [{ status: '404' }] } });
	});

	const email = (extra: Record<string, unknown> = {}) => ({ transactional_message_id: 3, identifiers: { id: '42' }, to: 'ada@example.com', ...extra });

	it('sends transactional email and answers delivery_id and queued_at; queue_draft delivers nothing', async () => {
		const before = sim.deliveries('us-ws').length;
		const answer = await app('POST', '/v1/send/email', email({ message_data: { order: 1 }, attachments: { 'a.txt': Buffer.from('hi').toString('base64') } }));
		expect(answer).toMatchObject({ status: 200, body: { delivery_id: expect.any(String), queued_at: expect.any(Number) } });
		await app('POST', '/v1/send/email', email({ queue_draft: true }));
		expect(sim.deliveries('us-ws')).toHaveLength(before + 1);
	});

	it.each([
		// Refused by the official schema (`to` is required) before any route logic.
		['no to', email({ to: undefined }), 400, 'The request was malformed: $.to: required'],
		['16 recipients with bcc', email({ to: 'a@example.com', bcc: Array.from({ length: 15 }, (_, i) => `b${i}@example.com`).join(',') }), 400, 'too many recipients: 16 (at most 15)'],
		['two identifiers', email({ identifiers: { id: '1', email: 'x@example.com' } }), 400, 'identifiers must hold exactly one of id, email, cio_id'],
		['no message', email({ transactional_message_id: '' }), 400, 'transactional_message_id is required: a message id or trigger name'],
		['a send time over 90 days ahead', email({ send_at: Math.floor(Date.now() / 1000) + 91 * 86_400 }), 400, 'send_at must be within 90 days'],
		['2 MB of attachments', email({ attachments: { 'big.bin': Buffer.alloc(2 * 1024 * 1024).toString('base64') } }), 413, 'attachments must total less than 2 MB'],
	])('refuses an email with %s', async (_label, body, status, error) => {
		expect(await app('POST', '/v1/send/email', body)).toMatchObject({ status, body: { meta: { error } } });
	});

	it('checks SMS numbers (E.164) and answers 403 where SMS is not enabled', async () => {
		const sms = (to: string) => ({ transactional_message_id: 5, identifiers: { id: '42' }, to });
		expect((await app('POST', '/v1/send/sms', sms('+14155550100'))).status).toBe(200);
		expect(await app('POST', '/v1/send/sms', sms('0415 555 0100'))).toMatchObject({ status: 400, body: { meta: { error: 'to must be an E.164 phone number' } } });
		expect((await app('POST', '/v1/send/sms', sms('+14155550100'), eu)).status).toBe(403);
	});

	it('sends push to all devices or a token, checking custom_device', async () => {
		expect((await app('POST', '/v1/send/push', { transactional_message_id: 6, identifiers: { id: '42' } })).status).toBe(200);
		expect((await app('POST', '/v1/send/push', { transactional_message_id: 6, identifiers: { id: '42' }, custom_device: { token: 't', platform: 'windows' } })).status).toBe(400);
	});

	it('keeps reporting webhooks: create, list, read, update, delete', async () => {
		const hook = { name: 'n8n', endpoint: 'https://n8n.example.com/hook', events: ['email_opened'] };
		const created = await app('POST', '/v1/reporting_webhooks', hook);
		// Settings left out take the spec's defaults: full_resolution false = unique opens and clicks only.
		expect(created).toMatchObject({ status: 200, body: { id: expect.any(Number), type: 'webhook', disabled: false, full_resolution: false, with_content: false } });
		const id = created.body?.id as number;
		expect((await app('GET', '/v1/reporting_webhooks')).body?.reporting_webhooks).toEqual(expect.arrayContaining([expect.objectContaining({ id })]));
		expect((await app('PUT', `/v1/reporting_webhooks/${id}`, { ...hook, disabled: true, with_content: true })).body).toMatchObject({ id, disabled: true, with_content: true });
		// A PUT replaces the webhook: name, endpoint and events are required, settings left out go back to their defaults.
		expect((await app('PUT', `/v1/reporting_webhooks/${id}`, { disabled: false })).status).toBe(400);
		expect((await app('PUT', `/v1/reporting_webhooks/${id}`, { ...hook, name: 'renamed' })).body).toMatchObject({ id, name: 'renamed', disabled: false, with_content: false });
		expect((await app('DELETE', `/v1/reporting_webhooks/${id}`)).status).toBe(200);
		expect((await app('GET', `/v1/reporting_webhooks/${id}`)).status).toBe(404);
		expect((await app('DELETE', `/v1/reporting_webhooks/${id}`)).status).toBe(404);
		for (const endpoint of ['ftp://x.example.com', 'not a url', 'https://']) {
			expect((await app('POST', '/v1/reporting_webhooks', { ...hook, endpoint })).status).toBe(400);
		}
		const plain = await app('POST', '/v1/reporting_webhooks', { ...hook, endpoint: 'http://plain.example.com/hook' });
		expect(plain.status).toBe(200);
		expect((await app('DELETE', `/v1/reporting_webhooks/${plain.body?.id as number}`)).status).toBe(200);
		expect((await app('POST', '/v1/reporting_webhooks', { ...hook, events: [] })).status).toBe(400);
	});

	it('refuses reporting webhook event names outside the official enum with 400, on create and on update', async () => {
		const hook = { name: 'n8n', endpoint: 'https://n8n.example.com/hook' };
		const all = await app('POST', '/v1/reporting_webhooks', { ...hook, events: OFFICIAL_EVENTS });
		expect(all.status).toBe(200);
		const created = await app('POST', '/v1/reporting_webhooks', { ...hook, events: ['email_opened', 'customer_cio_subscription_preferences_changed'] });
		expect(created).toMatchObject({ status: 400, body: { errors: [{ detail: 'The request was malformed: $.events[1]: not one of the 72 values the spec lists' }] } });
		const id = all.body?.id as number;
		expect((await app('PUT', `/v1/reporting_webhooks/${id}`, { ...hook, events: ['slack_undeliverable'] })).status).toBe(400);
		expect((await app('GET', `/v1/reporting_webhooks/${id}`)).body?.events).toEqual(OFFICIAL_EVENTS);
		expect((await app('DELETE', `/v1/reporting_webhooks/${id}`)).status).toBe(200);
	});
});

describe('rate limits and faults', () => {
	it('refuses App calls beyond 10 per second with 429 and Retry-After: 1', async () => {
		const stopped = Date.now();
		const limited = new CustomerIoSimulator({ appRateLimitPerSecond: 10, now: () => stopped });
		await limited.start(0);
		try {
			const ws = limited.addWorkspace({ name: 'busy', region: 'us' });
			const statuses = await Promise.all(
				Array.from({ length: 15 }, async () => {
					const response = await fetch(`${limited.appBaseUrl('us')}/v1/reporting_webhooks`, { headers: { authorization: `Bearer ${ws.appApiKey}` } });
					return [response.status, response.headers.get('retry-after')] as const;
				}),
			);
			expect(statuses.filter(([s]) => s === 200)).toHaveLength(10);
			expect(statuses.filter(([s, after]) => s === 429 && after === '1')).toHaveLength(5);
		} finally {
			await limited.stop();
		}
	});

	it('injects statuses with Retry-After for a number of matching requests, then behaves', async () => {
		sim.injectFault({ api: 'track', method: 'PUT', path: '/api/v1/customers/f-1', status: 503, retryAfter: '2', times: 2 });
		const first = await track('PUT', '/api/v1/customers/f-1', {});
		expect([first.status, first.headers.get('retry-after')]).toEqual([503, '2']);
		expect((await track('PUT', '/api/v1/customers/other', {})).status).toBe(200);
		expect((await track('PUT', '/api/v1/customers/f-1', {})).status).toBe(503);
		expect((await track('PUT', '/api/v1/customers/f-1', {})).status).toBe(200);
	});

	it('delays, then handles normally; or drops the connection', async () => {
		sim.injectFault({ api: 'track', delayMs: 150 });
		const started = Date.now();
		expect((await track('PUT', '/api/v1/customers/slow', {})).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(145);
		sim.injectFault({ api: 'track', dropConnection: true });
		await expect(track('PUT', '/api/v1/customers/dropped', {})).rejects.toThrow();
	});

	it('answers hostile servers would give: redirects, bodies echoing the request\'s Authorization, answers cut off', async () => {
		sim.injectFault({ api: 'track', status: 302, headers: { location: 'http://elsewhere.example/x' } });
		const redirect = await fetch(`${sim.trackBaseUrl('us')}/api/v1/customers/r`, { method: 'PUT', redirect: 'manual' });
		expect([redirect.status, redirect.headers.get('location')]).toEqual([302, 'http://elsewhere.example/x']);

		sim.injectFault({ api: 'track', status: 400, body: (r: { authorization: string }) => ({ meta: { error: `you sent ${r.authorization}` } }) });
		expect((await track('PUT', '/api/v1/customers/e', {})).body).toEqual({ meta: { error: `you sent ${basic(us)}` } });

		sim.injectFault({ api: 'track', status: 200, body: { long: 'x'.repeat(1000) }, cutOff: 'drop' });
		await expect(track('PUT', '/api/v1/customers/c', {})).rejects.toThrow();
	});

	it('picks requests by content, and can do the work yet answer a failure', async () => {
		sim.injectFault({ api: 'track', status: 500, applied: true, when: (r) => r.path.endsWith('/done-but-500') });
		expect((await track('PUT', '/api/v1/customers/other-1', {})).status).toBe(200);
		expect((await track('PUT', '/api/v1/customers/done-but-500', { plan: 'pro' })).status).toBe(500);
		expect(sim.person('us-ws', { id: 'done-but-500' })?.attributes.plan).toBe('pro');
	});

	it('adds latency to every answer', async () => {
		sim.setLatency(80);
		const started = Date.now();
		await track('PUT', '/api/v1/customers/lat', {});
		expect(Date.now() - started).toBeGreaterThanOrEqual(75);
	});

	it('records every request with the path still encoded, and never the keys', async () => {
		await track('PUT', `/api/v1/customers/${encodeURIComponent('a+b@example.com')}?x=1`, { plan: 'pro' });
		expect(sim.requests[0]).toMatchObject({ method: 'PUT', path: '/api/v1/customers/a%2Bb%40example.com', query: { x: '1' }, region: 'us', api: 'track', workspace: 'us-ws', status: 200, body: { plan: 'pro' } });
		expect(sim.requests[0].headers.authorization).toBe('Basic [redacted]');
		expect(JSON.stringify(sim.requests)).not.toContain(Buffer.from(`${us.siteId}:${us.trackApiKey}`).toString('base64'));
	});
});

describe('reporting webhook sender', () => {
	let received: Array<{ headers: IncomingMessage['headers']; raw: string }> = [];
	const receiver = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			received.push({ headers: req.headers, raw: Buffer.concat(chunks).toString() });
			res.end('ok');
		});
	});
	let url = '';
	beforeAll(async () => {
		await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
		url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
	});
	afterAll(() => new Promise((resolve) => receiver.close(resolve)));
	beforeEach(() => (received = []));

	const verify = (r: (typeof received)[number], key = us.signingKey) =>
		verifyV0({ signingKey: key, timestamp: r.headers['x-cio-timestamp'] as string, signature: r.headers['x-cio-signature'] as string, rawBody: r.raw, nowSeconds: Math.floor(Date.now() / 1000), toleranceSeconds: 300 });

	it('signs exactly as Customer.io does, and can tamper, omit or backdate on request', async () => {
		const event = makeReportingEvent('email', 'clicked');
		await sendReportingEvent(url, event, { signingKey: us.signingKey });
		await sendReportingEvent(url, event, { signingKey: us.signingKey, tamper: 'body' });
		await sendReportingEvent(url, event, { signingKey: us.signingKey, tamper: 'signature' });
		await sendReportingEvent(url, event, { signingKey: us.signingKey, unsigned: true });
		await sendReportingEvent(url, event, { signingKey: us.signingKey, timestamp: Math.floor(Date.now() / 1000) - 900 });
		expect(received.map((r) => verify(r))).toEqual([{ ok: true }, { ok: false, reason: 'mismatch' }, { ok: false, reason: 'mismatch' }, { ok: false, reason: 'missing-headers' }, { ok: false, reason: 'stale' }]);
		expect(JSON.parse(received[0].raw)).toMatchObject({ object_type: 'email', metric: 'clicked', data: { href: expect.any(String), link_id: expect.any(Number) } });
	});

	it('delivers to enabled webhooks subscribed to the event only', async () => {
		const subscribe = (events: string[], disabled = false) => app('POST', '/v1/reporting_webhooks', { name: 'w', endpoint: url, events, disabled });
		await subscribe(['email_bounced']);
		await subscribe(['email_opened']);
		await subscribe(['email_bounced'], true);
		const results = await sim.deliverReportingEvent('us-ws', makeReportingEvent('email', 'bounced'));
		expect(results.map((r) => r.status)).toEqual([200]);
		expect(received).toHaveLength(1);
		expect(verify(received[0])).toEqual({ ok: true });
	});

	it('delivers a subscription change from any channel to webhooks subscribed to customer_subscription_preferences_changed', async () => {
		const created = await app('POST', '/v1/reporting_webhooks', { name: 'prefs', endpoint: url, events: ['customer_subscription_preferences_changed'] });
		for (const channel of ['customer', 'email', 'sms']) {
			const results = await sim.deliverReportingEvent('us-ws', makeReportingEvent(channel, 'cio_subscription_preferences_changed'));
			expect(results.map((r) => r.webhook)).toEqual([created.body?.id]);
		}
		expect(received.map((r) => JSON.parse(r.raw).object_type)).toEqual(['customer', 'email', 'sms']);
		expect((await sim.deliverReportingEvent('us-ws', makeReportingEvent('email', 'opened'))).map((r) => r.webhook)).not.toContain(created.body?.id);
	});
});
