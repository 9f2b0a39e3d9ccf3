import { randomUUID } from 'crypto';
import { CustomerIoSimulator, JourneyPlayer, type JourneyAnswer } from '../simulator';
import { loadExample, triggeredByWebhooks, withCredentials } from './harness/examples';
import { N8n, type WorkflowInput, type WorkflowNode } from './harness/n8n';
import { closedLoopCredentials, runBranch, storeSettled, TRUE_RATES, WEBHOOK_ACTION_SECRET } from './harness/closedLoop';
import { QueueCluster } from './harness/queue';
import { startPostgres, type Postgres } from './harness/services';

/**
 * The closed loop end to end, with examples/closed-loop.json as users import it: 2,000 people go
 * through a journey in waves (Customer.io's Webhook Action → AI Personalize → the email with the
 * copy_id in a header and in the link → signed reporting events, played by test/simulator/journey.ts);
 * every answer and every event lands in PostgreSQL through n8n's Postgres node; between waves
 * the allocation branch (its Schedule Trigger replaced by a webhook, so the test says when)
 * counts clicks per copy and Update Allocation shifts traffic. Three variants with true click
 * rates of 2%, 4% and 8% and a 10% holdout: the best copy ends with the largest share, and the
 * report's counts are exactly what the simulator played.
 */
const EXAMPLE = 'closed-loop';
const SEED = 21;
const WAVES = [400, 400, 400, 400, 400];
/** People of earlier waves who enter the journey again in each later wave: they keep their copy. */
const RETURNING = 40;

interface Loop {
	workflowId: string;
	personalizeUrl: string;
	player: JourneyPlayer;
	store: Postgres;
	database: string;
	update(): Promise<Array<Record<string, unknown>>>;
	report(): Promise<Array<Record<string, unknown>>>;
}

/** Credentials, the example (tables set up by its own Manual Trigger), activation, and the player. */
async function setUp(main: N8n, webhookBases: string[], store: Postgres, sim: CustomerIoSimulator): Promise<Loop> {
	const { ws, database, byType } = await closedLoopCredentials(main, sim, store, 'loop');
	const updatePath = randomUUID();
	const reportPath = randomUUID();
	const example = loadExample(EXAMPLE);
	const workflow = triggeredByWebhooks(withCredentials(example, byType) as WorkflowInput & { nodes: WorkflowNode[] }, { 'Every 15 Minutes': updatePath, 'Every Monday': reportPath });
	const { id } = await main.createWorkflow(workflow);
	const setup = await main.runManually(id, 'Set Up Tables');
	expect(setup.status).toBe('success');
	expect(store.psql("SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables WHERE table_name LIKE 'cio_%'", database).trim()).toBe('cio_ai_served,cio_reporting_events,cio_seen_events');
	await main.activate(id);

	const webhookId = (name: string) => String(example.nodes.find((node) => node.name === name)?.webhookId);
	const personalizeUrls = webhookBases.map((base) => `${base}/webhook/${webhookId('AI Personalize')}/personalize`);
	const reportingUrls = webhookBases.map((base) => `${base}/webhook/${webhookId('Reporting Events')}/customerio-reporting`);
	for (const url of [...personalizeUrls, ...reportingUrls]) await main.waitForWebhook(url);

	const player = new JourneyPlayer({
		personalizeUrls,
		personalizeHeaders: { 'x-api-key': WEBHOOK_ACTION_SECRET },
		reportingUrls,
		signingKey: ws.signingKey,
		templateId: 'welcome',
		rates: TRUE_RATES,
		seed: SEED,
		concurrency: 12,
	});
	return { workflowId: id, personalizeUrl: personalizeUrls[0], player, store, database, update: () => runBranch(webhookBases[0], updatePath), report: () => runBranch(webhookBases[0], reportPath) };
}

