import { randomUUID } from 'crypto';
import { N8n, type WorkflowInput, type WorkflowNode } from './n8n';

/** Small builders for workflow JSON as the editor saves it. */
let counter = 0;
const position = (): [number, number] => [200 * ++counter, 300];

export const manualTrigger = (name = 'Manual Trigger'): WorkflowNode => ({
	name,
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	position: position(),
	parameters: {},
});

/** A Code node ("Run Once for All Items") returning what `jsCode` returns. */
export const code = (name: string, jsCode: string): WorkflowNode => ({
	name,
	type: 'n8n-nodes-base.code',
	typeVersion: 2,
	position: position(),
	parameters: { jsCode },
});

/** Our action node with a credential; `extra` holds node settings such as onError. */
export const customerIo = (
	name: string,
	credential: { id: string; name: string },
	parameters: Record<string, unknown>,
	extra: Partial<WorkflowNode> = {},
): WorkflowNode => ({
	name,
	type: N8n.nodeType('customerIoLifecycle'),
	typeVersion: 1,
	position: position(),
	parameters,
	credentials: { customerIoLifecycleApi: credential },
	...extra,
});

/** Connects nodes in chains: each array is one path through the workflow. */
export function workflow(name: string, nodes: WorkflowNode[], ...chains: string[][]): WorkflowInput {
	const connections: Record<string, { main: Array<Array<{ node: string; type: 'main'; index: number }>> }> = {};
	for (const chain of chains) {
		for (let i = 0; i < chain.length - 1; i++) {
			const from = (connections[chain[i]] ??= { main: [[]] });
			from.main[0].push({ node: chain[i + 1], type: 'main', index: 0 });
		}
	}
	return { name, nodes, connections };
}

/**
 * AI Personalize answering Webhook Actions with n8n's real "OpenAI Chat Model" sub-node attached,
 * pointed at the local model stub: creates the two credentials (signature auth with `signingKey`)
 * and saves the workflow. Answers the workflow id and the node's webhook id.
 */
export async function aiPersonalizeWithModel(
	n8n: N8n,
	options: { name: string; stubUrl: string; signingKey: string; parameters: Record<string, unknown> },
): Promise<{ id: string; webhookId: string }> {
	const openAi = await n8n.createCredential(`${options.name}: stub OpenAI`, 'openAiApi', { apiKey: 'sk-test-not-real', url: options.stubUrl });
	const auth = await n8n.createCredential(`${options.name}: webhook actions`, 'customerIoWebhookActionApi', { method: 'signature', signingKey: options.signingKey });
	const webhookId = randomUUID();
	const { id } = await n8n.createWorkflow({
		name: options.name,
		nodes: [
			{
				name: 'AI Personalize',
				type: N8n.nodeType('customerIoAiPersonalize'),
				typeVersion: 1,
				position: [0, 0],
				webhookId,
				parameters: options.parameters,
				credentials: { customerIoWebhookActionApi: auth },
			},
			{
				name: 'OpenAI Chat Model',
				type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
				typeVersion: 1.2,
				position: [0, 200],
				parameters: { model: { __rl: true, mode: 'id', value: 'stub-model' }, options: { maxRetries: 0 } },
				credentials: { openAiApi: openAi },
			},
		],
		connections: { 'OpenAI Chat Model': { ai_languageModel: [[{ node: 'AI Personalize', type: 'ai_languageModel', index: 0 }]] } },
	});
	return { id, webhookId };
}
