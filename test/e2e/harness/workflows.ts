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
