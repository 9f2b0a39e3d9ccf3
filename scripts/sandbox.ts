import { join } from 'path';
import { credentialFields, startSandboxSimulator } from '../test/simulator/sandbox';
import { N8n, OWNER } from '../test/e2e/harness/n8n';
import { REPO_ROOT } from '../test/e2e/harness/install';

/**
 * The sandbox behind `npm start`: the Customer.io simulator plus a real n8n editor (data kept
 * in .sandbox/ between runs) with our package installed and one credential per simulated
 * client, so a newcomer can build and run a workflow at once.
 */
const N8N_PORT = Number(process.env.N8N_PORT ?? 5678);
const SIMULATOR_PORT = Number(process.env.CIO_SIMULATOR_PORT ?? 4010);

async function main(): Promise<void> {
	const { sim, workspaces } = await startSandboxSimulator({ port: SIMULATOR_PORT, log: (line) => console.log(`[simulator] ${line}`) });
	console.log(`Customer.io simulator on ${sim.url}`);
	console.log('Starting n8n (about 10 s)…');
	const n8n = await N8n.start({ userFolder: join(REPO_ROOT, '.sandbox/n8n'), port: N8N_PORT });

	const existing = await n8n.rest<Array<{ name: string }>>('GET', '/rest/credentials');
	for (const ws of workspaces) {
		const name = `Sandbox client ${ws.region.toUpperCase()} (simulator)`;
		if (existing.some((c) => c.name === name)) continue;
		await n8n.createCredential(name, 'customerIoLifecycleApi', credentialFields(sim, ws));
	}

	console.log(`
  n8n editor:   ${n8n.url}
  login:        ${OWNER.email} / ${OWNER.password}
  credentials:  "Sandbox client US (simulator)" and "Sandbox client EU (simulator)" are ready to pick
  simulator:    ${sim.url} (keys below; Region: Custom URLs)
${workspaces
	.map(
		(ws) => `    ${ws.name}: Track ${sim.trackBaseUrl(ws.region)}  App ${sim.appBaseUrl(ws.region)}
      Site ID ${ws.siteId}  Track key ${ws.trackApiKey}  App key ${ws.appApiKey}  Signing key ${ws.signingKey}`,
	)
	.join('\n')}

  Press Ctrl+C to stop.`);

	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		console.log('\nStopping n8n and the simulator…');
		await n8n.stop();
		await sim.stop();
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
