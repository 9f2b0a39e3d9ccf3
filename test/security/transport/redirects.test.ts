import { fetchProbe, testCustomerIoCredentials } from '../../../nodes/CustomerIo/methods/credentialTest';
import { simulatorPerFile } from '../../helpers/simulatorPerFile';
import type { Api } from '../../simulator';
import { Catcher } from './catcher';
import { runInN8n, wire } from './n8n';

/**
 * Attack: the Track or App URL (or a Custom URL) answers with a redirect to another host. n8n
 * follows redirects and re-adds the Authorization header on every hop, so following one would
 * hand the Track pair or the App key to whoever the Location names — and a 301/302 turns the
 * batch POST into a GET that the other host may answer 200, which looked like "delivered".
 * The node must never follow: nothing reaches the other host, the item fails, the error names
 * only the Location's host and says which credential field to fix.
 */
const { sim, ws } = simulatorPerFile();
let catcher: Catcher;

beforeAll(async () => {
	// Answers like Customer.io would, so a followed redirect would pass for success everywhere.
	catcher = await new Catcher({ region: 'us', delivery_id: 'stolen', customer: { id: '42', attributes: {} } }).start();
});
afterAll(() => catcher.stop());
beforeEach(() => {
	catcher.received.length = 0;
	wire.length = 0;
});

const operations: Array<[string, Api, Record<string, unknown>]> = [
	['Identify, batched (POST /api/v2/batch)', 'track', { resource: 'person', operation: 'identify', identifierType: 'id', identifier: '42', attributesJson: '{"plan":"pro"}' }],
	['Identify, one by one (PUT /api/v1/customers/…)', 'track', { resource: 'person', operation: 'identify', identifierType: 'id', identifier: '42', batching: false }],
	['Track Anonymous (POST /api/v1/events)', 'track', { resource: 'event', operation: 'trackAnonymous', anonymousId: 'a-1', eventName: 'visited' }],
	['Get Attributes (GET App API)', 'app', { resource: 'person', operation: 'getAttributes', identifierType: 'id', identifier: '42' }],
	['Send Email (POST /v1/send/email)', 'app', { resource: 'transactional', operation: 'sendEmail', messageId: '7', identifierType: 'id', identifier: '42', to: 'ada@example.com' }],
];
const statuses = [301, 302, 303, 307, 308];
const cases = operations.flatMap(([label, api, parameters]) => statuses.map((status) => [label, status, api, parameters] as const));

describe('a redirect from Customer.io (or a Custom URL) is never followed', () => {
	it.each(cases)('%s answered %d: no request reaches the Location host, the item fails naming only that host', async (_label, status, api, parameters) => {
		sim.injectFault({ api, status, headers: { location: `${catcher.url}/collect?token=abc123&email=ada%40example.com` }, times: Infinity });
		const { error, output } = await runInN8n({ credentials: sim.credentialFor(ws), parameters });

		expect(catcher.received).toEqual([]);
		expect(wire.filter((hop) => hop.url.startsWith(catcher.url))).toEqual([]);
		expect(output).toBeUndefined();
		expect(error?.message).toContain(`redirect (HTTP ${status}) to ${catcher.host}`);
		expect(error?.description).toContain(api === 'track' ? 'Track Base URL' : 'App Base URL');
		// The Location's path and query may carry data: only the host is named, anywhere.
		expect(JSON.stringify({ message: error?.message, description: error?.description, error })).not.toMatch(/collect|token|abc123|ada/);
	});

	it.each([301, 302])('a batch answered %d is not reported as delivered (Continue On Fail)', async (status) => {
		sim.injectFault({ api: 'track', path: '/api/v2/batch', status, headers: { location: `${catcher.url}/batch` }, times: Infinity });
		const { output } = await runInN8n({
			credentials: sim.credentialFor(ws),
			items: [{ id: 'r1' }, { id: 'r2' }],
			continueOnFail: true,
			parameters: { resource: 'person', operation: 'identify', identifierType: 'id', identifier: (i: number) => `r${i + 1}` },
		});
		expect(output?.map((item) => [item.json.status, item.json.via])).toEqual([
			[status, undefined],
			[status, undefined],
		]);
		expect(output?.[0].json.error).toContain(`to ${catcher.host}`);
		expect(catcher.received).toEqual([]);
	});

	it('names no host when the redirect has no usable Location, and still does not treat it as success', async () => {
		sim.injectFault({ api: 'track', status: 302, headers: { location: 'http://[broken' }, times: Infinity });
		const { error } = await runInN8n({
			credentials: sim.credentialFor(ws),
			parameters: { resource: 'person', operation: 'delete', identifierType: 'id', identifier: '42' },
		});
		expect(error?.message).toBe('Customer.io Track API answered with a redirect (HTTP 302) to an address it did not name; the node does not follow redirects');
	});
});

describe('the credential test never follows a redirect, and never says "keys valid" after one', () => {
	const credentials = () => sim.credentialFor(ws);

	it.each(statuses)('Track API answering %d', async (status) => {
		sim.injectFault({ api: 'track', status, headers: { location: `${catcher.url}/region?x=1` }, times: Infinity });
		const result = await testCustomerIoCredentials(credentials(), fetchProbe);
		expect(result.status).toBe('Error');
		expect(result.message).toContain(`redirect (HTTP ${status}) to ${catcher.host}`);
		expect(result.message).toContain('Track Base URL');
		expect(catcher.received).toEqual([]);
	});

	it.each(statuses)('App API answering %d', async (status) => {
		sim.injectFault({ api: 'app', status, headers: { location: `${catcher.url}/webhooks` }, times: Infinity });
		const result = await testCustomerIoCredentials(credentials(), fetchProbe);
		expect(result).toEqual({
			status: 'Error',
			message: expect.stringContaining(`The App API at ${sim.appBaseUrl('us')} answered with a redirect (HTTP ${status}) to ${catcher.host}`),
		});
		expect(catcher.received).toEqual([]);
	});
});
