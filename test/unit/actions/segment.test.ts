import { sentProblems } from '../../helpers/officialTrack';
import { runNode, runNodeError } from '../../helpers/runNode';
import { simulatorPerFile } from '../../helpers/simulatorPerFile';

/**
 * Segment → Add People / Remove People against the simulator: items are gathered into Track v1
 * manual-segment calls of at most 1000 people (one per segment and id_type), each call's
 * outcome goes back to its items, and bad input is refused before anything is sent.
 */
const { sim, ws } = simulatorPerFile();
sim.seedSegment('client-a', { id: 7, name: 'VIP' });
sim.seedSegment('client-a', { id: 8, name: 'Trial' });
sim.seedSegment('client-a', { id: 9, name: 'Active (data-driven)', type: 'dynamic' });

interface Row {
	who: string;
	by?: 'id' | 'email' | 'cio_id';
	segment?: number;
}

function segmentRun(operation: 'addPeople' | 'removePeople', rows: Row[], params: Record<string, unknown> = {}) {
	return {
		credentials: sim.credentialFor(ws),
		items: rows.map((row) => ({ ...row })),
		parameters: {
			resource: 'segment',
			operation,
			segmentId: (i: number) => rows[i].segment ?? 7,
			identifierType: (i: number) => rows[i].by ?? 'id',
			identifier: (i: number) => rows[i].who,
			...params,
		},
	};
}

const calls = () => sim.requests.map((r) => `${r.method} ${r.path}?id_type=${r.query.id_type} (${(r.body as { ids: string[] }).ids.length})`);
const members = (segment: number) => sim.segmentMembers('client-a', segment).map((p) => p.id ?? p.email);
const seed = (prefix: string, count: number) =>
	Array.from({ length: count }, (_, i) => sim.seedPerson('client-a', { id: `${prefix}-${i}`, email: `${prefix}-${i}@example.com` }));

