import { N8n, nodeRunTime, type Execution, type WorkflowNode } from '../../test/e2e/harness/n8n';
import { code, manualTrigger, workflow } from '../../test/e2e/harness/workflows';
import type { CustomerIoSimulator, Workspace } from '../../test/simulator';
import { peakRssMb, resetPeak } from '../lib/memory';
import type { TlsFront } from '../lib/tlsFront';

/**
 * Anchors for case 1, measured in the same n8n as our node: n8n's built-in Customer.io node
 * (one request per item, fixed https://track.customer.io URLs) and the floor a savvy user could
 * build from Code + HTTP Request nodes (Track v2 batches). Neither takes a custom URL, so all
 * of them, and our node with region "US", reach the simulator through the TLS front
 * (bench/lib/tlsFront.ts) that redirect-preload.cjs points n8n's TLS connections to.
 */
type Credential = { id: string; name: string };

/** The people every chain of the bench identifies (a Code node's source). */
export const people = (count: number) =>
	`return Array.from({ length: ${count} }, (_, i) => ({ json: { id: 'bench-' + i, email: 'bench-' + i + '@example.com', plan: i % 3 ? 'free' : 'pro' } }));`;

let x = 0;
const node = (name: string, type: string, typeVersion: number, parameters: Record<string, unknown>, extra: Partial<WorkflowNode> = {}): WorkflowNode => ({
	name,
	type,
	typeVersion,
	position: [(x += 220), 0],
	parameters,
	...extra,
});

/** n8n's own "Customer.io API" credential (customerIoApi) for a simulator workspace. */
export async function builtinCredential(n8n: N8n, ws: Workspace): Promise<Credential> {
	return await n8n.createCredential(`Bench built-in ${ws.name}`, 'customerIoApi', {
		trackingApiKey: ws.trackApiKey,
		// The credential's region is the Track host itself.
		region: ws.region === 'eu' ? 'track-eu.customer.io' : 'track.customer.io',
		trackingSiteId: ws.siteId,
		appApiKey: ws.appApiKey,
	});
}

/** Our credential with Region "US" (production host names, not custom URLs): requests go out to https://track.customer.io. */
export async function ourUsCredential(n8n: N8n, sim: CustomerIoSimulator, ws: Workspace): Promise<Credential> {
	const { trackBaseUrl: _track, appBaseUrl: _app, customRegion: _region, ...keys } = sim.credentialFor(ws);
	return await n8n.createCredential(`Bench US ${ws.name}`, 'customerIoLifecycleApi', { ...keys, region: 'us' });
}

/**
 * Manual Trigger -> People -> built-in "Identify" (Customer: Create or Update, PUT
 * /api/v1/customers/{id}) -> built-in "Track" (Event: Track, POST /api/v1/customers/{id}/events).
 * Both send one request per item, one at a time. Upsert outputs `{ id, ...the body it sent }`,
 * here `{ id, email, data: { plan } }` (custom properties go under `data`), so Track can map the
 * id from its own input; Track outputs only `{ success: true }`.
 */
export async function createBuiltinChainWorkflow(n8n: N8n, credential: Credential, count: number): Promise<string> {
	const credentials = { customerIoApi: credential };
	const wf = await n8n.createWorkflow(
		workflow(
			`bench built-in Customer.io chain ${count}`,
			[
				manualTrigger(),
				code('People', people(count)),
				node('Identify', 'n8n-nodes-base.customerIo', 1, {
					resource: 'customer',
					operation: 'upsert',
					id: '={{ $json.id }}',
					jsonParameters: false,
					additionalFields: { email: '={{ $json.email }}', customProperties: { customProperty: [{ key: 'plan', value: '={{ $json.plan }}' }] } },
				}, { credentials }),
				node('Track', 'n8n-nodes-base.customerIo', 1, {
					resource: 'event',
					operation: 'track',
					customerId: '={{ $json.id }}',
					eventName: 'bench_event',
					jsonParameters: false,
					additionalFields: {},
				}, { credentials }),
			],
			['Manual Trigger', 'People', 'Identify', 'Track'],
		),
	);
	return wf.id;
}

