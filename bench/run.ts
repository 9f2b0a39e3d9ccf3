import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import { cpus, totalmem } from 'os';
import { join } from 'path';
import { N8n } from '../test/e2e/harness/n8n';
import { REPO_ROOT } from '../test/e2e/harness/install';
import { CustomerIoSimulator } from '../test/simulator';
import { OpenAiStub } from '../test/stubs/openai';
import { runAiLoad, setUpAi } from './cases/ai';
import { runRateLimit } from './cases/rateLimit';
import { Floor } from './cases/floor';
import { createIdentifyWorkflow, identifyCredential, runInN8n, type ThroughputRun } from './cases/throughput';
import { runTriggerLoad, setUpTriggers } from './cases/trigger';
import { round, summary } from './lib/stats';

/**
 * `npm run bench`: every case in one run, side by side, against the simulator with injected
 * latency, in a real n8n. Writes bench/results/latest.{json,md} and prints the table.
 * `--smoke` runs tiny sizes (part of `npm test`, no targets); `--readme` puts the table in README.md.
 */
const flag = (name: string) => process.argv.includes(`--${name}`);
const value = (name: string, fallback: number) => {
	const at = process.argv.indexOf(`--${name}`);
	return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};

const smoke = flag('smoke');
const config = smoke
	? { latencyMs: 2, reps: 1, items: 300, perItemItems: 20, growth: [100, 300], rateLimitCalls: 15, triggerRequests: 40, aiRequests: 6, aiHangRequests: 4, budgetMs: 300 }
	: {
			latencyMs: value('latency', 20),
			reps: Math.max(3, value('reps', 3)),
			items: value('items', 10_000),
			perItemItems: value('per-item-items', 1_000),
			growth: [1_000, 10_000, 50_000],
			rateLimitCalls: 200,
			triggerRequests: 2_000,
			aiRequests: 100,
			aiHangRequests: 30,
			budgetMs: 1_000,
		};

/** `--cases 1,4` runs only those cases (all by default). */
const only = (() => {
	const at = process.argv.indexOf('--cases');
	return at >= 0 ? new Set(process.argv[at + 1].split(',').map(Number)) : undefined;
})();
const selected = (n: number) => !only || only.has(n);

type Row = { case: string; result: string; target: string; met: string };
const rows: Row[] = [];
const raw: Record<string, unknown> = { config, smoke };
const log = (line: string) => console.log(`[bench] ${line}`);
const range = (values: number[], digits = 0) => {
	const s = summary(values);
	return `${round(s.median, digits)} (${round(s.min, digits)}–${round(s.max, digits)})`;
};
const rate = (runs: ThroughputRun[]) => runs.map((r) => r.itemsPerSecond);
const verdict = (ok: boolean) => (smoke ? 'n/a (smoke)' : ok ? 'yes' : 'no');

