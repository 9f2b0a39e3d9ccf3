import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';
import {
	otherRegion,
	productionHosts,
	redirectHost,
	resolveHosts,
	type CustomerIoHosts,
	type Region,
} from '../../shared/hosts';

/** One probe request: status, parsed body and the host a redirect points to, or the network error code. */
export type Probe = (request: {
	url: string;
	authorization: string;
}) => Promise<{ status: number; body: unknown; redirectedTo?: string } | { error: string }>;

const KEYS_PAGE = 'Settings → Workspace Settings → API and Webhook Credentials';
const REGION_NAME: Record<Region, string> = { us: 'US', eu: 'EU' };

function basic(credentials: ICredentialDataDecryptedObject): string {
	return `Basic ${Buffer.from(`${String(credentials.siteId ?? '')}:${String(credentials.trackApiKey ?? '')}`).toString('base64')}`;
}

function wrongRegion(actual: Region, custom: boolean): string {
	const name = REGION_NAME[actual];
	const hint = custom
		? ` (with Custom URLs: point them at the ${name} endpoints and set Region Behind These URLs to ${name})`
		: '';
	return `The keys are valid, but this workspace is in the ${name} region: set Region to ${name}${hint}`;
}

/** A redirect is never followed (it would carry the key elsewhere), and never counts as "keys valid". */
function redirected(apiName: string, base: string, answer: { status: number; redirectedTo?: string }, setting: string) {
	if (answer.status < 300 || answer.status >= 400) return undefined;
	return `The ${apiName} at ${base} answered with a redirect (HTTP ${answer.status}) to ${answer.redirectedTo ?? 'an address it did not name'}; the keys were not sent there. Use Region US or EU, or set ${setting} to the exact API address (for example https:// rather than http://).`;
}

function reportedRegion(body: unknown): Region | undefined {
	const region = (body as { region?: unknown } | undefined)?.region;
	return region === 'us' || region === 'eu' ? region : undefined;
}

/**
 * Checks the Track pair and the App key separately, so the message says which is wrong.
 * `accounts/region` answers on either region's host and names the workspace's region; for the
 * App key, a 401 is retried on the other region's host to tell "wrong key" from "wrong region".
 */
export async function testCustomerIoCredentials(
	credentials: ICredentialDataDecryptedObject,
	probe: Probe,
): Promise<INodeCredentialTestResult> {
	let hosts: CustomerIoHosts;
	try {
		hosts = resolveHosts(credentials);
	} catch (error) {
		return { status: 'Error', message: (error as Error).message };
	}
	const custom = credentials.region === 'custom';
	const alternative = custom ? undefined : productionHosts(otherRegion(hosts.region));

	const track = await probe({ url: `${hosts.track}/api/v1/accounts/region`, authorization: basic(credentials) });
	if ('error' in track) {
		return { status: 'Error', message: `Could not reach the Track API at ${hosts.track} (${track.error})` };
	}
	const trackRedirect = redirected('Track API', hosts.track, track, 'Track Base URL');
	if (trackRedirect) return { status: 'Error', message: trackRedirect };
	if (track.status === 401) {
		if (alternative) {
			const elsewhere = await probe({
				url: `${alternative.track}/api/v1/accounts/region`,
				authorization: basic(credentials),
			});
			if (!('error' in elsewhere) && elsewhere.status === 200) {
				return { status: 'Error', message: wrongRegion(reportedRegion(elsewhere.body) ?? alternative.region, false) };
			}
		}
		return {
			status: 'Error',
			message: `Track API key or Site ID rejected: copy both from ${KEYS_PAGE} in Customer.io (they are a pair)`,
		};
	}
	if (track.status !== 200) {
		return { status: 'Error', message: `The Track API at ${hosts.track} answered HTTP ${track.status}` };
	}
	const region = reportedRegion(track.body) ?? hosts.region;
	if (region !== hosts.region) return { status: 'Error', message: wrongRegion(region, custom) };

	const appKey = String(credentials.appApiKey ?? '');
	if (!appKey) {
		return {
			status: 'OK',
			message: `Track keys valid (${REGION_NAME[region]} region). No App API key set: transactional sends, reading attributes and webhook registration need one.`,
		};
	}
	const appProbe = (base: string) =>
		probe({ url: `${base}/v1/reporting_webhooks`, authorization: `Bearer ${appKey}` });
	const app = await appProbe(hosts.app);
	if ('error' in app) {
		return { status: 'Error', message: `Could not reach the App API at ${hosts.app} (${app.error})` };
	}
	const appRedirect = redirected('App API', hosts.app, app, 'App Base URL');
	if (appRedirect) return { status: 'Error', message: appRedirect };
	if (app.status === 401) {
		if (alternative) {
			const elsewhere = await appProbe(alternative.app);
			if (!('error' in elsewhere) && elsewhere.status === 200) {
				return { status: 'Error', message: wrongRegion(alternative.region, false) };
			}
		}
		return {
			status: 'Error',
			message: `App API key rejected: create or copy an App API key under ${KEYS_PAGE} → App API Keys, for this workspace`,
		};
	}
	if (app.status !== 200) {
		return { status: 'Error', message: `The App API at ${hosts.app} answered HTTP ${app.status}` };
	}
	return { status: 'OK', message: `Track and App keys valid (${REGION_NAME[region]} region)` };
}

/**
 * One probe over the runtime's `fetch` (see customerIoLifecycleApiTest), 10 s at most. A
 * redirect is answered, not followed: following it would send the key to the Location host.
 */
export const fetchProbe: Probe = async ({ url, authorization }) => {
	try {
		const response = await fetch(url, {
			headers: { Authorization: authorization, Accept: 'application/json' },
			redirect: 'manual',
			signal: AbortSignal.timeout(10_000),
		});
		const text = await response.text();
		let body: unknown;
		try {
			body = text ? JSON.parse(text) : undefined;
		} catch {
			body = text;
		}
		return { status: response.status, body, redirectedTo: redirectHost(response.headers.get('location'), url) };
	} catch (error) {
		const cause = (error as { cause?: { code?: unknown } }).cause;
		const code = (error as Error).name === 'TimeoutError' ? 'timeout' : cause?.code;
		return { error: typeof code === 'string' ? code : 'network error' };
	}
};

/**
 * n8n uses a credential's declarative `test` instead of a node's `testedBy` whenever both
 * exist, so a test that makes two requests and names the wrong key must live here. Credential
 * tests only get n8n's deprecated `request` helper (n8n's verification scan refuses it), so the
 * probes use the runtime's `fetch`: keys go only to the two URLs resolved from the credential.
 * Unlike the nodes' requests, these do not go through n8n's proxy settings.
 */
export async function customerIoLifecycleApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	return await testCustomerIoCredentials(credential.data ?? {}, fetchProbe);
}
