import { N8n, nodeOutput } from '../../test/e2e/harness/n8n';
import { code, customerIo, manualTrigger, workflow } from '../../test/e2e/harness/workflows';
import type { CustomerIoSimulator, Workspace } from '../../test/simulator';

/**
 * Case 2: `count` Get Attributes calls (App API) while the simulator enforces Customer.io's
 * 10 requests/s: the node must pace itself so nothing is refused, in about count/10 seconds.
 */
export interface RateLimitRun {
	seconds: number;
	minimumSeconds: number;
	errors: number;
	refused: number;
}

export async function runRateLimit(n8n: N8n, sim: CustomerIoSimulator, ws: Workspace, credential: { id: string; name: string }, count: number): Promise<RateLimitRun> {
	for (let i = 0; i < count; i++) sim.seedPerson(ws.name, { id: `rl-${i}`, attributes: { plan: 'pro', seats: i } });
	const wf = await n8n.createWorkflow(
		workflow(
			`bench rate limit ${count}`,
			[
				manualTrigger(),
				code('Ids', `return Array.from({ length: ${count} }, (_, i) => ({ json: { id: 'rl-' + i } }));`),
				customerIo(
					'Get Attributes',
					credential,
					{ resource: 'person', operation: 'getAttributes', identifierType: 'id', identifier: '={{ $json.id }}', whenNotFound: 'fail', concurrency: 8 },
					{ onError: 'continueRegularOutput' },
				),
			],
			['Manual Trigger', 'Ids', 'Get Attributes'],
		),
	);
	// Let the simulator's token bucket refill after seeding and earlier cases.
	await new Promise((r) => setTimeout(r, 1500));
	sim.clearRequests();
	const execution = await n8n.runManually(wf.id, 'Manual Trigger', 10 * 60_000);
	const output = nodeOutput(execution, 'Get Attributes');
	const runs = execution.data?.resultData.runData['Get Attributes'] ?? [];
	const ms = runs.reduce((total, run) => total + (run.executionTime ?? 0), 0);
	return {
		seconds: ms / 1000,
		// A full bucket of 10 goes at once; the other count-10 calls need (count-10)/10 s.
		minimumSeconds: Math.max(0, count - 10) / 10,
		errors: output.filter((o) => o.json.error).length,
		refused: sim.requests.filter((r) => r.status === 429).length,
	};
}