async function main(): Promise<void> {
	const sim = new CustomerIoSimulator({ latencyMs: config.latencyMs });
	await sim.start(0);
	const ws = sim.addWorkspace({ name: 'bench', region: 'us' });
	const stub = new OpenAiStub();
	await stub.start();
	// Each case gets a fresh n8n, so one case's heap (10,000-item executions) never slows the next.
	const inN8n = async (n: number, run: (n8n: N8n, credential: { id: string; name: string }) => Promise<void>) => {
		if (!selected(n)) return;
		const n8n = await N8n.start();
		try {
			await run(n8n, await identifyCredential(n8n, sim, ws));
		} catch (error) {
			console.error(`n8n's last output:\n${n8n.logs.slice(-3000)}`);
			throw error;
		} finally {
			await n8n.stop();
		}
	};
	try {
		// Case 1: throughput, batch vs per-item vs floor.
		await inN8n(1, async (n8n, credential) => {
			log(`case 1: ${config.items} items batch, ${config.perItemItems} per-item, floor; ${config.reps} reps at ${config.latencyMs} ms latency`);
			const batchWf = await createIdentifyWorkflow(n8n, credential, config.items, 'batch');
			const fieldsWf = await createIdentifyWorkflow(n8n, credential, config.items, 'batch', 'fields');
			const perItemWf = await createIdentifyWorkflow(n8n, credential, config.perItemItems, 'per-item');
			const batch: ThroughputRun[] = [];
			const fields: ThroughputRun[] = [];
			const perItem: ThroughputRun[] = [];
			const floor: ThroughputRun[] = [];
			const floorThread = Floor.start();
			// One discarded run of each batch path first: a long-running n8n has its code compiled
			// by the JIT; the first run in a fresh process measures the compiler, not the node.
			await runInN8n(n8n, sim, batchWf, config.items);
			await runInN8n(n8n, sim, fieldsWf, config.items);
			await floorThread.run(sim, ws, config.items);
			for (let rep = 0; rep < config.reps; rep++) {
				batch.push(await runInN8n(n8n, sim, batchWf, config.items));
				fields.push(await runInN8n(n8n, sim, fieldsWf, config.items));
				perItem.push(await runInN8n(n8n, sim, perItemWf, config.perItemItems));
				floor.push(await floorThread.run(sim, ws, config.items));
				log(`  rep ${rep + 1}: batch ${round(batch[rep].itemsPerSecond)}/s, batch with field mappings ${round(fields[rep].itemsPerSecond)}/s, per-item ${round(perItem[rep].itemsPerSecond)}/s, floor ${round(floor[rep].itemsPerSecond)}/s`);
			}
			await floorThread.stop();
			const batchRate = summary(rate(batch)).median;
			const perItemRate = summary(rate(perItem)).median;
			const floorRate = summary(rate(floor)).median;
			const fieldsRate = summary(rate(fields)).median;
			raw.throughput = { batch, fields, perItem, floor };
			rows.push(
				{ case: `1. Identify in n8n, batch mode (${config.items} items)`, result: `${range(rate(batch))} items/s; ${batch[0].requests} requests over ${batch[0].connections} connection(s); n8n peak RSS ${range(batch.map((r) => r.peakRssMb ?? NaN))} MB`, target: '', met: '' },
				{ case: `1. Identify in n8n, batch mode, attributes mapped field by field ({{ $json.plan }}, ${config.items} items)`, result: `${range(rate(fields))} items/s; n8n peak RSS ${range(fields.map((r) => r.peakRssMb ?? NaN))} MB`, target: '', met: '' },
				{ case: `1. Identify in n8n, per-item mode (one request at a time, ${config.perItemItems} items)`, result: `${range(rate(perItem), 1)} items/s; ${perItem[0].requests} requests over ${perItem[0].connections} connection(s)`, target: '', met: '' },
				{ case: `1. Floor: plain batched HTTP, no n8n (${config.items} items)`, result: `${range(rate(floor))} items/s`, target: '', met: '' },
				{ case: '1. Batch ÷ per-item', result: `${round(batchRate / perItemRate)}×`, target: '≥ 100×', met: verdict(batchRate / perItemRate >= 100) },
				{ case: '1. Floor ÷ batch (attributes as one object expression)', result: `${round(floorRate / batchRate, 2)}×`, target: '≤ 1.5×', met: verdict(floorRate / batchRate <= 1.5) },
				{ case: '1. Floor ÷ batch (attributes mapped field by field)', result: `${round(floorRate / fieldsRate, 2)}×`, target: '≤ 1.5×', met: verdict(floorRate / fieldsRate <= 1.5) },
				{ case: '1. Connection reuse', result: `batch ${batch[0].connections}, per-item ${perItem[0].connections} connection(s) for ${batch[0].requests} / ${perItem[0].requests} requests`, target: 'reused', met: verdict(perItem[0].connections < perItem[0].requests / 2) },
			);
		});

		// Case 2: App API rate limit.
		await inN8n(2, async (n8n, credential) => {
			log(`case 2: ${config.rateLimitCalls} Get Attributes calls at Customer.io's 10 req/s`);
			const limited = await runRateLimit(n8n, sim, ws, credential, config.rateLimitCalls);
			raw.rateLimit = limited;
			rows.push({
				case: `2. ${config.rateLimitCalls} Get Attributes at 10 req/s`,
				result: `${round(limited.seconds)} s (minimum ${limited.minimumSeconds} s), ${limited.errors} errors, ${limited.refused} refused (429)`,
				target: '0 errors, close to the minimum',
				met: verdict(limited.errors === 0 && limited.seconds <= limited.minimumSeconds * 1.15 + 1),
		});
		});

		// Case 3: trigger overhead over n8n's plain Webhook node.
		await inN8n(3, async (n8n, credential) => {
			sim.setLatency(0);
			log(`case 3: ${config.triggerRequests} signed events each to our trigger and to a plain Webhook node, at the same time, then each alone for req/s`);
			const urls = await setUpTriggers(n8n, credential);
			const triggerRuns = [];
			await runTriggerLoad(urls, ws, Math.ceil(config.triggerRequests / 5), 8); // warm-up, discarded
			for (let rep = 0; rep < config.reps; rep++) triggerRuns.push(await runTriggerLoad(urls, ws, config.triggerRequests, 8));
			raw.trigger = triggerRuns;
			const addedP99 = triggerRuns.map((r) => r.ours.p99 - r.plain.p99);
			rows.push(
				{ case: '3. Reporting Trigger (signature + filters); latency with one request in flight, req/s with 8', result: `p50 ${range(triggerRuns.map((r) => r.ours.p50), 2)} ms, p99 ${range(triggerRuns.map((r) => r.ours.p99), 2)} ms, ${range(triggerRuns.map((r) => r.ours.rps))} req/s`, target: '', met: '' },
				{ case: '3. n8n plain Webhook node', result: `p50 ${range(triggerRuns.map((r) => r.plain.p50), 2)} ms, p99 ${range(triggerRuns.map((r) => r.plain.p99), 2)} ms, ${range(triggerRuns.map((r) => r.plain.rps))} req/s`, target: '', met: '' },
				{ case: '3. Added p99', result: `${range(addedP99, 2)} ms (${triggerRuns.reduce((n, r) => n + r.non2xx, 0)} non-2xx)`, target: '< 1 ms', met: verdict(summary(addedP99).median < 1) },
			);
		});

		// Case 4: AI Personalize latency.
		await inN8n(4, async (n8n) => {
			log(`case 4: AI Personalize, model 200 ms (${config.aiRequests} requests) and hanging (budget ${config.budgetMs} ms)`);
			const ai = await setUpAi(n8n, stub.url, config.budgetMs);
			const fast = await runAiLoad(n8n, stub, ai, 200, config.aiRequests, 5);
			const hung = await runAiLoad(n8n, stub, ai, Infinity, config.aiHangRequests, 10);
			raw.ai = { fast, hung };
			rows.push(
				{ case: '4. AI Personalize, model answers in 200 ms', result: `p50 ${round(fast.p50)} ms, p99 ${round(fast.p99)} ms (cold start ${round(fast.coldStartMs)} ms); beyond the model: p99 ${round(fast.nodeOverheadP99, 2)} ms in our code, ${round(fast.credentialP99, 2)} ms loading the credential, ${round(fast.modelLoadP99, 2)} ms building n8n's model sub-node, ${round(fast.clientOverheadP99)} ms end to end; sources ${JSON.stringify(fast.sources)}`, target: 'node overhead < 5 ms p99', met: verdict(fast.nodeOverheadP99 < 5) },
				{ case: `4. AI Personalize, model hangs (budget ${config.budgetMs} ms)`, result: `p50 ${round(hung.p50)} ms, p99 ${round(hung.p99)} ms, max ${round(hung.max)} ms; sources ${JSON.stringify(hung.sources)}`, target: `p99 ≤ ${config.budgetMs + 50} ms`, met: verdict(hung.p99 <= config.budgetMs + 50) },
			);
		});

		// Case 5: growth.
		await inN8n(5, async (n8n, credential) => {
			sim.setLatency(config.latencyMs);
			log(`case 5: batch mode (field mappings) at ${config.growth.join(', ')} items`);
			const growth: Array<{ items: number; runs: ThroughputRun[] }> = [];
			for (const items of config.growth) {
				const wf = await createIdentifyWorkflow(n8n, credential, items, 'batch', 'fields');
				if (items === config.growth[0]) await runInN8n(n8n, sim, wf, items); // JIT warm-up, as in case 1
				const runs: ThroughputRun[] = [];
				for (let rep = 0; rep < config.reps; rep++) runs.push(await runInN8n(n8n, sim, wf, items));
				growth.push({ items, runs });
			}
			raw.growth = growth;
			for (const { items, runs } of growth) {
				rows.push({ case: `5. Batch mode, field mappings, ${items} items`, result: `${range(rate(runs))} items/s, ${range(runs.map((r) => r.seconds), 2)} s, n8n peak RSS ${range(runs.map((r) => r.peakRssMb ?? NaN))} MB`, target: 'linear time, flat memory per item', met: '' });
			}
			const first = summary(rate(growth[0].runs)).median;
			const last = summary(rate(growth[growth.length - 1].runs)).median;
			rows.push({ case: '5. Rate at largest ÷ rate at smallest', result: `${round(last / first, 2)}`, target: '≈ 1 or better (linear)', met: verdict(last / first >= 0.7) });
		});
	} finally {
		await stub.stop();
		await sim.stop();
	}
	report();
}

