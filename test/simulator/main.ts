import { startSandboxSimulator } from './sandbox';

/** `npm run simulator [-- --port 4010 --latency 20]`: the local Customer.io on its own. */
function arg(name: string): string | undefined {
	const at = process.argv.indexOf(`--${name}`);
	return at >= 0 ? process.argv[at + 1] : undefined;
}

async function main(): Promise<void> {
	const port = Number(arg('port') ?? process.env.CIO_SIMULATOR_PORT ?? 4010);
	const latencyMs = Number(arg('latency') ?? 0);
	const { sim, workspaces } = await startSandboxSimulator({ port, latencyMs, log: (line) => console.log(line) });
	console.log(`Customer.io simulator on ${sim.url} (latency ${latencyMs} ms)\n`);
	for (const ws of workspaces) {
		const fields = sim.credentialFor(ws);
		console.log(`${ws.name} — credential "Customer.io (Lifecycle) API", Region: Custom URLs`);
		console.log(`  Track Base URL ${fields.trackBaseUrl}\n  App Base URL   ${fields.appBaseUrl}\n  Region behind these URLs ${ws.region.toUpperCase()}`);
		console.log(`  Site ID ${ws.siteId}\n  Track API Key ${ws.trackApiKey}\n  App API Key ${ws.appApiKey}\n  Signing Key ${ws.signingKey}\n`);
	}
	const stop = () => void sim.stop().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
