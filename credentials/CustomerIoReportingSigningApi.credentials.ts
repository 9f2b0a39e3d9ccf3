import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

/**
 * The signing key of one Customer.io reporting webhook, for the Reporting Trigger. Each webhook
 * has its own key, so a workspace with several webhooks needs several keys; keeping them here,
 * not in the node, keeps them out of workflows and executions. It guards an incoming URL, so
 * there is no remote call to test: the trigger's credential test checks the value's form.
 */
export class CustomerIoReportingSigningApi implements ICredentialType {
	name = 'customerIoReportingSigningApi';

	displayName = 'Customer.io Reporting Webhook Signing API';

	documentationUrl =
		'https://github.com/n8n-nodes-customerio-lifecycle/n8n-nodes-customerio-lifecycle#reporting-webhook-trigger';

	icon: Icon = {
		light: 'file:../nodes/CustomerIo/customerio.svg',
		dark: 'file:../nodes/CustomerIo/customerio.dark.svg',
	};

	properties: INodeProperties[] = [
		{
			displayName: 'Signing Key',
			name: 'signingKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Data & Integrations → Integrations → Reporting Webhooks → your webhook → Signing key; the Reporting Trigger rejects calls not signed with it',
		},
	];
}
