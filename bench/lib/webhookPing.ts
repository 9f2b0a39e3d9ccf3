import type { N8n } from '../../test/e2e/harness/n8n';
import { workflow } from '../../test/e2e/harness/workflows';
import { latencies } from './stats';

/**
 * A webhook answered while a big run is in flight: another workflow's Webhook node (answering at
 * once, as the Reporting Trigger must within Customer.io's 4 seconds), called every 50 ms.
 * Its executions are not saved, so the pings add little work of their own.
 */
export async function pingWebhook(n8n: N8n): Promise<string> {
	const path = `bench-ping-${Date.now()}`;
	const wf = await n8n.createWorkflow({
		...workflow('bench ping', [
			{ name: 'Ping', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: path, parameters: { path, httpMethod: 'POST', responseMode: 'onReceived' } },
		]),
		settings: { saveDataSuccessExecution: 'none', saveManualExecutions: false },
	});
	await n8n.activate(wf.id);
	const url = `${n8n.url}/webhook/${path}`;
	await n8n.waitForWebhook(url);
	return url;
}

export interface Pings {
	count: number;
	p50: number;
	max: number;
	failed: number;
}

/** Calls the webhook one call at a time, 50 ms apart, until `stop()`; latencies in ms. */
export function startPinging(url: string): { stop(): Promise<Pings> } {
	const samples: number[] = [];
	let failed = 0;
	let running = true;
	const loop = (async () => {
		while (running) {
			const started = performance.now();
			try {
				const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
				await response.arrayBuffer();
				if (response.ok) samples.push(performance.now() - started);
				else failed++;
			} catch {
				failed++;
			}
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
	})();
	return {
		async stop() {
			running = false;
			await loop;
			const { p50, max } = latencies(samples);
			return { count: samples.length, p50, max, failed };
		},
	};
}
