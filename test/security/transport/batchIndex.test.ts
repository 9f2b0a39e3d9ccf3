import { simulatorPerFile } from '../../helpers/simulatorPerFile';
import { runInN8n } from './n8n';

/**
 * Attack: a 207 "partial failure" to a Track v2 batch whose errors do not say which operation
 * failed — `batch_index` missing, out of range, negative, fractional, null or not a number, or
 * no errors listed at all. Each such answer used to mark every item of the batch OK (or, for
 * `null`, blame item 0). Now only an error with a valid `batch_index` fails its own item; an
 * error that names no valid item fails every other item of the batch as "may or may not have
 * been applied", and the item says so.
 */
const { sim, ws } = simulatorPerFile();

const ids = ['b0', 'b1', 'b2'];
const track = (extra: object = {}) => ({
	credentials: sim.credentialFor(ws),
	items: ids.map((id) => ({ id })),
	parameters: { resource: 'event', operation: 'track', identifierType: 'id', identifier: (i: number) => ids[i], eventName: 'opened' },
	...extra,
});
const UNATTRIBUTED = /^Item \d: Customer\.io reported a partial failure \(207\) that names no item of this batch/;

describe('a 207 whose errors name no valid item never passes the batch as delivered', () => {
	it.each([
		['no batch_index', { message: 'invalid' }],
		['batch_index out of range', { batch_index: 3, message: 'invalid' }],
		['negative batch_index', { batch_index: -1, message: 'invalid' }],
		['fractional batch_index', { batch_index: 1.5, message: 'invalid' }],
		['batch_index null', { batch_index: null, message: 'invalid' }],
		['batch_index ""', { batch_index: '', message: 'invalid' }],
		['batch_index "x"', { batch_index: 'x', message: 'invalid' }],
		['batch_index true', { batch_index: true, message: 'invalid' }],
	])('%s: every item fails as "may or may not have been applied"', async (_label, error) => {
		sim.injectFault({ api: 'track', path: '/api/v2/batch', status: 207, body: { errors: [error] } });
		const { output } = await runInN8n(track({ continueOnFail: true }));
		expect(output?.map((item) => item.json.status)).toEqual([207, 207, 207]);
		for (const item of output ?? []) {
			expect(item.json.error).toMatch(UNATTRIBUTED);
			expect(item.json.description).toMatch(/may or may not have been applied/);
		}
	});

	it.each([
		['an empty errors list', { errors: [] }],
		['no errors field', {}],
		['errors that is not a list', { errors: 'something failed' }],
	])('%s: every item fails the same way', async (_label, body) => {
		sim.injectFault({ api: 'track', path: '/api/v2/batch', status: 207, body });
		const { output } = await runInN8n(track({ continueOnFail: true }));
		expect(output?.every((item) => UNATTRIBUTED.test(String(item.json.error)))).toBe(true);
	});

	it('an error with a valid batch_index fails its own item; an unnamed one makes the others uncertain', async () => {
		sim.injectFault({
			api: 'track',
			path: '/api/v2/batch',
			status: 207,
			body: { errors: [{ batch_index: '1', field: 'name', message: 'is reserved' }, { batch_index: 7, message: 'lost' }] },
		});
		const { output } = await runInN8n(track({ continueOnFail: true }));
		expect(output?.[1].json.error).toBe('Item 1: Customer.io rejected this item: name: is reserved');
		expect(output?.[0].json.error).toBe('Item 0: Customer.io reported a partial failure (207) that names no item of this batch: lost');
		expect(output?.[2].json.error).toMatch(UNATTRIBUTED);
	});

	it('On Error: Stop says the outcome of every item is unknown', async () => {
		sim.injectFault({ api: 'track', path: '/api/v2/batch', status: 207, body: { errors: [{ message: 'invalid' }] } });
		const { error } = await runInN8n(track());
		expect(error?.message).toMatch(UNATTRIBUTED);
		expect(error?.description).toContain('Customer.io accepted none of the items. Outcome unknown (Customer.io may have applied them): items 0–2.');
	});

	it('Retry On Fail sends the uncertain items again with the same event ids: each event is stored once', async () => {
		sim.injectFault({ api: 'track', path: '/api/v2/batch', status: 207, body: { errors: [{ message: 'invalid' }] } });
		const { output, tries } = await runInN8n(track(), { maxTries: 2 });
		expect(tries).toBe(2);
		expect(output?.every((item) => item.json.status === 200)).toBe(true);
		const [first, second] = sim.requests.map((r) => (r.body as { batch: Array<{ id: string }> }).batch.map((op) => op.id));
		expect(second).toEqual(first);
		for (const id of ids) expect(sim.person('client-a', { id })?.events).toHaveLength(1);
	});
});
