import { CustomerIoClient } from '../../../nodes/shared/transport/client';
import { cioPath } from '../../../nodes/shared/transport/paths';
import type { CioRequest } from '../../../nodes/shared/transport/types';
import { MAX_BLOCK_MS, measureBlock } from '../../helpers/eventLoopProbe';
import { expectNoKeyIn as expectNoKeyInText, keyForms as allKeyForms } from '../../helpers/keyForms';
import { simulatorPerFile } from '../../helpers/simulatorPerFile';
import type { ArrivedRequest, Fault } from '../../simulator';
import { logged, n8nContext, newExecution, runInN8n, visible } from './n8n';

/**
 * Attack: a server (a hostile proxy behind Custom URLs, a misbehaving gateway, or Customer.io
 * quoting a request back) echoes the credential in every form it has it — the raw site ID and
 * keys, the `Basic base64(siteId:key)` and `Bearer key` header values, base64 of the pair, and
 * URL-encoded forms — in every answer the node turns into text: 400, 401, 403, 413, 429, 5xx,
 * 207 batch messages, 200 bodies that become output items, redirect targets, answers cut off by
 * a timeout or a dropped connection. Whatever the node throws, outputs or makes n8n log must hold
 * none of those forms.
 */
// Keys with characters that URL-encoding and base64 change, so every derived form differs.
const { sim, ws } = simulatorPerFile(
	{ appRateLimitPerSecond: false },
	{ name: 'echo', region: 'us', siteId: 'site+ID/42=x', trackApiKey: 'tk+/=Z9&x y%1', appApiKey: 'ak/+=Q7?#%x:9', signingKey: 'sk-sign+/=ing' },
);

/** What the hostile server says: every form, plus the Authorization header exactly as it arrived. */
const echo = (request: ArrivedRequest) => `${keyForms().join(' | ')} | ${request.authorization} | ${encodeURIComponent(request.authorization)}`;

const expectNoKeyIn = (text: string) => expectNoKeyInText(ws, text);
const keyForms = () => allKeyForms(ws);

/** The echo really reached the node: otherwise "no leak" would prove nothing. */
function expectEchoed(): void {
	expect(sim.requests.some((r) => JSON.stringify(r.responseBody ?? '').includes(ws.trackApiKey))).toBe(true);
}

const identifyBatch = { resource: 'person', operation: 'identify', identifierType: 'id', identifier: '42', attributesJson: '{"plan":"pro"}' };
const anonymousEvent = { resource: 'event', operation: 'trackAnonymous', anonymousId: 'a-1', eventName: 'visited' };
const getPerson = { resource: 'person', operation: 'getAttributes', identifierType: 'id', identifier: 'echo-1' };
const sendEmail = { resource: 'transactional', operation: 'sendEmail', messageId: '7', identifierType: 'id', identifier: '42', to: 'ada@example.com' };

interface EchoCase {
	fault: Fault;
	parameters: Record<string, unknown>;
	/** Customer.io's text shows up somewhere (message or error context): "[redacted]" must then appear. */
	quoted?: boolean;
	/** The error message this path must keep (n8n must not swap it for its generic text). */
	message?: string;
}

const meta = (r: ArrivedRequest) => ({ meta: { error: echo(r) } });
const cases: Record<string, EchoCase> = {
	'400 (Track meta.error)': { fault: { api: 'track', status: 400, body: meta }, parameters: anonymousEvent },
	'400 (Track meta.errors, batch)': { fault: { api: 'track', status: 400, body: (r: ArrivedRequest) => ({ meta: { errors: [echo(r)] }, echo: echo(r) }) }, parameters: identifyBatch },
	'401': { fault: { api: 'track', status: 401, body: meta }, parameters: anonymousEvent },
	'403 (App errors[].detail)': { fault: { api: 'app', status: 403, body: (r: ArrivedRequest) => ({ errors: [{ detail: echo(r), status: '403' }] }) }, parameters: sendEmail },
	'413': { fault: { api: 'track', status: 413, body: meta }, parameters: identifyBatch },
	'429 with a Retry-After too long to wait': { fault: { api: 'track', status: 429, retryAfter: '120', body: meta }, parameters: anonymousEvent },
	'500 on a send (not retried)': { fault: { api: 'app', status: 500, body: meta }, parameters: sendEmail },
	'502 HTML page on a send': { fault: { api: 'app', status: 502, body: (r: ArrivedRequest) => `<html><body>${echo(r)}</body></html>` }, parameters: sendEmail },
	'207 batch errors, named and unnamed': {
		fault: { api: 'track', status: 207, body: (r: ArrivedRequest) => ({ errors: [{ batch_index: 0, field: echo(r), message: echo(r) }, { message: echo(r), reason: echo(r) }] }) },
		parameters: identifyBatch,
	},
	'207 batch error with batch_index out of range': { fault: { api: 'track', status: 207, body: (r: ArrivedRequest) => ({ errors: [{ batch_index: 9, message: echo(r) }] }) }, parameters: identifyBatch },
	'200 attributes that quote the keys (output item)': {
		fault: { api: 'app', status: 200, body: (r: ArrivedRequest) => ({ customer: { id: 'echo-1', attributes: { note: echo(r), [ws.appApiKey]: 'as a key' } } }) },
		parameters: getPerson,
	},
	'200 send answer that quotes the keys (output item)': { fault: { api: 'app', status: 200, body: (r: ArrivedRequest) => ({ delivery_id: echo(r), queued_at: 1 }) }, parameters: sendEmail },
	'302 to a host named after the key': { fault: { api: 'track', status: 302, headers: { location: 'set in the test' }, body: meta }, parameters: anonymousEvent },
	'a send answer cut off by a dropped connection (network error)': {
		fault: { api: 'app', status: 200, cutOff: 'drop', body: (r: ArrivedRequest) => ({ delivery_id: echo(r) }) },
		parameters: sendEmail,
		quoted: false,
		message: 'Could not reach the Customer.io App API (ECONNRESET, 1 try)',
	},
};