describe('Segment → Add People', () => {
	it('adds 2,500 people in three calls of at most 1000, and outputs one paired item each', async () => {
		seed('bulk', 2500);
		const rows = Array.from({ length: 2500 }, (_, i) => ({ who: `bulk-${i}` }));
		const output = await runNode(segmentRun('addPeople', rows));
		expect(calls()).toEqual([
			'POST /api/v1/segments/7/add_customers?id_type=id (1000)',
			'POST /api/v1/segments/7/add_customers?id_type=id (1000)',
			'POST /api/v1/segments/7/add_customers?id_type=id (500)',
		]);
		expect(output).toHaveLength(2500);
		expect(output[2499]).toMatchObject({
			json: { identifier: { type: 'id', value: 'bulk-2499' }, sent: { segment_id: 7, action: 'add_customers', id_type: 'id', id: 'bulk-2499' }, status: 200, via: 'batch' },
			pairedItem: { item: 2499 },
		});
		expect(members(7)).toHaveLength(2500);
		expect(sim.requests.flatMap((r) => sentProblems(r))).toEqual([]);
	});

	it('makes one call per segment and kind of identifier; an id given twice rides once', async () => {
		seed('mix', 3);
		const rows: Row[] = [
			{ who: 'mix-0' },
			{ who: 'mix-1@example.com', by: 'email' },
			{ who: 'mix-2', segment: 8 },
			{ who: 'mix-0' },
			{ who: 'mix-2@example.com', by: 'email' },
		];
		const output = await runNode(segmentRun('addPeople', rows));
		expect(calls()).toEqual([
			'POST /api/v1/segments/7/add_customers?id_type=id (1)',
			'POST /api/v1/segments/7/add_customers?id_type=email (2)',
			'POST /api/v1/segments/8/add_customers?id_type=id (1)',
		]);
		expect(output.map((o) => o.json.status)).toEqual([200, 200, 200, 200, 200]);
		expect(members(7)).toEqual(expect.arrayContaining(['mix-0', 'mix-1', 'mix-2']));
		expect(members(8)).toEqual(['mix-2']);
	});

	it('sends each item alone when batching is off', async () => {
		seed('single', 2);
		await runNode(segmentRun('addPeople', [{ who: 'single-0' }, { who: 'single-1' }], { batching: false }));
		expect(calls()).toEqual(['POST /api/v1/segments/7/add_customers?id_type=id (1)', 'POST /api/v1/segments/7/add_customers?id_type=id (1)']);
	});

	it('fails only the items of the call Customer.io refused (unknown and data-driven segments), with Continue On Fail', async () => {
		seed('part', 3);
		const rows: Row[] = [{ who: 'part-0' }, { who: 'part-1', segment: 999 }, { who: 'part-2', segment: 9 }, { who: 'part-2' }];
		const output = await runNode({ ...segmentRun('addPeople', rows), continueOnFail: true });
		expect(output.map((o) => [o.json.status, o.json.error ?? null])).toEqual([
			[200, null],
			[404, 'Not found in Customer.io (404): segment 999 not found'],
			[400, 'Customer.io rejected the request (400): people can only be added to or removed from manual segments'],
			[200, null],
		]);
		expect(output[1].pairedItem).toEqual({ item: 1 });
		expect(members(7)).toEqual(expect.arrayContaining(['part-0', 'part-2']));
	});

	it('without Continue On Fail, stops with the error and says which items Customer.io accepted', async () => {
		seed('stop', 2);
		sim.injectFault({ api: 'track', status: 400, body: { meta: { errors: ['ids is invalid'] } }, when: (r) => r.path.startsWith('/api/v1/segments/8/') });
		const error = await runNodeError(segmentRun('addPeople', [{ who: 'stop-0' }, { who: 'stop-1', segment: 8 }]));
		expect(error.message).toBe('Customer.io rejected the request (400): ids is invalid');
		expect(error.description).toContain('Customer.io accepted items 0.');
	});

	it.each([
		['a Segment ID of 0 (the empty field)', { segmentId: 0 }, "Item 0: Segment ID: must be 1 or more: find the ID on the segment's page in Customer.io (Segments → the segment → Usage)"],
		['a Segment ID that is not a number', { segmentId: 'vip' }, 'Item 0: Segment ID: must be a number'],
		['a fractional Segment ID', { segmentId: 7.5 }, 'Item 0: Segment ID: must be a whole number'],
		['an identifier over 150 bytes', { identifier: 'x'.repeat(151) }, 'Item 0: Person Identifier is 151 bytes; Customer.io allows at most 150'],
	])('refuses %s before sending', async (_label, params, message) => {
		const error = await runNodeError(segmentRun('addPeople', [{ who: 'a' }], params));
		expect(error.message).toBe(message);
		expect(sim.requests).toHaveLength(0);
	});

	it('takes a segment ID given as text by an expression', async () => {
		seed('text', 1);
		await runNode(segmentRun('addPeople', [{ who: 'text-0' }], { segmentId: () => '8' }));
		expect(calls()).toEqual(['POST /api/v1/segments/8/add_customers?id_type=id (1)']);
	});
});

describe('Segment → Remove People', () => {
	it('removes people in one call per segment and id_type, and only them', async () => {
		seed('gone', 4);
		await runNode(segmentRun('addPeople', [0, 1, 2, 3].map((i) => ({ who: `gone-${i}` }))));
		sim.clearRequests();
		const output = await runNode(segmentRun('removePeople', [{ who: 'gone-0' }, { who: 'gone-1@example.com', by: 'email' }, { who: 'gone-2' }]));
		expect(calls()).toEqual(['POST /api/v1/segments/7/remove_customers?id_type=id (2)', 'POST /api/v1/segments/7/remove_customers?id_type=email (1)']);
		expect(output[1].json.sent).toEqual({ segment_id: 7, action: 'remove_customers', id_type: 'email', id: 'gone-1@example.com' });
		expect(members(7).filter((m) => String(m).startsWith('gone-'))).toEqual(['gone-3']);
		expect(sim.requests.flatMap((r) => sentProblems(r))).toEqual([]);
	});

	it('refuses a bad Segment ID before sending', async () => {
		const error = await runNodeError(segmentRun('removePeople', [{ who: 'a' }], { segmentId: -3 }));
		expect(error.message).toMatch(/^Item 0: Segment ID: must be 1 or more/);
		expect(sim.requests).toHaveLength(0);
	});
});
