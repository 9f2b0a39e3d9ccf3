import { createServer, type AddressInfo } from 'net';
import { fetchProbe, testCustomerIoCredentials } from '../../nodes/CustomerIo/methods/credentialTest';
import { CustomerIoSimulator, type Workspace } from '../simulator';

/**
 * The credential test as a user meets it: each message says which key is wrong or which
 * region the workspace is in. (test/e2e/credential-test.test.ts runs it inside real n8n.)
 */
const sim = new CustomerIoSimulator();
let us: Workspace;
let eu: Workspace;

// The probe the credential test uses inside n8n: real requests, here to the simulator.
const probe = fetchProbe;

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	await new Promise((resolve) => server.close(resolve));
	return port;
}

beforeAll(async () => {
	await sim.start(0);
	us = sim.addWorkspace({ name: 'us-client', region: 'us' });
	eu = sim.addWorkspace({ name: 'eu-client', region: 'eu' });
});
afterAll(() => sim.stop());

function creds(ws: Workspace, urlsRegion: 'us' | 'eu', overrides: Record<string, string> = {}) {
	return {
		region: 'custom',
		trackBaseUrl: sim.trackBaseUrl(urlsRegion),
		appBaseUrl: sim.appBaseUrl(urlsRegion),
		customRegion: urlsRegion,
		siteId: ws.siteId,
		trackApiKey: ws.trackApiKey,
		appApiKey: ws.appApiKey,
		...overrides,
	};
}

describe('credential test', () => {
	it('passes for a matching workspace and region', async () => {
		expect(await testCustomerIoCredentials(creds(us, 'us'), probe)).toEqual({
			status: 'OK',
			message: 'Track and App keys valid (US region)',
		});
		expect((await testCustomerIoCredentials(creds(eu, 'eu'), probe)).status).toBe('OK');
	});

	it('names the Track pair when the Track key or site ID is wrong', async () => {
		for (const override of [{ trackApiKey: 'not-the-key' }, { siteId: 'other-site' }] as Array<Record<string, string>>) {
			const result = await testCustomerIoCredentials(creds(us, 'us', override), probe);
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/^Track API key or Site ID rejected/);
		}
	});

	it('names the App key when only it is wrong', async () => {
		const result = await testCustomerIoCredentials(creds(us, 'us', { appApiKey: 'not-the-app-key' }), probe);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^App API key rejected/);
		expect(result.message).not.toContain('not-the-app-key');
	});

	it('says which region the workspace is in when Region is wrong', async () => {
		const toEu = await testCustomerIoCredentials(creds(eu, 'us'), probe);
		expect(toEu.status).toBe('Error');
		expect(toEu.message).toContain('this workspace is in the EU region: set Region to EU');
		const toUs = await testCustomerIoCredentials(creds(us, 'eu'), probe);
		expect(toUs.message).toContain('this workspace is in the US region: set Region to US');
	});

	it('passes with a note when no App key is set', async () => {
		const result = await testCustomerIoCredentials(creds(us, 'us', { appApiKey: '' }), probe);
		expect(result.status).toBe('OK');
		expect(result.message).toMatch(/No App API key set/);
	});

	it('treats a redirect as an error naming only the Location host, never as "keys valid"', async () => {
		const redirecting: typeof probe = async (request) =>
			request.url.includes('/api/v1/accounts/region') ? { status: 200, body: { region: 'us' } } : { status: 308, body: '', redirectedTo: 'collector.example:8443' };
		const result = await testCustomerIoCredentials(creds(us, 'us'), redirecting);
		expect(result).toEqual({
			status: 'Error',
			message: `The App API at ${sim.appBaseUrl('us')} answered with a redirect (HTTP 308) to collector.example:8443; the keys were not sent there. Use Region US or EU, or set App Base URL to the exact API address (for example https:// rather than http://).`,
		});
	});

	it('explains a bad custom URL or an unreachable host', async () => {
		const bad = await testCustomerIoCredentials(creds(us, 'us', { trackBaseUrl: 'track.local' }), probe);
		expect(bad).toEqual({ status: 'Error', message: 'Track Base URL must be an http(s) URL such as https://track.customer.io' });
		const closed = await closedPort();
		const down = await testCustomerIoCredentials(
			creds(us, 'us', { trackBaseUrl: `http://127.0.0.1:${closed}/track` }),
			probe,
		);
		expect(down.message).toBe(`Could not reach the Track API at http://127.0.0.1:${closed}/track (ECONNREFUSED)`);
	});
});