function report(): void {
	const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
	const date = new Date().toISOString().slice(0, 10);
	const table = [
		`Measured ${date} on ${machine}; simulator latency ${config.latencyMs} ms; median of ${config.reps} (min–max).`,
		'',
		'| Case | Result | Target | Met |',
		'|---|---|---|---|',
		...rows.map((r) => `| ${r.case} | ${r.result} | ${r.target} | ${r.met} |`),
	].join('\n');
	const dir = join(REPO_ROOT, 'bench/results');
	mkdirSync(dir, { recursive: true });
	const name = smoke ? 'smoke' : 'latest';
	writeFileSync(join(dir, `${name}.json`), JSON.stringify({ date, machine, ...raw }, null, 2));
	writeFileSync(join(dir, `${name}.md`), `${table}\n`);
	console.log(`\n${table}\n`);
	if (flag('readme') && !smoke) {
		const readme = join(REPO_ROOT, 'README.md');
		const text = readFileSync(readme, 'utf8');
		const start = '<!-- bench:start -->';
		const end = '<!-- bench:end -->';
		if (!text.includes(start)) throw new Error('README.md has no bench markers');
		writeFileSync(readme, `${text.slice(0, text.indexOf(start) + start.length)}\n${table}\n${text.slice(text.indexOf(end))}`);
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
