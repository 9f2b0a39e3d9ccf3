import type { IDataObject, ILoadOptionsFunctions } from 'n8n-workflow';
import { searchCampaigns, searchNewsletters } from '../../../nodes/CustomerIo/methods/listSearch';
import { CustomerIoClient } from '../../../nodes/shared/transport/client';
import { PAGING_CEILING } from '../../../nodes/shared/transport/pager';
import { cioPath } from '../../../nodes/shared/transport/paths';
import type { TransportContext } from '../../../nodes/shared/transport/types';
import { fakeExecuteContext } from '../../helpers/fakeExecuteContext';
import { measureBlock, MAX_BLOCK_MS } from '../../helpers/eventLoopProbe';
import { simulatorPerFile } from '../../helpers/simulatorPerFile';
import type { ArrivedRequest } from '../../simulator';
import { runInN8n } from '../transport/n8n';

/**
 * Attack: a Customer.io (or a proxy in front of it) that answers hostile lists and bodies.
 * Paging stops at a `next` it already followed, and "Return All" gives up with a clear error
 * past PAGING_CEILING instead of paging for hours; a page of 200,000 records does not overflow
 * the stack; records and bodies that are not objects become valid n8n items (a text body is
 * never spread into an object with a key per character); the "From List" pickers skip records
 * they could not use.
 */
const { sim, ws } = simulatorPerFile({ appRateLimitPerSecond: false });

const run = (parameters: Record<string, unknown>) =>
	runInN8n({ credentials: sim.credentialFor(ws), continueOnFail: true, parameters: { includeInputFields: false, ...parameters } });
/** Customer.io answers 200 with `body` (text is sent as it is) to every GET of `path`. */
const answer = (path: string, body: unknown | ((request: ArrivedRequest) => unknown)) =>
	sim.injectFault({ api: 'app', method: 'GET', path, status: 200, body, times: Infinity });

describe('paging stops on hostile `next` tokens', () => {
	it('a `next` that comes round again (a → b → a) ends the list: three pages, each record once', async () => {
		const pages: Record<string, IDataObject> = {
			'': { messages: [{ id: 'm1' }], next: 'a' },
			a: { messages: [{ id: 'm2' }], next: 'b' },
			b: { messages: [{ id: 'm3' }], next: 'a' },
		};
		answer('/v1/messages', () => pages[sim.requests.at(-1)?.query.start ?? ''] ?? { messages: [] });
		const { output } = await run({ resource: 'delivery', operation: 'getMany', returnAll: true });
		expect(output!.map((item) => item.json.id)).toEqual(['m1', 'm2', 'm3']);
		expect(sim.requests.map((r) => r.query.start ?? '')).toEqual(['', 'a', 'b']);
	});

	/** A transport context whose "Customer.io" answers `page(n)` to the n-th request, without a network (but yielding, as a socket does). */
	function scripted(page: (n: number) => IDataObject): TransportContext & { asked: number } {
		const ctx = {
			asked: 0,
			getNode: () => ({ id: 'n', name: 'Customer.io Lifecycle', type: 't', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} }),
			getCredentials: async () => sim.credentialFor(ws),
			helpers: {
				httpRequestWithAuthentication: async () => {
					await new Promise((resolve) => setImmediate(resolve));
					return { statusCode: 200, headers: {}, body: page(ctx.asked++) };
				},
			},
		};
		return ctx;
	}
	const list = { api: 'app' as const, method: 'GET' as const, path: cioPath('/v1/messages'), idempotent: true };

	it(`a \`next\` that never ends: "Return All" stops at ${PAGING_CEILING.pages} pages with an error saying what to change`, async () => {
		let ctx = scripted(() => ({}));
		const { result, blockedMs } = await measureBlock(async () => {
			ctx = scripted((n) => ({ messages: [{ id: `m${n}` }], next: `token-${n + 1}` }));
			const client = await CustomerIoClient.create(ctx, { appRatePerSecond: 0 });
			return await client.request({ ...list, paging: { field: 'messages', pageSize: 1000 } }).catch((error: Error) => error);
		});
		expect(ctx.asked).toBe(PAGING_CEILING.pages);
		expect(result).toMatchObject({
			message: `Customer.io's list did not end after ${PAGING_CEILING.pages} pages (${PAGING_CEILING.pages} records)`,
			description: expect.stringContaining('Turn off "Return All" and set a Limit'),
		});
		expect(blockedMs).toBeLessThan(MAX_BLOCK_MS);
	});

	it('with a Limit, the same server is read only until the Limit', async () => {
		const ctx = scripted((n) => ({ messages: [{ id: `m${n}` }], next: `token-${n + 1}` }));
		const client = await CustomerIoClient.create(ctx, { appRatePerSecond: 0 });
		const answered = await client.request({ ...list, paging: { field: 'messages', pageSize: 1000, max: 30 } });
		expect(ctx.asked).toBe(30);
		expect(answered.body.messages).toHaveLength(30);
	});

	it(`one answer of more than ${PAGING_CEILING.records.toLocaleString('en-US')} records is refused, not held`, async () => {
		const huge = Array.from({ length: PAGING_CEILING.records + 1 }, (_, i) => i);
		const ctx = scripted(() => ({ campaigns: huge }));
		const client = await CustomerIoClient.create(ctx, { appRatePerSecond: 0 });
		const error = await client.request({ ...list, path: cioPath('/v1/campaigns'), paging: { field: 'campaigns' } }).catch((e: Error) => e);
		expect((error as Error).message).toBe(`Customer.io's list did not end after 1 pages (${PAGING_CEILING.records + 1} records)`);
	});
});

