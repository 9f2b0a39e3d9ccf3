import { simulatorPerFile } from '../../helpers/simulatorPerFile';
import type { ArrivedRequest } from '../../simulator';
import { newExecution, retryOf, runInN8n } from './n8n';

/**
 * Attack: the retries a user can trigger. Our 5xx errors recommend n8n's Retry On Fail, which
 * runs execute() again in the same execution; a failed execution can also be retried from the
 * executions list (a new execution from the stored data). Each retry used to mint new event
 * ids — Customer.io stored 526 of 1,000 events twice — and re-send every transactional message
 * Customer.io had already accepted. Now a retry of a run sends the same events (same id, same
 * timestamp) and skips what Customer.io accepted on an earlier try; a send whose answer was
 * lost is not repeated; and "On Error: Stop" says which items Customer.io has.
 */
const { sim, ws } = simulatorPerFile({ appRateLimitPerSecond: false, sendRateLimitPerSecond: false });

type Op = { identifiers: { id: string }; id: string; timestamp: number };
/** Every event the simulator was sent, per person id: [event id, timestamp] of each request. */
function eventsSent(): Map<string, Array<[string, number]>> {
	const sent = new Map<string, Array<[string, number]>>();
	const add = (person: string, id: string, timestamp: number) => sent.set(person, [...(sent.get(person) ?? []), [id, timestamp]]);
	for (const r of sim.requests) {
		const body = r.body as { batch?: Op[]; id?: string; timestamp?: number };
		if (r.path === '/api/v2/batch') for (const op of body.batch ?? []) add(op.identifiers.id, op.id, op.timestamp);
		const person = /^\/api\/v1\/customers\/([^/]+)\/events$/.exec(r.path)?.[1];
		if (person) add(decodeURIComponent(person), body.id!, body.timestamp!);
	}
	return sent;
}

const bodyHas = (text: string) => (r: ArrivedRequest) => JSON.stringify(r.body).includes(text);

function trackEvents(prefix: string, count: number, extra: Record<string, unknown> = {}) {
	const items = Array.from({ length: count }, (_, i) => ({ id: `${prefix}${i}`, i }));
	return {
		credentials: sim.credentialFor(ws),
		items,
		parameters: {
			resource: 'event',
			operation: 'track',
			identifierType: 'id',
			identifier: (i: number) => items[i].id,
			eventName: 'ordered',
			// ~1.1 KB per event: 1,000 events make three 500 KB batches.
			dataJson: (i: number) => ({ i, note: 'x'.repeat(1000) }),
			...extra,
		},
	};
}

describe('Retry On Fail never stores an event twice', () => {
	it('1,000 events, one batch failing with 500 on every transport try: the retry sends only that batch, with the same ids', async () => {
		sim.injectFault({ api: 'track', path: '/api/v2/batch', status: 500, when: bodyHas('"id":"o500"'), times: 4 });
		const { output, error, tries } = await runInN8n(trackEvents('o', 1000), { maxTries: 2 });

		expect(error).toBeUndefined();
		expect(tries).toBe(2);
		const batches = sim.requests.map((r) => (r.body as { batch: Op[] }).batch.map((op) => op.identifiers.id));
		const failing = batches.find((ids) => ids.includes('o500'))!;
		// Three batches on the first try, the failing one four times in all; then only it again.
		expect(batches.filter((ids) => ids.join() === failing.join())).toHaveLength(5);
		expect(batches).toHaveLength(3 + 3 + 1);
		for (const [person, sent] of eventsSent()) {
			expect(new Set(sent.map(([id]) => id)).size).toBe(1);
			expect(new Set(sent.map(([, timestamp]) => timestamp)).size).toBe(1);
			expect(sim.person('client-a', { id: person })?.events).toHaveLength(1);
		}
		expect(output).toHaveLength(1000);
		expect(output?.filter((item) => item.json.alreadySent === true)).toHaveLength(1000 - failing.length);
	}, 30_000);

	it('one by one, when Customer.io stored the event but answered 500: every retry carries the same id and timestamp', async () => {
		sim.injectFault({ api: 'track', status: 500, applied: true, when: (r) => r.path === '/api/v1/customers/s1/events', times: 4 });
		const { error, tries } = await runInN8n(trackEvents('s', 3, { batching: false }), { maxTries: 2 });
		expect([error, tries]).toEqual([undefined, 2]);
		const sent = eventsSent();
		expect(sent.get('s1')).toHaveLength(5);
		expect(new Set(sent.get('s1')!.map(([id, timestamp]) => `${id}@${timestamp}`)).size).toBe(1);
		expect([sent.get('s0')?.length, sent.get('s2')?.length]).toEqual([1, 1]);
		for (const person of ['s0', 's1', 's2']) expect(sim.person('client-a', { id: person })?.events).toHaveLength(1);
	}, 30_000);

	it('With Continue On Fail, n8n retries when the first item failed: the others are not sent again', async () => {
		sim.injectFault({ api: 'track', status: 400, when: (r) => r.path === '/api/v1/customers/c0/events', times: 1 });
		const { output, tries } = await runInN8n({ ...trackEvents('c', 3, { batching: false }), continueOnFail: true }, { maxTries: 2 });
		expect(tries).toBe(2);
		expect(output?.map((item) => [item.json.status, item.json.alreadySent ?? false])).toEqual([
			[200, false],
			[200, true],
			[200, true],
		]);
		expect([...eventsSent().values()].map((sent) => sent.length)).toEqual([2, 1, 1]);
	});
});

