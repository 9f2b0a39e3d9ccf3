import type { IHttpRequestOptions } from 'n8n-workflow';
import { CustomerIoLifecycleApi } from '../../credentials/CustomerIoLifecycleApi.credentials';
import { apiOf, resolveHosts } from '../../nodes/shared/hosts';

const credential = new CustomerIoLifecycleApi();
const authenticate = credential.authenticate as (
	c: Record<string, unknown>,
	o: IHttpRequestOptions,
) => Promise<IHttpRequestOptions>;
const keys = { siteId: 'site-1', trackApiKey: 'track-secret', appApiKey: 'app-secret' };

describe('region hosts', () => {
	it('maps US and EU to Customer.io hosts', () => {
		expect(resolveHosts({ region: 'us' })).toEqual({
			track: 'https://track.customer.io',
			app: 'https://api.customer.io',
			region: 'us',
		});
		expect(resolveHosts({ region: 'eu' })).toEqual({
			track: 'https://track-eu.customer.io',
			app: 'https://api-eu.customer.io',
			region: 'eu',
		});
	});

	it('takes custom URLs (trailing slashes removed) and the region behind them', () => {
		expect(
			resolveHosts({
				region: 'custom',
				trackBaseUrl: 'http://127.0.0.1:4010/eu/track/',
				appBaseUrl: 'http://127.0.0.1:4010/eu/app',
				customRegion: 'eu',
			}),
		).toEqual({ track: 'http://127.0.0.1:4010/eu/track', app: 'http://127.0.0.1:4010/eu/app', region: 'eu' });
	});

	it('rejects custom URLs that are missing, not http(s), or nested in each other', () => {
		expect(() => resolveHosts({ region: 'custom', appBaseUrl: 'http://x/app' })).toThrow(/Track Base URL must be an http/);
		expect(() => resolveHosts({ region: 'custom', trackBaseUrl: 'ftp://x', appBaseUrl: 'http://x/app' })).toThrow(
			/Track Base URL/,
		);
		expect(() =>
			resolveHosts({ region: 'custom', trackBaseUrl: 'http://x', appBaseUrl: 'http://x/app' }),
		).toThrow(/must be different, non-nested/);
	});

	it('tells Track from App by URL prefix, not by a shared host', () => {
		const hosts = resolveHosts({ region: 'custom', trackBaseUrl: 'http://h/us/track', appBaseUrl: 'http://h/us/app' });
		expect(apiOf('http://h/us/track/api/v1/customers/1', hosts)).toBe('track');
		expect(apiOf('http://h/us/app/v1/send/email', hosts)).toBe('app');
		expect(apiOf('http://h/us/trackers', hosts)).toBeUndefined();
		expect(apiOf('http://evil.example/us/track', hosts)).toBeUndefined();
	});
});

describe('credential authenticate', () => {
	it('uses Basic site ID:Track key on Track hosts', async () => {
		const out = await authenticate({ ...keys, region: 'eu' }, { url: 'https://track-eu.customer.io/api/v1/customers/1' });
		expect(out.headers?.Authorization).toBe(`Basic ${Buffer.from('site-1:track-secret').toString('base64')}`);
	});

	it('uses Bearer App key on App hosts', async () => {
		const out = await authenticate({ ...keys, region: 'us' }, { url: 'https://api.customer.io/v1/send/email' });
		expect(out.headers?.Authorization).toBe('Bearer app-secret');
	});

	it('never lets a request that carries a key follow a redirect (n8n would re-send the key to the new host)', async () => {
		for (const url of ['https://track.customer.io/api/v2/batch', 'https://api.customer.io/v1/send/email']) {
			const out = await authenticate({ ...keys, region: 'us' }, { url, disableFollowRedirect: false });
			expect(out.disableFollowRedirect).toBe(true);
		}
	});

	it('sends no key to any other host, or to the other region', async () => {
		const other = await authenticate({ ...keys, region: 'us' }, { url: 'https://example.com/api/v1/x' });
		expect(other.headers?.Authorization).toBeUndefined();
		const eu = await authenticate({ ...keys, region: 'us' }, { url: 'https://track-eu.customer.io/api/v1/x' });
		expect(eu.headers?.Authorization).toBeUndefined();
	});

	it('has no declarative test, so n8n uses the node test that checks both keys', () => {
		// n8n prefers a credential's `test` over a node's `testedBy`: defining one would hide ours.
		expect((credential as { test?: unknown }).test).toBeUndefined();
	});
});