describe('keys echoed back by the server never reach errors, output items or the log', () => {
	it.each(Object.entries(cases))('%s (On Error: Stop, and Continue On Fail)', async (_label, { fault, parameters, quoted = true, message }) => {
		// A Location whose host is a key form (base64url of the pair; URLs lower-case hosts).
		const keyHost = `http://${Buffer.from(`${ws.siteId}:${ws.trackApiKey}`).toString('base64url')}.example/x?k=${encodeURIComponent(ws.appApiKey)}`;
		const headers = fault.headers?.location ? { location: keyHost } : fault.headers;
		sim.injectFault({ ...fault, headers, times: Infinity });
		const stopped = await runInN8n({ credentials: sim.credentialFor(ws), parameters });
		const continued = await runInN8n({ credentials: sim.credentialFor(ws), parameters, continueOnFail: true });
		expectEchoed();
		expectNoKeyIn(visible(stopped));
		expectNoKeyIn(visible(continued));
		if (quoted) expect(visible(stopped) + visible(continued)).toContain('[redacted]');
		if (message) expect(stopped.error?.message).toBe(message);
	});
});

describe('…nor through the transport paths that take retries and timeouts', () => {
	const FAST = { baseDelayMs: 5, maxDelayMs: 10, timeoutMs: 300, maxTries: 2 };
	const identify: CioRequest = { api: 'track', method: 'PUT', path: cioPath('/api/v1/customers/{identifier}', { identifier: '42' }), body: {}, idempotent: true };

	it.each([
		['503 on every try', { api: 'track', status: 503, body: meta }, 'Customer.io Track API failed with HTTP 503 after 2 tries: [redacted]'],
		['an answer that stalls after its headers (timeout)', { api: 'track', status: 500, cutOff: 'stall', body: meta }, 'Customer.io Track API did not answer within 0.3 s (2 tries)'],
		['a connection dropped mid-answer (network error)', { api: 'track', status: 400, cutOff: 'drop', body: meta }, 'Could not reach the Customer.io Track API (ECONNRESET, 2 tries)'],
	] as Array<[string, Fault, string]>)('%s', async (_label, fault, message) => {
		sim.injectFault({ ...fault, times: Infinity });
		const execution = newExecution();
		const client = await CustomerIoClient.create(n8nContext({ credentials: sim.credentialFor(ws) }, execution), FAST);
		const error = (await client.request(identify).then(
			() => undefined,
			(thrown: unknown) => thrown,
		)) as Error & { description: string };
		expectEchoed();
		expectNoKeyIn(logged(error));
		// The message says what happened (n8n must not replace it) and the hints name real options.
		expect(error.message).toContain(message);
		expect(error.description).not.toMatch(/Timeout option/);
	});
});

describe('redaction is linear: the largest answers it scrubs do not hold up n8n', () => {
	// Built before the measurement starts: only the node's own work is timed.
	const pair = () => `${ws.siteId}:${ws.trackApiKey}`;
	const keys = () => `${keyForms().join(' ')} Basic ${Buffer.from(pair()).toString('base64')} `;

	it.each([
		['a 250 KB error answer full of keys (the most an error quotes)', 'app', 400, sendEmail, () => ({ meta: { error: keys().repeat(Math.floor(250_000 / keys().length)) } })],
		['300 attributes of 1 KB, each quoting the keys (the most a person holds)', 'app', 200, getPerson, () => ({
			customer: { id: 'echo-1', attributes: Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`a${i}`, keys().repeat(Math.floor(1000 / keys().length))])) },
		})],
	] as Array<[string, 'app', number, Record<string, unknown>, () => unknown]>)('%s: every block < 50 ms', async (_label, api, status, parameters, body) => {
		sim.injectFault({ api, status, body: body(), times: Infinity });
		// The quietest of up to five runs counts: work that really blocks (a quadratic scrub) blocks in every run.
		const results: Array<Awaited<ReturnType<typeof runInN8n>>> = [];
		const { blockedMs } = await measureBlock(async () => {
			results.push(await runInN8n({ credentials: sim.credentialFor(ws), parameters, continueOnFail: true }));
		}, 5);
		for (const result of results) {
			expectNoKeyIn(visible(result));
			expect(visible(result)).toContain('[redacted]');
		}
		expectEchoed();
		expect(blockedMs).toBeLessThan(MAX_BLOCK_MS);
	});
});
