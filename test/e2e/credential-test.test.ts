import { CustomerIoSimulator, type Region, type Workspace } from '../simulator';
import { N8n } from './harness/n8n';

/**
 * The credential modal's "Test" button, run by n8n itself (`POST /rest/credentials/test`)
 * against the simulator: n8n finds our test through the action node's `testedBy`.
 */
const sim = new CustomerIoSimulator();
let n8n: N8n;
let us: Workspace;
let eu: Workspace;

beforeAll(async () => {
	await sim.start(0);
	us = sim.addWorkspace({ name: 'client-us', region: 'us' });
	eu = sim.addWorkspace({ name: 'client-eu', region: 'eu' });
	n8n = await N8n.start();
});
afterAll(async () => {
	await n8n?.stop();
	await sim.stop();
});

function data(ws: Workspace, urlsOf: Region, overrides: Record<string, string> = {}) {
	return {
		region: 'custom',
		trackBaseUrl: sim.trackBaseUrl(urlsOf),
		appBaseUrl: sim.appBaseUrl(urlsOf),
		customRegion: urlsOf,
		siteId: ws.siteId,
		trackApiKey: ws.trackApiKey,
		appApiKey: ws.appApiKey,
		signingKey: ws.signingKey,
		...overrides,
	};
}

const test = (d: Record<string, unknown>) => n8n.testCredential('customerIoLifecycleApi', d);

describe('credential test inside n8n', () => {
	it('passes for good keys in the right region', async () => {
		expect(await test(data(us, 'us'))).toEqual({ status: 'OK', message: 'Track and App keys valid (US region)' });
		expect(await test(data(eu, 'eu'))).toEqual({ status: 'OK', message: 'Track and App keys valid (EU region)' });
		// n8n really asked the simulator: the Track pair, then the App key.
		expect(sim.requests.filter((r) => r.workspace === 'client-eu').map((r) => `${r.api} ${r.path}`)).toEqual([
			'track /api/v1/accounts/region',
			'app /v1/reporting_webhooks',
		]);
	});

	it('names the Track pair when the Track key is wrong', async () => {
		const result = await test(data(us, 'us', { trackApiKey: 'wrong-track-key' }));
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^Track API key or Site ID rejected/);
	});

	it('names the App key when only it is wrong, without echoing it', async () => {
		const result = await test(data(us, 'us', { appApiKey: 'wrong-app-key' }));
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^App API key rejected/);
		expect(result.message).not.toContain('wrong-app-key');
	});

	it('says the workspace is in the EU region when the credential points at the US', async () => {
		const result = await test(data(eu, 'us'));
		expect(result.status).toBe('Error');
		expect(result.message).toContain('this workspace is in the EU region: set Region to EU');
	});
});
