import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { REPO_ROOT } from './install';
import type { WorkflowInput, WorkflowNode } from './n8n';

/**
 * The example workflows in examples/ (also importable by users). Their credential references
 * are placeholders; `withCredentials` points them at real credentials by credential type.
 */
export const EXAMPLES_DIR = join(REPO_ROOT, 'examples');

export function exampleNames(): string[] {
	return readdirSync(EXAMPLES_DIR)
		.filter((file) => file.endsWith('.json'))
		.map((file) => file.replace(/\.json$/, ''))
		.sort();
}

export function loadExample(name: string): WorkflowInput & { nodes: WorkflowNode[] } {
	return JSON.parse(readFileSync(join(EXAMPLES_DIR, `${name}.json`), 'utf8')) as WorkflowInput & { nodes: WorkflowNode[] };
}

/** Credential types the workflow needs that `byType` does not have (e.g. "postgres" outside queue mode). */
export function missingCredentialTypes(workflow: WorkflowInput, byType: Record<string, unknown>): string[] {
	const needed = new Set(workflow.nodes.flatMap((node) => Object.keys(node.credentials ?? {})));
	return [...needed].filter((type) => !byType[type]);
}

export function withCredentials(workflow: WorkflowInput, byType: Record<string, { id: string; name: string }>): WorkflowInput {
	return {
		...workflow,
		nodes: workflow.nodes.map((node) => {
			if (!node.credentials) return node;
			const credentials = Object.fromEntries(
				Object.keys(node.credentials).map((type) => {
					const credential = byType[type];
					if (!credential) throw new Error(`example "${workflow.name}" needs a ${type} credential`);
					return [type, credential];
				}),
			);
			return { ...node, credentials };
		}),
	};
}

/** The example with its Schedule Triggers replaced by production webhooks that answer with the branch's last items. */
export function triggeredByWebhooks(workflow: WorkflowInput & { nodes: WorkflowNode[] }, swaps: Record<string, string>): WorkflowInput {
	return {
		...workflow,
		nodes: workflow.nodes.map((node) => {
			const path = swaps[node.name];
			if (!path) return node;
			return {
				id: node.id,
				name: node.name,
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: node.position,
				webhookId: path,
				parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
			};
		}),
	};
}