describe('big and malformed answers become valid n8n items', () => {
	it('a page of 200,000 records (push(...page) overflowed the stack) gives 200,000 items', async () => {
		answer('/v1/campaigns', JSON.stringify({ campaigns: Array.from({ length: 200_000 }, (_, i) => ({ id: i + 1 })) }));
		const started = performance.now();
		const { output, error } = await run({ resource: 'campaign', operation: 'getMany', returnAll: true });
		expect(error).toBeUndefined();
		expect(output).toHaveLength(200_000);
		expect(output![199_999].json).toEqual({ id: 200_000 });
		expect(performance.now() - started).toBeLessThan(10_000);
	}, 30_000);

	it('records that are not objects are output as {value}', async () => {
		answer('/v1/campaigns', { campaigns: [1, null, 'text', [1, 2], { id: 5, name: 'ok' }] });
		const { output } = await run({ resource: 'campaign', operation: 'getMany', returnAll: true });
		expect(output!.map((item) => item.json)).toEqual([{ value: 1 }, { value: null }, { value: 'text' }, { value: [1, 2] }, { id: 5, name: 'ok' }]);
	});

	it.each([
		['a list field that is not a list', { campaigns: 'everything' }],
		['no list field', { something: [] }],
		['a body of null', 'null'],
		['a text body', 'Service Unavailable'],
	])('a list answer with %s gives no items, and no error', async (_what, body) => {
		answer('/v1/campaigns', body);
		const { output, error } = await run({ resource: 'campaign', operation: 'getMany', returnAll: true });
		expect([error, output]).toEqual([undefined, []]);
	});

	const megabyteOfText = 'x'.repeat(1_000_000);
	it.each([
		['Broadcast → Get', '/v1/broadcasts/9', { resource: 'broadcast', operation: 'get', broadcastId: 9 }],
		['Broadcast → Get Metrics', '/v1/broadcasts/9/metrics', { resource: 'broadcast', operation: 'getMetrics', broadcastId: 9 }],
		['Broadcast → Get Trigger Status', '/v1/campaigns/9/triggers/3', { resource: 'broadcast', operation: 'getTriggerStatus', broadcastId: 9, triggerId: '3' }],
		['Newsletter → Get Metrics', '/v1/newsletters/9/metrics', { resource: 'newsletter', operation: 'getMetrics', newsletterId: 9 }],
		['Campaign → Get Metrics', '/v1/campaigns/9/metrics', { resource: 'campaign', operation: 'getMetrics', campaignId: 9 }],
		['Delivery → Get', '/v1/messages/d1', { resource: 'delivery', operation: 'get', deliveryId: 'd1' }],
		['Reporting Webhook → Get', '/v1/reporting_webhooks/9', { resource: 'reportingWebhook', operation: 'get', webhookId: 9 }],
		['Person → Find by Email', '/v1/customers', { resource: 'person', operation: 'findByEmail', email: 'ada@example.com' }],
	])('%s: a body of null, a list, or a megabyte of text gives one small item, not one key per character', async (_label, path, parameters) => {
		for (const body of ['null', '[1, 2, 3]', megabyteOfText]) {
			sim.clearFaults();
			answer(path, body);
			// Shape only: the simulator sending a megabyte shares this process's event loop.
			const result = await run(parameters);
			expect(result.error).toBeUndefined();
			expect(result.output).toHaveLength(1);
			const json = result.output![0].json;
			expect(json.error).toBeUndefined();
			expect(Object.keys(json).length).toBeLessThanOrEqual(4);
			expect(JSON.stringify(json).length).toBeLessThan(200);
		}
	});

	it('Reporting Webhook → Enable, when the webhook read first is not an object, changes nothing and says why', async () => {
		answer('/v1/reporting_webhooks/9', 'null');
		const { output } = await run({ resource: 'reportingWebhook', operation: 'enable', webhookId: 9 });
		expect(output![0].json.error).toBe("Item 0: Customer.io's answer for reporting webhook 9 has no name, endpoint, events");
		expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/reporting_webhooks/9']);
	});
});

describe('"From List" pickers skip records they could not use', () => {
	const context = () => fakeExecuteContext({ credentials: sim.credentialFor(ws) }) as unknown as ILoadOptionsFunctions;

	it('records that are not objects, or have no numeric ID, are left out; the rest are listed', async () => {
		answer('/v1/campaigns', { campaigns: [null, 7, 'x', { name: 'no id' }, { id: { $gt: 1 }, name: 'object id' }, { id: '1/../2', name: 'path id' }, { id: 3, name: 'Welcome' }] });
		expect((await searchCampaigns.call(context())).results).toEqual([{ name: 'Welcome (3)', value: '3' }]);
	});

	it('a list field that is not a list, or a text body, lists nothing', async () => {
		for (const body of [{ campaigns: 'all' }, 'Bad Gateway']) {
			sim.clearFaults();
			answer('/v1/campaigns', body);
			expect((await searchCampaigns.call(context())).results).toEqual([]);
		}
	});

	it('a newsletter list whose `next` comes round again is read once round', async () => {
		const pages: Record<string, IDataObject> = {
			'': { newsletters: [{ id: 1, name: 'One' }], next: 'a' },
			a: { newsletters: [{ id: 2, name: 'Two' }], next: 'a' },
		};
		answer('/v1/newsletters', () => pages[sim.requests.at(-1)?.query.start ?? '']);
		expect((await searchNewsletters.call(context())).results.map((r) => r.value)).toEqual(['1', '2']);
		expect(sim.requests).toHaveLength(2);
	});
});
