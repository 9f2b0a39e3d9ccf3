import { createServer } from 'http';
import type { AddressInfo } from 'net';
import type { INodeExecutionData } from 'n8n-workflow';
import * as workflow from 'n8n-workflow';
import { CustomerIoLifecycle } from '../../../nodes/CustomerIo/CustomerIoLifecycle.node';
import { runNode, runNodeError } from '../../helpers/runNode';
import { simulatorPerFile } from '../../helpers/simulatorPerFile';

/**
 * What the node outputs. Since node version 1.1 an output item is the input item's fields plus
 * Customer.io's result under one field (`customerio` unless renamed): Identify → Track → Send
 * chains map `{{ $json.id }}` from the item instead of reaching back with `$('Node').item`.
 * Version 1 nodes keep outputting the result alone. Every loop over items runs in slices, so
 * n8n's event loop (its webhooks, the editor) keeps going during a big run (measured in
 * `npm run bench`, case 6).
 */
const { sim, ws } = simulatorPerFile();

const people = [
	{ id: 'p1', email: 'p1@example.com', plan: 'pro' },
	{ id: 'p2', email: 'p2@example.com', plan: 'free' },
];

const identify = (items: Array<Record<string, unknown>>, extra: Record<string, unknown> = {}) => ({
	credentials: sim.credentialFor(ws),
	items,
	parameters: {
		resource: 'person',
		operation: 'identify',
		identifierType: 'id',
		identifier: (i: number) => items[i].id,
		attributesUi: (i: number) => ({ pair: [{ name: 'plan', value: items[i].plan }] }),
		identifyOptions: {},
		includeInputFields: true,
		resultField: 'customerio',
		...extra,
	},
});

/** Track, as the next node of a chain maps it: identifier and data straight from the item. */
const track = (items: INodeExecutionData[], extra: Record<string, unknown> = {}) => ({
	credentials: sim.credentialFor(ws),
	items,
	parameters: {
		resource: 'event',
		operation: 'track',
		identifierType: 'id',
		identifier: (i: number) => items[i].json.id,
		eventName: 'upgraded',
		dataUi: (i: number) => ({ pair: [{ name: 'plan', value: items[i].json.plan }] }),
		includeInputFields: true,
		resultField: 'customerio',
		...extra,
	},
});

describe('Include Input Fields', () => {
	it("keeps the input item's fields and puts Customer.io's answer under `customerio`", async () => {
		const output = await runNode(identify(people));
		expect(output.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		// Lean: what was sent is the item itself; n8n keeps every output item of a 100,000-item run.
		expect(output[0].json).toEqual({ ...people[0], customerio: { status: 200, via: 'batch' } });
	});

	it('lets the next node of the chain map the person from its own item', async () => {
		const identified = await runNode(identify(people));
		const tracked = await runNode(track(identified));
		expect(tracked.map((o) => o.json.id)).toEqual(['p1', 'p2']);
		expect(tracked[1].json).toEqual({ ...people[1], customerio: { status: 200, via: 'batch' } });
		expect(sim.person('client-a', { id: 'p2' })?.events.map((e) => [e.name, e.data])).toEqual([['upgraded', { plan: 'free' }]]);
	});

	it('puts the result under the field the user names, replacing an input field of that name', async () => {
		const items = [{ id: 'p1', plan: 'pro', cio: 'old value' }];
		const output = await runNode(identify(items, { resultField: ' cio ' }));
		expect(output[0].json).toMatchObject({ id: 'p1', plan: 'pro', cio: { status: 200, via: 'batch' } });
		expect(output[0].json.customerio).toBeUndefined();
	});

	it('refuses an empty result field before sending anything, saying what to do', async () => {
		const error = await runNodeError(identify(people, { resultField: '  ' }));
		expect(error.message).toBe('Put Result in Field is empty');
		expect(error.description).toContain('turn off Include Input Fields');
		expect(sim.requests).toHaveLength(0);
	});

	it('with Continue On Fail, a failed item keeps its fields, `error` on top and the details under the field', async () => {
		const items = [people[0], { id: '', email: 'nobody@example.com', plan: 'pro' }];
		const output = await runNode({ ...identify(items), continueOnFail: true });
		expect(output[1].json).toEqual({
			...items[1],
			error: 'Item 1: Person Identifier is empty',
			customerio: { error: 'Item 1: Person Identifier is empty', description: expect.any(String), status: null, itemIndex: 1 },
		});
		expect(output[0].json.customerio).toMatchObject({ status: 200 });
	});

	it('under "Continue (using error output)", a failed item is {error, message}: the shape n8n sends to the error output', async () => {
		const items = [people[0], { id: '', plan: 'pro' }];
		for (const includeInputFields of [true, false]) {
			const output = await runNode({ ...identify(items, { includeInputFields }), continueOnFail: true, onError: 'continueErrorOutput' });
			// n8n adds the input item's fields to it on the way to the error output.
			expect(output[1].json).toEqual({ error: 'Item 1: Person Identifier is empty', message: expect.stringContaining('Set "Person Identifier"') });
			expect(output[1].pairedItem).toEqual({ item: 1 });
			expect(output[0].json.error).toBeUndefined();
		}
	});

	it('off (version 1 nodes): the output item is the result alone, as before', async () => {
		const output = await runNode(identify(people, { includeInputFields: false }));
		expect(output[0].json).toEqual({
			identifier: { type: 'id', value: 'p1' },
			sent: { type: 'person', identifiers: { id: 'p1' }, action: 'identify', attributes: { plan: 'pro' } },
			status: 200,
			via: 'batch',
		});
	});

	it('is on for new nodes (version 1.1) and off for saved version 1 nodes', () => {
		const options = new CustomerIoLifecycle().description.properties.filter((p) => p.name === 'includeInputFields');
		expect(options.map((p) => [p.displayOptions?.show?.['@version'], p.default])).toEqual([
			[[1], false],
			[[1.1], true],
		]);
		expect(new CustomerIoLifecycle().description.defaultVersion).toBe(1.1);
	});
});

describe('Large runs leave the event loop free', () => {
	// A stub that only counts operations: the simulator's own work would run on this test's
	// event loop too.
	let operations = 0;
	const stub = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			operations += (JSON.parse(Buffer.concat(chunks).toString()) as { batch: unknown[] }).batch.length;
			res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
		});
	});
	beforeAll(() => new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve)));
	afterAll(() => new Promise<void>((resolve) => stub.close(() => resolve())));
	afterEach(() => jest.restoreAllMocks());

	it('yields to the event loop in every pass over the items (prepare, batch, outcomes, output)', async () => {
		const many = Array.from({ length: 10_000 }, (_, i) => ({ id: `bulk-${i}`, plan: i % 2 ? 'pro' : 'free' }));
		const input = identify(many);
		input.credentials = { ...input.credentials, trackBaseUrl: `http://127.0.0.1:${(stub.address() as AddressInfo).port}` };
		// A clock where every slice is used up at once: the node then yields at each check (every
		// 32 items) of every loop, through n8n-workflow's sleep, the one timer community nodes may use.
		let now = 0;
		jest.spyOn(Date, 'now').mockImplementation(() => (now += 10));
		const sleep = jest.spyOn(workflow, 'sleep').mockResolvedValue(undefined);
		operations = 0;
		const output = await runNode(input);
		expect(output.map((o) => o.json.id)).toEqual(many.map((p) => p.id));
		expect(operations).toBe(10_000);
		const yields = sleep.mock.calls.filter(([ms]) => ms === 0).length;
		expect(yields).toBeGreaterThanOrEqual(Math.floor(10_000 / 32) * 4);
	});
});