async function runTheLoop(loop: Loop): Promise<void> {
	const { player } = loop;
	const started = Date.now();
	const people: string[] = [];
	let shares: Record<string, number> = {};
	let lastWave: JourneyAnswer[] = [];
	for (const [wave, size] of WAVES.entries()) {
		const newcomers = Array.from({ length: size }, (_, i) => `person-${people.length + i}`);
		// Some earlier people enter again: Customer.io sends their saved answer's copy_id back.
		const returning = wave === 0 ? [] : Array.from({ length: RETURNING }, (_, i) => people[(i * 37 + wave * 11) % people.length]);
		const before = new Map(returning.map((userId) => [userId, player.answers.get(userId)?.copy_id]));
		const answers = await player.play([...newcomers, ...returning], wave);
		people.push(...newcomers);
		lastWave = answers.slice(0, size);
		expect(answers.slice(0, size).every((answer) => answer.allocation === (wave === 0 ? 'fixed' : 'adaptive') || answer.source === 'control')).toBe(true);
		for (const userId of returning) expect(player.answers.get(userId)?.copy_id).toBe(before.get(userId));

		await storeSettled(loop.store, loop.database, player);
		const [allocation] = await loop.update();
		expect(allocation).toMatchObject({ template_id: 'welcome', outcome: 'clicked', saved: true });
		shares = allocation.shares as Record<string, number>;
	}
	// The best copy (8% true click rate) has the largest share, and most of the last wave.
	const variants = ['welcome-a', 'welcome-b', 'welcome-c'];
	expect(Object.keys(shares).sort()).toEqual(variants);
	expect(shares['welcome-c']).toBeGreaterThan(Math.max(shares['welcome-a'], shares['welcome-b']));
	const lastCounts = variants.map((copyId) => lastWave.filter((answer) => answer.copy_id === copyId && answer.source !== 'control').length);
	expect(lastCounts[2]).toBeGreaterThan(Math.max(lastCounts[0], lastCounts[1]));

	// The report counts exactly what the journey played, per copy and variant (the holdout as "control").
	const report = await loop.report();
	const key = (row: { copy_id?: unknown; variant?: unknown }) => `${String(row.copy_id)}|${String(row.variant)}`;
	const counted = report.map((row) => ({ key: key(row), served: row.served, delivered: row.delivered, opened: row.opened, clicked: row.clicked, converted: row.converted }));
	const truth = player.rows().map((row) => ({ key: key(row), served: row.served, delivered: row.delivered, opened: row.opened, clicked: row.clicked, converted: row.converted }));
	const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
	expect(counted.sort(byKey)).toEqual(truth.sort(byKey));
	expect(truth.reduce((sum, row) => sum + row.served, 0)).toBe(WAVES.reduce((a, b) => a + b, 0) + RETURNING * (WAVES.length - 1));

	// Lift of the best copy against the holdout, with Newcombe's 95% interval around it.
	const best = report.find((row) => row.copy_id === 'welcome-c') as { lift_vs_control: { difference: number; ci95_low: number; ci95_high: number; control_rate: number }; allocation_share: number };
	expect(best.lift_vs_control.ci95_low).toBeLessThan(best.lift_vs_control.difference);
	expect(best.lift_vs_control.difference).toBeLessThan(best.lift_vs_control.ci95_high);
	expect(best.lift_vs_control.difference).toBeGreaterThan(0);
	expect(best.allocation_share).toBeCloseTo(shares['welcome-c'], 6);
	expect(report.find((row) => row.variant === 'control')).toMatchObject({ copy_id: 'welcome-control', source: 'control', lift_vs_control: null });
	console.log(`closed loop: ${player.served} answers, ${player.events} events in ${Math.round((Date.now() - started) / 1000)} s; shares ${JSON.stringify(shares)}`);
}

// About 6,800 executions: n8n keeps the data of the failed ones only.
const QUIET_EXECUTIONS = { EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'none' };
/** Per mode; on 2 idle cores the loop takes a few minutes, a busy machine takes several times that. */
const LOOP_TIMEOUT_MS = 1_200_000;

describe('closed loop in n8n (single process, PostgreSQL store)', () => {
	const sim = new CustomerIoSimulator();
	let n8n: N8n;
	let store: Postgres;
	beforeAll(async () => {
		await sim.start(0);
		[n8n, store] = await Promise.all([N8n.start({ env: QUIET_EXECUTIONS }), startPostgres()]);
	}, 180_000);
	afterAll(async () => {
		await n8n?.stop();
		await store?.stop();
		await sim.stop();
	});

	let loop: Loop | undefined;
	it('2,000 people in waves: traffic moves to the best copy, the report matches the journey exactly', async () => {
		loop = await setUp(n8n, [n8n.url], store, sim);
		await runTheLoop(loop);
	}, LOOP_TIMEOUT_MS);

	it('answers at once with the store down: the snapshot needs no query, and the lost row is a failed execution to retry', async () => {
		if (!loop) throw new Error('needs the loop above');
		await store.stop();
		const started = Date.now();
		const response = await fetch(loop.personalizeUrl, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-api-key': WEBHOOK_ACTION_SECRET },
			body: JSON.stringify({ template_id: 'welcome', user_id: 'store-down', served_copy_id: '', attrs: {}, fields: {} }),
		});
		const ms = Date.now() - started;
		expect(response.status).toBe(200);
		expect(await response.json()).toMatchObject({ template_id: 'welcome', allocation: 'adaptive' });
		expect(ms).toBeLessThan(1000);
		// Record Answer fails after the answer went out; n8n keeps the failed execution (its data included) for a retry.
		const deadline = Date.now() + 60_000;
		let failed: string | undefined;
		while (!failed && Date.now() < deadline) {
			const executions = await n8n.executions(loop.workflowId);
			const execution = executions.find((e) => e.status === 'error' && JSON.stringify(e.data?.resultData.runData['AI Personalize'] ?? '').includes('store-down'));
			failed = execution?.data?.resultData.lastNodeExecuted;
			if (!failed) await new Promise((r) => setTimeout(r, 250));
		}
		expect(failed).toBe('Record Answer');
	}, 120_000);
});

describe('closed loop in n8n queue mode (answers and events in two webhook processors, updates on a worker)', () => {
	const sim = new CustomerIoSimulator();
	let cluster: QueueCluster;
	beforeAll(async () => {
		await sim.start(0);
		cluster = await QueueCluster.start({ workers: 1, webhookProcessors: 2, env: QUIET_EXECUTIONS });
	}, 240_000);
	afterAll(async () => {
		await cluster?.stop();
		await sim.stop();
	});

	it('2,000 people in waves: traffic moves to the best copy, the report matches the journey exactly', async () => {
		await runTheLoop(await setUp(cluster.main, cluster.webhookProcessors.map((processor) => processor.url), cluster.postgres, sim));
	}, LOOP_TIMEOUT_MS);
});
