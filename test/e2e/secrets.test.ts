import { createServer, type Server } from 'http';
import type { AddressInfo } from 'net';
import { CustomerIoSimulator, type ArrivedRequest, type Fault, type Workspace } from '../simulator';
import { expectNoKeyIn, keyForms } from '../helpers/keyForms';
import { N8n, type Execution } from './harness/n8n';
import { customerIo, manualTrigger, workflow } from './harness/workflows';

/**
 * The keys in a real n8n (debug logging on) talking to a hostile server: every answer echoes the
 * credential in every form, and one answer redirects to another host. Afterwards no form of the
 * keys is in any execution's data (errors, output items, both On Error modes) or anywhere in
 * n8n's log, and the other host never got a request, let alone a key.
 */
const sim = new CustomerIoSimulator({ appRateLimitPerSecond: false });
let ws: Workspace;
let n8n: N8n;
let credential: { id: string; name: string };
let elsewhere: Server;
let elsewhereUrl: string;
const arrivedElsewhere: Array<{ url?: string; authorization?: string }> = [];

beforeAll(async () => {
	await sim.start(0);
	// Characters that base64 and URL-encoding change, so every derived form differs from the raw one.
	ws = sim.addWorkspace({ name: 'secrets', region: 'us', siteId: 'site+ID/42=x', trackApiKey: 'tk+/=Z9&x y%1', appApiKey: 'ak/+=Q7?#%x:9', signingKey: 'sk-sign+/=ing' });
	elsewhere = createServer((req, res) => {
		arrivedElsewhere.push({ url: req.url, authorization: req.headers.authorization });
		res.end('{}');
	});
	await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
	elsewhereUrl = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
	n8n = await N8n.start({ env: { N8N_LOG_LEVEL: 'debug' } });
	credential = await n8n.createCredential('Hostile proxy', 'customerIoLifecycleApi', sim.credentialFor(ws));
});
afterAll(async () => {
	await n8n?.stop();
	await new Promise((resolve) => elsewhere?.close(resolve));
	await sim.stop();
});

const echo = (request: ArrivedRequest) => `${keyForms(ws).join(' | ')} | ${request.authorization}`;
const meta = (request: ArrivedRequest) => ({ meta: { error: echo(request) } });

const identifyBatch = { resource: 'person', operation: 'identify', identifierType: 'id', identifier: '42', attributesJson: '{"plan":"pro"}' };
const anonymousEvent = { resource: 'event', operation: 'trackAnonymous', anonymousId: 'a-1', eventName: 'visited' };
const getPerson = { resource: 'person', operation: 'getAttributes', identifierType: 'id', identifier: 'echo-1' };
const sendEmail = { resource: 'transactional', operation: 'sendEmail', messageId: '7', identifierType: 'id', identifier: '42', to: 'ada@example.com' };

const cases: Array<[string, Fault, Record<string, unknown>]> = [
	['400 on Track', { api: 'track', status: 400, body: meta }, anonymousEvent],
	['401 on Track', { api: 'track', status: 401, body: meta }, anonymousEvent],
	['403 on the App API', { api: 'app', status: 403, body: (r: ArrivedRequest) => ({ errors: [{ detail: echo(r) }] }) }, sendEmail],
	['207 batch errors', { api: 'track', status: 207, body: (r: ArrivedRequest) => ({ errors: [{ batch_index: 0, message: echo(r) }, { message: echo(r) }] }) }, identifyBatch],
	['500 on a send', { api: 'app', status: 500, body: meta }, sendEmail],
	['200 attributes quoting the keys', { api: 'app', status: 200, body: (r: ArrivedRequest) => ({ customer: { id: 'echo-1', attributes: { note: echo(r) } } }) }, getPerson],
	['a redirect to another host', { api: 'track', status: 307, headers: { location: 'set below' }, body: meta }, anonymousEvent],
	['a dropped connection', { api: 'app', dropConnection: true }, sendEmail],
];

describe('keys in a real n8n facing a hostile server', () => {
	const executions: Execution[] = [];

	it.each(cases)('%s: the run ends, with Stop and with Continue On Fail', async (_label, fault, parameters) => {
		const headers = fault.headers ? { location: `${elsewhereUrl}/steal?from=customerio` } : undefined;
		sim.injectFault({ ...fault, headers, times: Infinity });
		for (const onError of ['stopWorkflow', 'continueRegularOutput']) {
			const wf = await n8n.createWorkflow(workflow(`hostile ${onError}`, [manualTrigger(), customerIo('Customer.io', credential, parameters, { onError })], ['Manual Trigger', 'Customer.io']));
			executions.push(await n8n.runManually(wf.id));
		}
		sim.clearFaults();
	});

	it('no form of the keys is in any execution, in n8n\'s log, or at the other host', () => {
		expect(executions).toHaveLength(2 * cases.length);
		// The server really echoed the keys: otherwise finding none would prove nothing.
		expect(sim.requests.some((r) => JSON.stringify(r.responseBody ?? '').includes(ws.trackApiKey))).toBe(true);
		expectNoKeyIn(ws, JSON.stringify(executions));
		expect(n8n.logs).toMatch(/debug/i);
		expectNoKeyIn(ws, n8n.logs);
		expect(arrivedElsewhere).toEqual([]);
	});

	it('says what happened in its own words: the redirect names the other host, the network error is ours, not n8n\'s generic text', () => {
		const messages = executions.filter((e) => e.status === 'error').map((e) => e.data?.resultData.error?.message ?? '');
		expect(messages.some((m) => m.includes('127.0.0.1') && /redirect/i.test(m))).toBe(true);
		expect(messages.some((m) => /^Could not reach the Customer\.io App API/.test(m))).toBe(true);
	});
});
