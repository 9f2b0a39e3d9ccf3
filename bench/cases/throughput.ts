import { N8n, nodeRunTime } from '../../test/e2e/harness/n8n';
import { code, customerIo, manualTrigger, workflow } from '../../test/e2e/harness/workflows';
import type { CustomerIoSimulator, Workspace } from '../../test/simulator';
import { peakRssMb, resetPeak } from '../lib/memory';

/**
 * Case 1 and 5: people identified per second by our node inside a real n8n execution, in batch
 * mode and in per-item mode (one request per item, one at a time: the built-in node's pattern),
 * against a plain batched HTTP script without n8n (the floor).
 */
export interface ThroughputRun {
	itemsPerSecond: number;
	seconds: number;
	requests: number;
	connections: number;
	peakRssMb?: number;
}

const people = (count: number) =>
	`return Array.from({ length: ${count} }, (_, i) => ({ json: { id: 'bench-' + i, email: 'bench-' + i + '@example.com', plan: i % 3 ? 'free' : 'pro' } }));`;

/**
 * How the attributes are mapped: `object`, one expression building an object, which n8n's
 * evaluator runs for every item; `fields`, one field each as the editor's drag and drop writes it
 * (`{{ $json.plan }}`), which batch mode reads straight from the item.
 */
export type Mapping = 'object' | 'fields';

const attributes = (mapping: Mapping) =>
	mapping === 'object'
		? { attributesJson: '={{ { email: $json.email, plan: $json.plan } }}' }
		: { attributesUi: { pair: [{ name: 'email', value: '={{ $json.email }}' }, { name: 'plan', value: '={{ $json.plan }}' }] } };

export async function createIdentifyWorkflow(n8n: N8n, credential: { id: string; name: string }, count: number, mode: 'batch' | 'per-item', mapping: Mapping = 'object') {
	const wf = await n8n.createWorkflow(
		workflow(
			`bench identify ${mode} ${mapping} ${count}`,
			[
				manualTrigger(),
				code('People', people(count)),
				customerIo('Identify', credential, {
					resource: 'person',
					operation: 'identify',
					identifierType: 'id',
					identifier: '={{ $json.id }}',
					...attributes(mapping),
					batching: mode === 'batch',
					concurrency: mode === 'batch' ? 8 : 1,
				}),
			],
			['Manual Trigger', 'People', 'Identify'],
		),
	);
	return wf.id;
}

/** Runs the workflow once; the rate uses the Identify node's own run time. */
export async function runInN8n(n8n: N8n, sim: CustomerIoSimulator, workflowId: string, count: number): Promise<ThroughputRun> {
	sim.clearRequests();
	const connectionsBefore = sim.connectionsOpened;
	resetPeak(n8n.pid);
	const execution = await n8n.runManually(workflowId, 'Manual Trigger', 30 * 60_000);
	if (execution.status !== 'success') throw new Error(`bench workflow failed: ${JSON.stringify(execution.data?.resultData.error)}`);
	const ms = nodeRunTime(execution, 'Identify');
	const failed = sim.requests.filter((r) => r.status !== 200).length;
	if (failed) throw new Error(`${failed} requests failed during the bench`);
	return {
		itemsPerSecond: count / (ms / 1000),
		seconds: ms / 1000,
		requests: sim.requests.length,
		connections: sim.connectionsOpened - connectionsBefore,
		peakRssMb: peakRssMb(n8n.pid),
	};
}

export async function identifyCredential(n8n: N8n, sim: CustomerIoSimulator, ws: Workspace) {
	return await n8n.createCredential(`Bench ${ws.name}`, 'customerIoLifecycleApi', sim.credentialFor(ws));
}
