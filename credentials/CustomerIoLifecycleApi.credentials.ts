import type {
	IAuthenticate,
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';
import { apiOf, resolveHosts } from '../nodes/shared/hosts';

/**
 * One credential per client workspace. Track calls use Basic auth (site ID + Track key), App
 * calls use the App key as a Bearer token; which one is decided by the request URL, and a URL
 * outside this workspace's two hosts gets no key at all. A request that gets a key does not
 * follow redirects, whichever node sends it.
 *
 * There is deliberately no declarative `test`: n8n would prefer it over the node's `testedBy`
 * function, which checks the Track pair and the App key separately and detects the region.
 */
export class CustomerIoLifecycleApi implements ICredentialType {
	name = 'customerIoLifecycleApi';

	displayName = 'Customer.io (Lifecycle) API';

	documentationUrl =
		'https://github.com/n8n-nodes-customerio-lifecycle/n8n-nodes-customerio-lifecycle#credentials';

	icon: Icon = {
		light: 'file:../nodes/CustomerIo/customerio.svg',
		dark: 'file:../nodes/CustomerIo/customerio.dark.svg',
	};

	properties: INodeProperties[] = [
		{
			displayName:
				'Find these in Customer.io under Settings → Workspace Settings → API and Webhook Credentials. Use one credential per client workspace and name it after the client.',
			name: 'notice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			options: [
				{ name: 'US', value: 'us', description: 'track.customer.io and api.customer.io' },
				{ name: 'EU', value: 'eu', description: 'track-eu.customer.io and api-eu.customer.io' },
				{
					name: 'Custom URLs',
					value: 'custom',
					description: 'A proxy or the local sandbox simulator',
				},
			],
			default: 'us',
			description:
				'The data center of the workspace (Settings → Workspace Settings → Privacy shows it). The credential test tells you if it is wrong.',
		},
		{
			displayName: 'Track Base URL',
			name: 'trackBaseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:4010/us/track',
			description: 'Root of the Track API; the node appends /api/v1/… and /api/v2/…',
			displayOptions: { show: { region: ['custom'] } },
			required: true,
		},
		{
			displayName: 'App Base URL',
			name: 'appBaseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:4010/us/app',
			description: 'Root of the App API; the node appends /v1/…',
			displayOptions: { show: { region: ['custom'] } },
			required: true,
		},
		{
			displayName: 'Region Behind These URLs',
			name: 'customRegion',
			type: 'options',
			options: [
				{ name: 'US', value: 'us' },
				{ name: 'EU', value: 'eu' },
			],
			default: 'us',
			description: 'The region of the workspace these URLs lead to; the credential test compares it with the region Customer.io reports',
			displayOptions: { show: { region: ['custom'] } },
		},
		{
			displayName: 'Site ID',
			name: 'siteId',
			type: 'string',
			default: '',
			required: true,
			description: 'Track API site ID of the workspace (Settings → API and Webhook Credentials → Track API Keys)',
		},
		{
			displayName: 'Track API Key',
			name: 'trackApiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The API key paired with the site ID above, used to identify people and track events',
		},
		{
			displayName: 'App API Key',
			name: 'appApiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'App API key (Settings → API and Webhook Credentials → App API Keys), used for transactional sends, reading attributes and registering reporting webhooks',
		},
		{
			displayName: 'Reporting Webhook Signing Key',
			name: 'signingKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Optional. Data & Integrations → Integrations → Reporting Webhooks → your webhook → Signing key; lets the Reporting Trigger reject forged calls',
		},
	];

	authenticate: IAuthenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => {
		const hosts = resolveHosts(credentials);
		const url = `${requestOptions.baseURL ?? ''}${requestOptions.url}`;
		const api = apiOf(url, hosts);
		if (api === undefined) return requestOptions;
		const authorization =
			api === 'track'
				? `Basic ${Buffer.from(`${String(credentials.siteId)}:${String(credentials.trackApiKey)}`).toString('base64')}`
				: `Bearer ${String(credentials.appApiKey)}`;
		// n8n re-adds the Authorization header on every redirect hop, whatever the host: a request
		// that carries a key never follows one (the nodes' transport asks for that too).
		return { ...requestOptions, disableFollowRedirect: true, headers: { ...requestOptions.headers, Authorization: authorization } };
	};
}
