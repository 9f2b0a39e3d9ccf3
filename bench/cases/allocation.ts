import { randomUUID } from 'crypto';
import { loadExample, triggeredByWebhooks, withCredentials } from '../../test/e2e/harness/examples';
import type { N8n, WorkflowInput, WorkflowNode } from '../../test/e2e/harness/n8n';
import { closedLoopCredentials, runBranch, storeSettled, TRUE_RATES, WEBHOOK_ACTION_SECRET } from '../../test/e2e/harness/closedLoop';
import type { Postgres } from '../../test/e2e/harness/services';
import { JourneyPlayer, type CustomerIoSimulator } from '../../test/simulator';
import { load } from '../lib/load';
import { latencies } from '../lib/stats';

/**
 * Case 7: what adaptive allocation adds to an AI Personalize answer. examples/closed-loop.json as
 * users import it, twice in one n8n: as shipped (Allocation: Adaptive) and with Allocation: Fixed,
 * both recording every answer in PostgreSQL on loopback. A journey fills the store, the example's
 * own allocation branch (PostgreSQL query → Update Allocation) writes the snapshot, then requests
 * alternate between the two workflows, so both answer under the same load.
 */

export interface AllocationSetUp {
	fixedUrl: string;
	adaptiveUrl: string;
	/** The snapshot's shares, as Update Allocation wrote them. */
	shares: Record<string, number>;
	/** People the journey played before the snapshot was written. */
	people: number;
}

export interface AllocationRun {
	fixed: { p50: number; p99: number; max: number };
	adaptive: { p50: number; p99: number; max: number };
	/** p99 of the adaptive answers minus p99 of the fixed ones. */
	addedP99: number;
	/** Adaptive answers per copy_id (the holdout's as "control"). */
	served: Record<string, number>;
}

/** The example with fresh webhook ids (two copies in one n8n) and its schedules replaced by webhooks. */
function variantOf(example: WorkflowInput & { nodes: WorkflowNode[] }, allocation: 'fixed' | 'adaptive', updatePath: string): WorkflowInput & { nodes: WorkflowNode[] } {
	const nodes = example.nodes.map((node) => {
		const renamed = node.webhookId ? { ...node, webhookId: randomUUID() } : node;
		return node.name === 'AI Personalize' ? { ...renamed, parameters: { ...renamed.parameters, allocation } } : renamed;
	});
	const swapped = triggeredByWebhooks({ ...example, name: `${example.name} (${allocation})`, nodes }, { 'Every 15 Minutes': updatePath, 'Every Monday': randomUUID() });
	return swapped as WorkflowInput & { nodes: WorkflowNode[] };
}

const urlOf = (n8n: N8n, workflow: { nodes: WorkflowNode[] }, name: string, path: string) =>
	`${n8n.url}/webhook/${String(workflow.nodes.find((node) => node.name === name)?.webhookId)}/${path}`;

export async function setUpAllocation(n8n: N8n, sim: CustomerIoSimulator, store: Postgres, people: number): Promise<AllocationSetUp> {
	const { ws, database, byType } = await closedLoopCredentials(n8n, sim, store, 'bench_loop');
	const example = withCredentials(loadExample('closed-loop'), byType) as WorkflowInput & { nodes: WorkflowNode[] };
	const updatePath = randomUUID();
	const adaptive = variantOf(example, 'adaptive', updatePath);
	const fixed = variantOf(example, 'fixed', randomUUID());
	const adaptiveId = (await n8n.createWorkflow(adaptive)).id;
	const fixedId = (await n8n.createWorkflow(fixed)).id;
	const setup = await n8n.runManually(adaptiveId, 'Set Up Tables');
	if (setup.status !== 'success') throw new Error(`the example's Set Up Tables ended "${setup.status}"`);
	await n8n.activate(adaptiveId);
	await n8n.activate(fixedId);
	const urls = {
		adaptive: urlOf(n8n, adaptive, 'AI Personalize', 'personalize'),
		fixed: urlOf(n8n, fixed, 'AI Personalize', 'personalize'),
		reporting: urlOf(n8n, adaptive, 'Reporting Events', 'customerio-reporting'),
	};
	for (const url of Object.values(urls)) await n8n.waitForWebhook(url);

	// The store gets what a journey leaves in it: answers, and the events people's emails caused.
	const player = new JourneyPlayer({ personalizeUrls: [urls.adaptive], personalizeHeaders: { 'x-api-key': WEBHOOK_ACTION_SECRET }, reportingUrls: [urls.reporting], signingKey: ws.signingKey, templateId: 'welcome', rates: TRUE_RATES, seed: 7, concurrency: 8 });
	await player.play(Array.from({ length: people }, (_, i) => `journey-${i}`));
	await storeSettled(store, database, player, 120_000);
	const [written] = (await runBranch(n8n.url, updatePath)) as Array<{ saved?: boolean; shares?: Record<string, number> }>;
	if (written?.saved !== true || !written.shares) throw new Error(`Update Allocation did not save a snapshot: ${JSON.stringify(written)}`);
	return { fixedUrl: urls.fixed, adaptiveUrl: urls.adaptive, shares: written.shares, people };
}

/**
 * `total` answers from each workflow, requests alternating between them. Every answer must say
 * which allocation was in force, so a snapshot the node did not use cannot pass as fast.
 */
export async function runAllocationLoad(target: AllocationSetUp, total: number, concurrency: number, label: string): Promise<AllocationRun> {
	const adaptiveTurn = (i: number) => i % 2 === 1;
	const make = (i: number) => ({
		body: JSON.stringify({ template_id: 'welcome', user_id: `${label}-${i >> 1}`, tracking_id: 'welcome-email', served_copy_id: '', attrs: { plan: 'free' }, fields: { first_name: 'Ada' } }),
		headers: { 'x-api-key': WEBHOOK_ACTION_SECRET },
	});
	const run = await load((i) => (adaptiveTurn(i) ? target.adaptiveUrl : target.fixedUrl), 2 * total, concurrency, make);
	const fixed: number[] = [];
	const adaptive: number[] = [];
	const served: Record<string, number> = {};
	run.bodies.forEach((body, i) => {
		const answer = JSON.parse(body) as { allocation?: string; copy_id?: string; source?: string };
		const expected = adaptiveTurn(i) ? 'adaptive' : 'fixed';
		if (answer.allocation !== expected) throw new Error(`answer ${i} says allocation "${answer.allocation}", expected "${expected}": ${body.slice(0, 300)}`);
		if (adaptiveTurn(i)) {
			const key = answer.source === 'control' ? 'control' : String(answer.copy_id);
			served[key] = (served[key] ?? 0) + 1;
		}
		(adaptiveTurn(i) ? adaptive : fixed).push(run.latencies[i]);
	});
	const a = latencies(adaptive);
	const f = latencies(fixed);
	return { fixed: f, adaptive: a, addedP99: a.p99 - f.p99, served };
}
