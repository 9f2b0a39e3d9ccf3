import { CustomerIoSimulator } from './server';
import type { Workspace } from './state';

/**
 * The simulator as `npm start` and `npm run simulator` run it: two client workspaces (US and
 * EU) with fixed, readable demo keys, so a credential made once keeps working after restarts.
 */
export const SANDBOX_WORKSPACES = (['us', 'eu'] as const).map((region) => ({
	name: `Sandbox ${region.toUpperCase()}`,
	region,
	siteId: `sandbox-${region}-site`,
	trackApiKey: `sandbox-${region}-track-key`,
	appApiKey: `sandbox-${region}-app-key`,
	signingKey: `sandbox-${region}-signing-key`,
}));

export async function startSandboxSimulator(options: { port: number; latencyMs?: number; log?: (line: string) => void }) {
	const sim = new CustomerIoSimulator({ workspaces: SANDBOX_WORKSPACES, latencyMs: options.latencyMs ?? 0 });
	await sim.start(options.port);
	if (options.log) {
		const log = options.log;
		// One line per answered request: method, host, path, status (never keys or bodies).
		const seen = new Set<number>();
		const timer = setInterval(() => {
			for (const r of sim.requests) {
				if (r.status === 0 || seen.has(r.id)) continue;
				seen.add(r.id);
				log(`${new Date(r.at).toISOString().slice(11, 23)} ${r.method} ${r.region}/${r.api}${r.path} → ${r.status}`);
			}
		}, 200);
		timer.unref();
	}
	const workspaces: Workspace[] = SANDBOX_WORKSPACES.map((w) => sim.workspace(w.name));
	return { sim, workspaces };
}
