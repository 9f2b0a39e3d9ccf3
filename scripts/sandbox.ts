import { join } from 'path';
import { startSandboxSimulator } from '../test/simulator/sandbox';
import { N8n } from '../test/e2e/harness/n8n';
import { OpenAiStub } from '../test/stubs/openai';
import { REPO_ROOT } from '../test/e2e/harness/install';
import { guide, provision, stopOnSignal } from './provision';

/**
 * The sandbox behind `npm start`: the Customer.io simulator plus a real n8n editor (data kept
 * in .sandbox/ between runs) with our package installed and one credential per simulated
 * client, so a newcomer can build and run a workflow at once.
 */
const N8N_PORT = Number(process.env.N8N_PORT ?? 5678);
const SIMULATOR_PORT = Number(process.env.CIO_SIMULATOR_PORT ?? 4010);
const MODEL_STUB_PORT = Number(process.env.MODEL_STUB_PORT ?? 4011);

async function main(): Promise<void> {
	const { sim, workspaces } = await startSandboxSimulator({ port: SIMULATOR_PORT, log: (line) => console.log(`[simulator] ${line}`) });
	console.log(`Customer.io simulator on ${sim.url}`);
	console.log('Starting n8n (about 10 s)…');
	const n8n = await N8n.start({ userFolder: join(REPO_ROOT, '.sandbox/n8n'), port: N8N_PORT });
	// A local OpenAI-compatible model, so the AI example runs without any real LLM.
	const stub = new OpenAiStub();
	await stub.start(MODEL_STUB_PORT);

	const sandbox = { sim, workspaces, stub };
	const provisioned = await provision(n8n, sandbox);
	console.log(guide({ processes: [], editorUrl: n8n.url, webhookBases: [n8n.url], provisioned, sandbox }));

	stopOnSignal(async () => {
		console.log('\nStopping n8n and the simulator…');
		await n8n.stop();
		await stub.stop();
		await sim.stop();
	});
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
