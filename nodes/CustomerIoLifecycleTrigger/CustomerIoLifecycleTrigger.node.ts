import {
	NodeConnectionTypes,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';
import { customerIoLifecycleApiTest } from '../CustomerIo/methods/credentialTest';
import { decide } from '../CustomerIoReportingTrigger/decide';
import { properties } from '../CustomerIoReportingTrigger/description';
import { createWebhook, removeWebhook, webhookExists } from '../CustomerIoReportingTrigger/registration';
import { readSettings } from '../CustomerIoReportingTrigger/settings';
import { customerIoReportingSigningApiTest } from '../CustomerIoReportingTrigger/signingCredentialTest';

/**
 * Starts a workflow for each Customer.io reporting event (one POST per event). The signature
 * is checked over the exact raw bytes; n8n answers accepted events at once (responseMode
 * onReceived), because Customer.io retries whatever is not answered within 4 s.
 *
 * The type is named `<action node>Trigger` because that is how n8n's node creator finds an
 * app's triggers: its events then show under "Customer.io Lifecycle" → Triggers. The display
 * name must contain "Trigger" for n8n to list those events.
 */
export class CustomerIoLifecycleTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Customer.io Reporting Trigger',
		name: 'customerIoLifecycleTrigger',
		icon: { light: 'file:../CustomerIo/customerio.svg', dark: 'file:../CustomerIo/customerio.dark.svg' },
		group: ['trigger'],
		// 1.1: no Signing Key (Override) option; version 1 keeps it only to refuse a key saved there.
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: '={{ ($parameter["events"] || []).length ? $parameter["events"].join(", ") : "all events" }}',
		description: 'Starts the workflow on Customer.io reporting events (sent, delivered, opened, clicked, bounced …), verified by signature',
		documentationUrl: 'https://github.com/n8n-nodes-customerio-lifecycle/n8n-nodes-customerio-lifecycle#reporting-webhook-trigger',
		defaults: { name: 'Customer.io Reporting Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'customerIoLifecycleApi', required: true, testedBy: 'customerIoLifecycleApiTest' },
			{
				name: 'customerIoReportingSigningApi',
				required: true,
				testedBy: 'customerIoReportingSigningApiTest',
				// Only signingKeyFrom (itself shown only while Verify Signature is on): n8n's editor takes a
				// credential condition on a field without options (a boolean) for the node's "authentication"
				// field, and then offers only Signing Key credentials in the Customer.io (Lifecycle) selector.
				displayOptions: { show: { signingKeyFrom: ['signingCredential'] } },
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				// An empty 200: without it n8n answers the literal text "firstEntryJson".
				responseData: 'noData',
				path: 'customerio-reporting',
			},
		],
		properties,
	};

	methods = {
		credentialTest: { customerIoLifecycleApiTest, customerIoReportingSigningApiTest },
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				await readSettings(this); // fails activation early when no signing key is set
				return await webhookExists.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await createWebhook.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await removeWebhook.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const req = this.getRequestObject();
		if (!req.rawBody) await req.readRawBody();
		const decision = decide({
			rawBody: req.rawBody ?? Buffer.alloc(0),
			headers: req.headers,
			settings: await readSettings(this),
			nowSeconds: Math.floor(Date.now() / 1000),
		});
		if (decision.kind === 'reject') {
			this.getResponseObject().status(decision.status).json({ error: decision.error });
			return { noWebhookResponse: true };
		}
		if (decision.kind === 'ignore') return { webhookResponse: { received: true, ignored: decision.reason } };
		return { workflowData: [[{ json: decision.item }]] };
	}
}
