import { join } from 'path';
import { startSandboxSimulator } from '../test/simulator/sandbox';
import { N8n } from '../test/e2e/harness/n8n';
import { OpenAiStub } from '../test/stubs/openai';
import { REPO_ROOT } from '../test/e2e/harness/install';
import { createStore, postgresCredential } from '../test/e2e/harness/queue';
import { startPostgres } from '../test/e2e/harness/services';
import { guide, provision, stopOnSignal, STORE_CREDENTIAL } from './provision';

/**
 * The sandbox behind `npm start`: the Customer.io simulator plus a real n8n editor (data kept
 * in .sandbox/ between runs) with our package installed and one credential per simulated
 * client, so a newcomer can build and run a workflow at once. The examples that keep rows
 * (closed loop, dedupe) get a local PostgreSQL store: new on every start, on a fixed port so the
 * credential n8n keeps stays right.
 */
const N8N_PORT = Number(process.env.N8N_PORT ?? 5678);
const SIMULATOR_PORT = Number(process.env.CIO_SIMULATOR_PORT ?? 4010);
const MODEL_STUB_PORT = Number(process.env.MODEL_STUB_PORT ?? 4011);
const STORE_PORT = Number(process.env.SANDBOX_POSTGRES_PORT ?? 5433);

async function main(): Promise<void> {
	const { sim, workspaces } = await startSandboxSimulator({ port: SIMULATOR_PORT, log: (line) => console.log(`[simulator] ${line}`) });
	console.log(`Customer.io simulator on ${sim.url}`);
	console.log('Starting n8n (about 10 s)…');
	const n8n = await N8n.start({ userFolder: join(REPO_ROOT, '.sandbox/n8n'), port: N8N_PORT });
	// A local OpenAI-compatible model, so the AI example runs without any real LLM.
	const stub = new OpenAiStub();
	await stub.start(MODEL_STUB_PORT);

	// Without PostgreSQL (not installed, port taken) the examples that need it are listed as not loaded.
	const postgres = await startPostgres({ port: STORE_PORT }).catch((error: unknown) => {
		console.log(`No PostgreSQL for the examples' store: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
		return undefined;
	});
	const stop = async () => {
		console.log('\nStopping n8n, PostgreSQL and the simulator…');
		await n8n.stop();
		await postgres?.stop();
		await stub.stop();
		await sim.stop();
	};
	try {
		const extra: Record<string, { id: string; name: string }> = {};
		const processes: string[] = [];
		if (postgres) {
			const database = createStore(postgres);
			const existing = await n8n.rest<Array<{ id: string; name: string }>>('GET', '/rest/credentials');
			extra.postgres = existing.find((c) => c.name === STORE_CREDENTIAL) ?? (await n8n.createCredential(STORE_CREDENTIAL, 'postgres', postgresCredential(postgres, database)));
			processes.push(`PostgreSQL:   127.0.0.1:${postgres.port} (user n8n, no password; the examples' store "${database}", new on every start)`);
		}
		const sandbox = { sim, workspaces, stub };
		const provisioned = await provision(n8n, sandbox, extra);
		console.log(guide({ processes, editorUrl: n8n.url, webhookBases: [n8n.url], provisioned, sandbox }));
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
