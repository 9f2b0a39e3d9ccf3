import { CustomerIoSimulator, type Workspace } from '../simulator';
import { N8n, nodeOutput, type Execution } from './harness/n8n';
import { code, customerIo, manualTrigger, workflow } from './harness/workflows';

/**
 * The two retries a user can trigger, in a real n8n: the node's "Retry On Fail" and "Retry" on a
 * failed execution in the executions list. Customer.io stores one batch, the next one fails (500)
 * on every transport attempt; the retry must send the same event ids and never send again what
 * Customer.io already accepted.
 */
const sim = new CustomerIoSimulator();
let n8n: N8n;
let ws: Workspace;
let credential: { id: string; name: string };

beforeAll(async () => {
	await sim.start(0);
	ws = sim.addWorkspace({ name: 'retries', region: 'us' });
	n8n = await N8n.start();
	credential = await n8n.createCredential('Retries (US)', 'customerIoLifecycleApi', sim.credentialFor(ws));
});
afterAll(async () => {
	await n8n?.stop();
	await sim.stop();
});

type BatchOp = { identifiers: { id: string }; id?: string; action: string };
const opsOf = (body: unknown) => (body as { batch?: BatchOp[] }).batch ?? [];

/** 400 events of 2 KB each: more than one 500 KB Track v2 batch. */
const COUNT = 400;
const events = (prefix: string) =>
	code('Events', `return Array.from({ length: ${COUNT} }, (_, i) => ({ json: { id: '${prefix}-' + i, note: 'x'.repeat(2000) } }));`);
const track = (extra: Record<string, unknown> = {}) =>
	customerIo('Track', credential, { resource: 'event', operation: 'track', identifierType: 'id', identifier: '={{ $json.id }}', eventName: 'retried', dataJson: '={{ { note: $json.note } }}' }, extra);

/** The batch holding the last person fails on every attempt: Customer.io stored it but answered 500. */
function failLastBatch(prefix: string, times: number): void {
	sim.injectFault({
		api: 'track',
		path: '/api/v2/batch',
		status: 500,
		applied: true,
		times,
		when: (request) => opsOf(request.body).some((op) => op.identifiers.id === `${prefix}-${COUNT - 1}`),
	});
}

/** What Customer.io received per person: the event ids and in how many requests. */
function received(prefix: string) {
	const ids = new Map<string, Set<string>>();
	const requests = new Map<string, number>();
	for (const request of sim.requests.filter((r) => r.path === '/api/v2/batch')) {
		for (const op of opsOf(request.body).filter((o) => o.identifiers.id.startsWith(`${prefix}-`))) {
			ids.set(op.identifiers.id, (ids.get(op.identifiers.id) ?? new Set()).add(String(op.id)));
			requests.set(op.identifiers.id, (requests.get(op.identifiers.id) ?? 0) + 1);
		}
	}
	return { ids, requests };
}

function expectEveryEventOnceOrWithTheSameId(prefix: string): void {
	const { ids, requests } = received(prefix);
	expect(ids.size).toBe(COUNT);
	// One id per person, however often it went out.
	expect([...ids.entries()].filter(([, set]) => set.size !== 1)).toEqual([]);
	// Only the failed batch went out again: the first person's batch was accepted once and never resent.
	expect(requests.get(`${prefix}-0`)).toBe(1);
	const last = requests.get(`${prefix}-${COUNT - 1}`) ?? 0;
	expect(last).toBeGreaterThan(1);
	// Customer.io keeps one event per person (it deduplicates by id).
	expect(sim.person(ws.name, { id: `${prefix}-0` })?.events).toHaveLength(1);
	expect(sim.person(ws.name, { id: `${prefix}-${COUNT - 1}` })?.events).toHaveLength(1);
}

describe('retries in a real n8n never send an event twice with another id', () => {
	it('Retry On Fail: the second try sends only the failed batch, with the same ids', async () => {
		const wf = await n8n.createWorkflow(
			workflow('retry on fail', [manualTrigger(), events('rof'), track({ retryOnFail: true, maxTries: 2, waitBetweenTries: 0 })], ['Manual Trigger', 'Events', 'Track']),
		);
		sim.clearRequests();
		failLastBatch('rof', 4);
		const execution = await n8n.runManually(wf.id);
		expect({ status: execution.status, error: execution.data?.resultData.error?.message }).toEqual({ status: 'success', error: undefined });
		expectEveryEventOnceOrWithTheSameId('rof');
		const output = nodeOutput(execution, 'Track');
		expect(output).toHaveLength(COUNT);
		expect(output[0].json.alreadySent).toBe(true);
		expect(output[COUNT - 1].json.alreadySent).toBeUndefined();
	});

	it('"Retry" of the failed execution: the accepted batch is not sent again, the failed one keeps its ids', async () => {
		const wf = await n8n.createWorkflow(workflow('retry execution', [manualTrigger(), events('rex'), track()], ['Manual Trigger', 'Events', 'Track']));
		sim.clearRequests();
		failLastBatch('rex', 4);
		const failed = await n8n.runManually(wf.id);
		expect(failed.status).toBe('error');
		// The error says which items Customer.io accepted and which it did not.
		expect(failed.data?.resultData.error?.description).toMatch(/accepted/i);

		const retried = await n8n.rest<Execution & { retryOf?: string }>('POST', `/rest/executions/${failed.id}/retry`, { loadWorkflow: false });
		expect(retried.retryOf).toBe(failed.id);
		const done = await n8n.waitForExecution(retried.id);
		expect(done.status).toBe('success');
		expectEveryEventOnceOrWithTheSameId('rex');
	});
});
