import type { CopyRates, CustomerIoSimulator, JourneyPlayer, Workspace } from '../../simulator';
import type { N8n } from './n8n';
import { createStore, postgresCredential } from './queue';
import type { Postgres } from './services';

/**
 * What examples/closed-loop.json needs to run (its e2e and bench case 7 share it): credentials of
 * every type it uses, a workspace of the simulator, and a store database; and the true rates the
 * journey plays per copy (the 8% copy is the one the bandit must find).
 */
export const WEBHOOK_ACTION_SECRET = 'closed-loop-webhook-action-secret';

const rates = (clicked: number): CopyRates => ({ delivered: 0.97, opened: 0.3, clicked, converted: clicked * 0.4 });
export const TRUE_RATES: Record<string, CopyRates> = {
	'welcome-a': rates(0.02),
	'welcome-b': rates(0.04),
	'welcome-c': rates(0.08),
	'welcome-control': rates(0.02),
};

export async function closedLoopCredentials(n8n: N8n, sim: CustomerIoSimulator, store: Postgres, name: string) {
	const ws: Workspace = sim.addWorkspace({ name, region: 'us' });
	const database = createStore(store, `cio_${name.replace(/\W/g, '_')}`);
	const byType = {
		customerIoLifecycleApi: await n8n.createCredential(`${name} client`, 'customerIoLifecycleApi', sim.credentialFor(ws)),
		customerIoWebhookActionApi: await n8n.createCredential(`${name} webhook action`, 'customerIoWebhookActionApi', { method: 'header', headerName: 'X-Api-Key', headerValue: WEBHOOK_ACTION_SECRET }),
		postgres: await n8n.createCredential(`${name} store`, 'postgres', postgresCredential(store, database)),
	};
	return { ws, database, byType };
}

/** Waits until the store holds every answer and every distinct event the player sent (executions finish after n8n answers). */
export async function storeSettled(store: Postgres, database: string, player: JourneyPlayer, timeoutMs = 300_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	const expected = `${player.served}|${player.events}`;
	let stored = '';
	while ((stored = store.psql("SELECT (SELECT count(*) FROM cio_ai_served) || '|' || (SELECT count(*) FROM cio_reporting_events)", database).trim()) !== expected) {
		if (Date.now() > deadline) throw new Error(`the store holds ${stored} (answers|events), the journey sent ${expected}`);
		await new Promise((r) => setTimeout(r, 250));
	}
}

/** Runs one of the example's branches through the production webhook that replaced its schedule (triggeredByWebhooks): its last node's items. */
export async function runBranch(base: string, path: string): Promise<Array<Record<string, unknown>>> {
	const response = await fetch(`${base}/webhook/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', signal: AbortSignal.timeout(60_000) });
	const text = await response.text();
	if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${text.slice(0, 1000)}`);
	return JSON.parse(text) as Array<Record<string, unknown>>;
}
