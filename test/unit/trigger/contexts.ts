import type { ICredentialDataDecryptedObject, IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { fakeExecuteContext } from '../../helpers/fakeExecuteContext';
import { fakeResponse } from '../../helpers/fakeResponse';

/**
 * The Reporting Trigger's n8n contexts: webhook() for one request, and the webhook methods run
 * at activation. Credentials are given by type, as n8n hands them to the node.
 */
export const TRIGGER_URL = 'https://n8n.example.com/webhook/abc/customerio-reporting';

export interface TriggerContextInput {
	parameters?: Record<string, unknown>;
	credentials: Record<string, ICredentialDataDecryptedObject>;
	extra?: Record<string, unknown>;
}

function context(input: TriggerContextInput) {
	return fakeExecuteContext({
		credentials: input.credentials.customerIoLifecycleApi,
		parameters: input.parameters,
		itemless: true,
		extra: {
			getCredentials: async (type: string) => {
				const data = input.credentials[type];
				if (!data) throw new Error(`The node has no ${type} credential`);
				return data;
			},
			...input.extra,
		},
	});
}

export function webhookContext(request: { rawBody: Buffer | string; headers: Record<string, unknown> }, input: TriggerContextInput) {
	const { answer, response } = fakeResponse();
	const rawBody = Buffer.isBuffer(request.rawBody) ? request.rawBody : Buffer.from(request.rawBody);
	const ctx = context({
		...input,
		extra: {
			getRequestObject: () => ({ rawBody, headers: request.headers, readRawBody: async () => {} }),
			getResponseObject: () => response,
			...input.extra,
		},
	}) as unknown as IWebhookFunctions;
	return { ctx, answer };
}

export function hookContext(input: TriggerContextInput & { staticData?: IDataObject; mode?: string }) {
	return context({
		...input,
		extra: {
			getMode: () => input.mode ?? 'trigger',
			getWorkflowStaticData: () => input.staticData ?? {},
			getNodeWebhookUrl: () => TRIGGER_URL,
			getWorkflow: () => ({ id: 'wf1', name: 'Acme bounces', active: true }),
			...input.extra,
		},
	}) as unknown as IHookFunctions;
}
