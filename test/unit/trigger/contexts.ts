import type { ICredentialDataDecryptedObject, IDataObject, IHookFunctions } from 'n8n-workflow';
import { fakeExecuteContext, type FakeContextInput } from '../../helpers/fakeExecuteContext';
import { fakeWebhookContext } from '../../helpers/fakeWebhookContext';

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

/** The fake context's input, with credentials handed out by type. */
function byType(input: TriggerContextInput): FakeContextInput {
	return {
		credentials: input.credentials.customerIoLifecycleApi,
		parameters: input.parameters,
		extra: {
			getCredentials: async (type: string) => {
				const data = input.credentials[type];
				if (!data) throw new Error(`The node has no ${type} credential`);
				return data;
			},
			...input.extra,
		},
	};
}

function context(input: TriggerContextInput) {
	return fakeExecuteContext({ ...byType(input), itemless: true });
}

export function webhookContext(request: { rawBody: Buffer | string; headers: Record<string, unknown> }, input: TriggerContextInput) {
	return fakeWebhookContext(request, byType(input));
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
