import { randomUUID } from 'crypto';
import { N8n } from '../../test/e2e/harness/n8n';
import { makeReportingEvent, signedHeaders, type Workspace } from '../../test/simulator';
import { load } from '../lib/load';
import { latencies } from '../lib/stats';

/**
 * Case 3: what signature verification and filters add per request. The same signed reporting
 * events go to our trigger's production URL and to n8n's plain Webhook node in the same n8n.
 */
export interface TriggerRun {
	ours: { p50: number; p99: number; rps: number };
	plain: { p50: number; p99: number; rps: number };
	non2xx: number;
}

export async function setUpTriggers(n8n: N8n, credential: { id: string; name: string }) {
	const ourId = randomUUID();
	const plainPath = `plain-${randomUUID()}`;
	const ours = await n8n.createWorkflow({
		name: 'bench reporting trigger',
		nodes: [{ name: 'Reporting Trigger', type: N8n.nodeType('customerIoLifecycleTrigger'), typeVersion: 1, position: [0, 0], webhookId: ourId, parameters: { filters: { objectTypes: ['email'] } }, credentials: { customerIoLifecycleApi: credential } }],
		connections: {},
		settings: { saveDataSuccessExecution: 'none' },
	});
	const plain = await n8n.createWorkflow({
		name: 'bench plain webhook',
		nodes: [{ name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: randomUUID(), parameters: { httpMethod: 'POST', path: plainPath, responseMode: 'onReceived' } }],
		connections: {},
		settings: { saveDataSuccessExecution: 'none' },
	});
	await n8n.activate(ours.id);
	await n8n.activate(plain.id);
	return { ourUrl: `${n8n.url}/webhook/${ourId}/customerio-reporting`, plainUrl: `${n8n.url}/webhook/${plainPath}` };
}

export async function runTriggerLoad(urls: { ourUrl: string; plainUrl: string }, ws: Workspace, total: number, concurrency: number): Promise<TriggerRun> {
	const make = () => {
		const body = JSON.stringify(makeReportingEvent('email', 'opened'));
		return { body, headers: signedHeaders(ws.signingKey, body) };
	};
	// Latency: both endpoints loaded at the same time with one request in flight each, so both
	// see the same machine and neither waits in a queue: the difference is what our node adds.
	const [ours, plain] = await Promise.all([load(urls.ourUrl, total, 1, make), load(urls.plainUrl, total, 1, make)]);
	// Throughput: each endpoint alone with `concurrency` requests in flight.
	const ourLoad = await load(urls.ourUrl, total, concurrency, make);
	const plainLoad = await load(urls.plainUrl, total, concurrency, make);
	const non2xx = [ours, plain, ourLoad, plainLoad]
		.flatMap((result) => Object.entries(result.statuses))
		.filter(([status]) => Number(status) >= 300)
		.reduce((n, [, count]) => n + count, 0);
	return {
		ours: { ...latencies(ours.latencies), rps: total / ourLoad.seconds },
		plain: { ...latencies(plain.latencies), rps: total / plainLoad.seconds },
		non2xx,
	};
}