/**
 * A Code node packing Track v2 operations into `{ batch: [...] }` bodies of at most 500 KB, one
 * output item per body (the limit and the envelope arithmetic of packBatches in
 * nodes/shared/transport/batch.ts). `source` is where the people come from, `op` builds one operation from `p`.
 */
const pack = (source: string, op: string) => `const max = 500 * 1024;
const envelope = Buffer.byteLength('{"batch":[]}');
const bodies = [];
let batch = [];
let size = envelope;
for (const { json: p } of ${source}) {
  const op = ${op};
  const bytes = Buffer.byteLength(JSON.stringify(op)) + 1;
  if (batch.length > 0 && size + bytes > max) {
    bodies.push({ json: { batch } });
    batch = [];
    size = envelope;
  }
  batch.push(op);
  size += bytes;
}
if (batch.length > 0) bodies.push({ json: { batch } });
return bodies;`;

/**
 * HTTP Request 4.4 (the default version in n8n 2.8.4) posting each item as one batch body.
 * This version starts every item's request at once: its "Batching" option only sleeps between
 * groups of starts and never waits for answers, so it cannot cap concurrency at 8. At 10,000
 * people there are 3 identify and 2 event bodies, so all of them are in flight together anyway.
 */
const sendBatch = (name: string, authorization: string) =>
	node(name, 'n8n-nodes-base.httpRequest', 4.4, {
		method: 'POST',
		url: 'https://track.customer.io/api/v2/batch',
		authentication: 'none',
		sendHeaders: true,
		headerParameters: { parameters: [{ name: 'Authorization', value: authorization }] },
		sendBody: true,
		contentType: 'json',
		specifyBody: 'json',
		jsonBody: '={{ $json }}',
		options: {},
	});

/** The HTTP floor: People -> Pack Identify -> Send Identify -> Pack Track (reads People again) -> Send Track. */
export async function createFloorChainWorkflow(n8n: N8n, count: number, auth: { siteId: string; trackApiKey: string }): Promise<string> {
	const authorization = `Basic ${Buffer.from(`${auth.siteId}:${auth.trackApiKey}`).toString('base64')}`;
	const wf = await n8n.createWorkflow(
		workflow(
			`bench floor chain ${count}`,
			[
				manualTrigger(),
				code('People', people(count)),
				code('Pack Identify', pack('$input.all()', "{ type: 'person', identifiers: { id: p.id }, action: 'identify', attributes: { email: p.email, plan: p.plan } }")),
				sendBatch('Send Identify', authorization),
				code('Pack Track', pack("$('People').all()", "{ type: 'person', identifiers: { id: p.id }, action: 'event', name: 'bench_event' }")),
				sendBatch('Send Track', authorization),
			],
			['Manual Trigger', 'People', 'Pack Identify', 'Send Identify', 'Pack Track', 'Send Track'],
		),
	);
	return wf.id;
}

export interface AnchorRun {
	/** Run time of each node asked for, in ms (n8n's own executionTime). */
	runTimes: Record<string, number>;
	/** Distinct people identified and people given `bench_event`, as the simulator accepted them in this run. */
	people: number;
	events: number;
	/** Requests and TLS connections at the front during the run. */
	requests: number;
	connections: number;
	/** n8n main process peak RSS during the run (Code nodes run in n8n's task-runner process, not counted). */
	peakRssMb: number;
	/** When each measured node ran (epoch ms, n8n's startTime to startTime + executionTime), and the whole execution. */
	nodeWindows: Array<{ from: number; to: number }>;
	runWindow: { from: number; to: number };
}