describe('retrying the failed execution from the executions list sends the same events', () => {
	it('resends only what failed, with the ids of the first execution; a new execution (or another run of the node) is a new event', async () => {
		sim.injectFault({ api: 'track', status: 503, when: (r) => r.path === '/api/v1/customers/x1/events', times: 4 });
		const input = trackEvents('x', 3, { batching: false });
		const failed = await runInN8n(input);
		expect(failed.error?.message).toBe('Customer.io Track API failed with HTTP 503 after 4 tries: Service unavailable');
		const first = eventsSent();

		sim.clearRequests();
		const retried = await runInN8n(input, { execution: retryOf(failed.execution) });
		expect(retried.error).toBeUndefined();
		expect(sim.requests.map((r) => r.path)).toEqual(['/api/v1/customers/x1/events']);
		expect(eventsSent().get('x1')?.[0]).toEqual(first.get('x1')?.[0]);
		for (const person of ['x0', 'x1', 'x2']) expect(sim.person('client-a', { id: person })?.events).toHaveLength(1);

		// The same items in a new execution, or in the node's next run (a loop), are new events.
		await runInN8n(input, { execution: newExecution() });
		await runInN8n(input, { execution: retried.execution, runIndex: 1 });
		for (const person of ['x0', 'x1', 'x2']) expect(sim.person('client-a', { id: person })?.events).toHaveLength(3);
	}, 30_000);
});

describe('transactional sends go out once', () => {
	const people = ['m0', 'm1', 'm2', 'm3', 'm4'];
	const send = (extra: object = {}) => ({
		credentials: sim.credentialFor(ws),
		items: people.map((id) => ({ id })),
		parameters: {
			resource: 'transactional',
			operation: 'sendEmail',
			messageId: '7',
			identifierType: 'id',
			identifier: (i: number) => people[i],
			to: (i: number) => `${people[i]}@example.com`,
		},
		...extra,
	});
	const sentTo = (person: string) => (r: ArrivedRequest) => (r.body as { identifiers?: { id?: string } }).identifiers?.id === person;
	const deliveriesTo = (person: string) => sim.deliveries('client-a').filter((d) => d.identifiers.id === person).length;

	it('On Error: Stop names the items Customer.io accepted; Retry On Fail sends none of them again', async () => {
		const before = people.map(deliveriesTo);
		sim.injectFault({ api: 'app', path: '/v1/send/email', status: 400, when: sentTo('m1'), times: 1 });
		sim.injectFault({ api: 'app', path: '/v1/send/email', status: 500, when: sentTo('m3'), times: 1 });
		const { error, execution, tries } = await runInN8n(send(), { maxTries: 2 });

		// First try: m1 refused, m3's answer lost; the error n8n logged says so, item by item.
		expect(tries).toBe(2);
		expect(execution.log[0]).toContain('Customer.io rejected the request (400)');
		expect(execution.log[0]).toContain(
			'Customer.io accepted items 0, 2, 4. Not accepted: items 1. Outcome unknown (Customer.io may have applied them): items 3. This error is from item 1',
		);
		// Second try: m1 (refused, so surely not sent) goes again; m3 does not (it may have gone out).
		expect(sim.requests.map((r) => (r.body as { identifiers: { id: string } }).identifiers.id).sort()).toEqual(['m0', 'm1', 'm1', 'm2', 'm3', 'm4']);
		expect(error?.message).toBe("Item 3: not sent again: an earlier try of this run sent it and Customer.io's answer was lost");
		expect(error?.description).toContain('Customer.io accepted items 0–2, 4. Outcome unknown (Customer.io may have applied them): items 3.');
		expect(people.map(deliveriesTo).map((count, i) => count - before[i])).toEqual([1, 1, 1, 0, 1]);
	});

	it('a retry outputs what Customer.io answered the first time (delivery_id), marked alreadySent', async () => {
		sim.injectFault({ api: 'app', path: '/v1/send/email', status: 422, when: sentTo('m0'), times: 1 });
		const first = await runInN8n(send({ continueOnFail: true }));
		sim.clearRequests();
		const retried = await runInN8n(send({ continueOnFail: true }), { execution: first.execution });
		expect(retried.output?.[0].json).toMatchObject({ delivery_id: expect.any(String), status: 200 });
		expect(retried.output?.[0].json.alreadySent).toBeUndefined();
		for (let i = 1; i < people.length; i++) {
			expect(retried.output?.[i].json).toMatchObject({ delivery_id: first.output?.[i].json.delivery_id, status: 200, alreadySent: true });
		}
		expect(sim.requests).toHaveLength(1);
	});
});
