import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

/**
 * How a Customer.io Webhook Action proves itself to the AI Personalize node: a shared-secret
 * header, Basic auth, or a v0 signature. It guards an incoming URL, so there is no remote call
 * to test; the AI node's credential test checks the values are strong enough.
 */
export class CustomerIoWebhookActionApi implements ICredentialType {
	name = 'customerIoWebhookActionApi';

	displayName = 'Customer.io Webhook Action Auth API';

	documentationUrl = 'https://github.com/n8n-nodes-customerio-lifecycle/n8n-nodes-customerio-lifecycle#ai-personalize';

	icon: Icon = {
		light: 'file:../nodes/CustomerIo/customerio.svg',
		dark: 'file:../nodes/CustomerIo/customerio.dark.svg',
	};

	properties: INodeProperties[] = [
		{
			displayName: 'Method',
			name: 'method',
			type: 'options',
			options: [
				{ name: 'Header Secret', value: 'header', description: 'The Webhook Action sends a header such as X-Api-Key' },
				{ name: 'Basic Auth', value: 'basic', description: 'User and password (the Webhook Action URL can carry them: https://user:pass@…)' },
				{ name: 'Customer.io Signature', value: 'signature', description: 'x-cio-timestamp and x-cio-signature headers, HMAC-SHA256 over the raw body' },
			],
			default: 'header',
		},
		{
			displayName: 'Header Name',
			name: 'headerName',
			type: 'string',
			default: 'X-Api-Key',
			displayOptions: { show: { method: ['header'] } },
		},
		{
			displayName: 'Header Value',
			name: 'headerValue',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'A long random secret; add the same header to the Webhook Action in Customer.io',
			displayOptions: { show: { method: ['header'] } },
		},
		{
			displayName: 'User',
			name: 'user',
			type: 'string',
			default: '',
			displayOptions: { show: { method: ['basic'] } },
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { method: ['basic'] } },
		},
		{
			displayName: 'Signing Key',
			name: 'signingKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'The key the requests are signed with (v0 scheme, as reporting webhooks)',
			displayOptions: { show: { method: ['signature'] } },
		},
	];
}
