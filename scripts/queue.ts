import { startSandboxSimulator } from '../test/simulator/sandbox';
import { QueueCluster } from '../test/e2e/harness/queue';
import { OpenAiStub } from '../test/stubs/openai';
import { guide, provision, stopOnSignal, STORE_CREDENTIAL } from './provision';

/**
 * `npm run start:queue`: the sandbox in n8n's queue mode on one machine: PostgreSQL and Redis
 * (Debian's packages, on loopback, data in a temp folder), a main process (editor, API,
 * activation), two workers (executions) and two webhook processors (production webhooks), each
 * with our package installed, plus the Customer.io simulator and the local model. The examples
 * that keep rows (dedupe, closed loop) get a PostgreSQL store. Ctrl+C stops everything
 * and removes the data.
 */
const N8N_PORT = Number(process.env.N8N_PORT ?? 5678);
const WEBHOOK_PORTS = [Number(process.env.N8N_WEBHOOK_PORT_1 ?? 5681), Number(process.env.N8N_WEBHOOK_PORT_2 ?? 5682)];
const SIMULATOR_PORT = Number(process.env.CIO_SIMULATOR_PORT ?? 4010);
const MODEL_STUB_PORT = Number(process.env.MODEL_STUB_PORT ?? 4011);
const QUIET = process.argv.includes('--quiet');

async function main(): Promise<void> {
	const { sim, workspaces } = await startSandboxSimulator({ port: SIMULATOR_PORT, log: QUIET ? undefined : (line) => console.log(`[simulator] ${line}`) });
	const stub = new OpenAiStub();
	await stub.start(MODEL_STUB_PORT);
	console.log('Starting PostgreSQL, Redis, n8n main, 2 workers, 2 webhook processors (about 15 s)…');
	const cluster = await QueueCluster.start({ workers: 2, webhookProcessors: 2, echo: !QUIET, mainPort: N8N_PORT, webhookPorts: WEBHOOK_PORTS });
	const stop = async () => {
		console.log('\nStopping n8n (webhook processors, workers, main), PostgreSQL, Redis, the simulator…');
		await cluster.stop();
		await stub.stop();
		await sim.stop();
	};
	try {
		const postgres = await cluster.main.createCredential(STORE_CREDENTIAL, 'postgres', cluster.postgresCredential(cluster.createDedupeStore()));
		const sandbox = { sim, workspaces, stub };
		const provisioned = await provision(cluster.main, sandbox, { postgres });
		const processes = [
			`PostgreSQL:   127.0.0.1:${cluster.postgres.port} (user n8n, no password; n8n's database "postgres", the examples' store "cio_dedupe")`,
			`Redis:        127.0.0.1:${cluster.redis.port}`,
			`workers:      2 (they run every execution, "Execute workflow" in the editor included)`,
			`webhook side: 2 processors, ${cluster.webhookProcessors.map((p) => p.url).join(' and ')} (production URLs; a load balancer goes in front)`,
		];
		console.log(guide({ processes, editorUrl: cluster.main.url, webhookBases: cluster.webhookProcessors.map((p) => p.url), provisioned, sandbox }));
	} catch (error) {
		await stop();
		throw error;
	}
	stopOnSignal(stop);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