/** What the simulator accepted in this run, read from its request log (v1 calls and v2 operations). */
function accepted(sim: CustomerIoSimulator): { people: Set<string>; events: Set<string> } {
	const people = new Set<string>();
	const events = new Set<string>();
	const apply = (op: { identifiers?: { id?: string }; action?: string; name?: string }) => {
		const id = op.identifiers?.id;
		if (id === undefined) return;
		if (op.action === 'identify') people.add(id);
		if (op.action === 'event' && op.name === 'bench_event') events.add(id);
	};
	for (const r of sim.requests) {
		if (r.api !== 'track' || r.status !== 200) continue;
		const v1 = /^\/api\/v1\/customers\/([^/]+)(\/events)?$/.exec(r.path);
		const body = r.body as { name?: string; batch?: unknown[] };
		if (v1 && r.method === 'PUT' && !v1[2]) people.add(decodeURIComponent(v1[1]));
		if (v1 && r.method === 'POST' && v1[2] && body.name === 'bench_event') events.add(decodeURIComponent(v1[1]));
		if (r.path === '/api/v2/batch') (body.batch ?? []).forEach((op) => apply(op as never));
		if (r.path === '/api/v2/entity') apply(body as never);
	}
	return { people, events };
}

/**
 * Runs a saved workflow from its Manual Trigger and checks it: the execution succeeded, every
 * request the simulator saw passed through the front and was answered 200, and the simulator
 * holds every person (`count`) and, with `events`, every person's `bench_event`.
 */
export async function runAnchor(
	n8n: N8n,
	sim: CustomerIoSimulator,
	front: TlsFront,
	ws: Workspace,
	workflowId: string,
	check: { count: number; nodes: string[]; events: boolean },
): Promise<AnchorRun> {
	sim.clearRequests();
	const before = { requests: front.requests, connections: front.connections };
	resetPeak(n8n.pid);
	const started = Date.now();
	const execution = await n8n.runManually(workflowId, 'Manual Trigger', 30 * 60_000);
	const peak = peakRssMb(n8n.pid);
	if (execution.status !== 'success') throw new Error(`anchor workflow failed: ${JSON.stringify(execution.data?.resultData.error)}`);
	const requests = front.requests - before.requests;
	const failed = sim.requests.filter((r) => r.status !== 200).length;
	if (failed) throw new Error(`${failed} of ${sim.requests.length} requests were not answered 200`);
	if (requests !== sim.requests.length) throw new Error(`the front forwarded ${requests} requests, the simulator saw ${sim.requests.length}`);
	const { people, events } = accepted(sim);
	const expectedEvents = check.events ? check.count : 0;
	if (people.size !== check.count || events.size !== expectedEvents) {
		throw new Error(`the simulator got ${people.size}/${check.count} people and ${events.size}/${expectedEvents} events`);
	}
	for (let i = 0; i < check.count; i++) {
		const person = sim.person(ws.name, { id: `bench-${i}` });
		if (person?.email !== `bench-${i}@example.com`) throw new Error(`person bench-${i} is missing or has no email in the simulator`);
		if (check.events && !person.events.some((e) => e.name === 'bench_event')) throw new Error(`person bench-${i} has no bench_event`);
	}
	return {
		runTimes: Object.fromEntries(check.nodes.map((name) => [name, nodeRunTime(execution, name)])),
		people: people.size,
		events: events.size,
		requests,
		connections: front.connections - before.connections,
		peakRssMb: peak,
		nodeWindows: check.nodes.map((name) => windowOf(execution, name)),
		runWindow: { from: started, to: Date.now() },
	};
}

/** When a node ran: from its first start to its last end (n8n's startTime + executionTime). */
function windowOf(execution: Execution, node: string): { from: number; to: number } {
	const runs = execution.data?.resultData.runData[node] ?? [];
	const from = Math.min(...runs.map((run) => run.startTime ?? NaN));
	const to = Math.max(...runs.map((run) => (run.startTime ?? NaN) + (run.executionTime ?? 0)));
	if (!Number.isFinite(from) || !Number.isFinite(to)) throw new Error(`n8n reported no start time for ${node}`);
	return { from, to };
}
