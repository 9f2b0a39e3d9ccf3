import { measureBlock, MAX_BLOCK_MS } from '../../helpers/eventLoopProbe';
import { simulatorPerFile } from '../../helpers/simulatorPerFile';
import { runInN8n } from '../transport/n8n';

/**
 * Attack: IDs that would read, change or trigger something other than what the user meant.
 * Broadcasts, newsletters, campaigns, segments, webhooks and triggers are named by integers:
 * only a number or digits pass — not `true` (coerced, it was broadcast 1), `[7]`, "0x1F" (31),
 * "1e3" (1000), other scripts' digits, path tricks or megabytes of digits — and nothing is sent
 * for them. Delivery IDs and person identifiers are text: they stay exactly one path segment,
 * and "." / ".." (which URLs read as "this/parent folder") are refused.
 */
const { sim, ws } = simulatorPerFile({ appRateLimitPerSecond: false });

const byId = (value: unknown) => ({ __rl: true, mode: 'id', value });
const byUrl = (value: string) => ({ __rl: true, mode: 'url', value });

/** Each operation that names a record by a numeric ID, and the field that holds it. */
const numericIdOperations: Array<[string, Record<string, unknown>, string, string]> = [
	['Broadcast → Get', { resource: 'broadcast', operation: 'get' }, 'broadcastId', 'Broadcast'],
	['Broadcast → Get Metrics', { resource: 'broadcast', operation: 'getMetrics' }, 'broadcastId', 'Broadcast'],
	['Broadcast → Trigger', { resource: 'broadcast', operation: 'trigger', audience: 'default' }, 'broadcastId', 'Broadcast'],
	['Broadcast → Get Trigger Status', { resource: 'broadcast', operation: 'getTriggerStatus', triggerId: '1' }, 'broadcastId', 'Broadcast'],
	['Newsletter → Get', { resource: 'newsletter', operation: 'get' }, 'newsletterId', 'Newsletter'],
	['Newsletter → Get Metrics', { resource: 'newsletter', operation: 'getMetrics' }, 'newsletterId', 'Newsletter'],
	['Campaign → Get', { resource: 'campaign', operation: 'get' }, 'campaignId', 'Campaign'],
	['Segment → Add People', { resource: 'segment', operation: 'addPeople', identifierType: 'id', identifier: 'ada' }, 'segmentId', 'Segment ID'],
	['Reporting Webhook → Delete', { resource: 'reportingWebhook', operation: 'delete' }, 'webhookId', 'Reporting Webhook'],
	['Reporting Webhook → Disable', { resource: 'reportingWebhook', operation: 'disable' }, 'webhookId', 'Reporting Webhook'],
];

/** Values that are not an ID, as a locator's value or straight from an expression. */
const notIds: Array<[string, unknown]> = [
	['true (coerced, it was 1)', true],
	['[7] (coerced, it was 7)', [7]],
	['"0x1F" (coerced, it was 31)', '0x1F'],
	['"1e3" (coerced, it was 1000)', '1e3'],
	['Arabic-Indic digits', '٩'],
	['full-width digits', '９'],
	['"9?x=1"', '9?x=1'],
	['"9#top"', '9#top'],
	['"%39"', '%39'],
	['"9 9"', '9 9'],
	['-9', -9],
	['9.5', 9.5],
	['2^31', 2 ** 31],
	['an object', { id: 9 }],
	['null', null],
	['100,000 digits', '9'.repeat(100_000)],
];

describe('numeric IDs: only a number or digits, nothing sent otherwise', () => {
	const cases = numericIdOperations.flatMap(([label, parameters, field, fieldLabel]) =>
		notIds.map(([what, value]) => [label, what, parameters, field, fieldLabel, value] as const),
	);
	it.each(cases)('%s refuses %s', async (_label, _what, parameters, field, fieldLabel, value) => {
		for (const locator of [byId(value), value]) {
			const { output } = await runInN8n({ credentials: sim.credentialFor(ws), continueOnFail: true, parameters: { ...parameters, [field]: locator } });
			expect(output).toHaveLength(1);
			expect(String(output![0].json.error)).toMatch(new RegExp(`^Item 0: ${fieldLabel}`));
			expect(String(output![0].json.error).length).toBeLessThan(600);
		}
		expect(sim.requests).toEqual([]);
	});

	it('refuses a Trigger ID that is not digits, for Get Trigger Status', async () => {
		for (const triggerId of ['1/../2', '0x10', '1e3', '..', true, [3]]) {
			const { output } = await runInN8n({
				credentials: sim.credentialFor(ws),
				continueOnFail: true,
				parameters: { resource: 'broadcast', operation: 'getTriggerStatus', broadcastId: byId('9'), triggerId },
			});
			expect(output![0].json.error).toMatch(/^Item 0: Trigger ID/);
		}
		expect(sim.requests).toEqual([]);
	});

	it.each([
		['Limit', { resource: 'delivery', operation: 'getMany', returnAll: false }, 'limit'],
		['Steps', { resource: 'newsletter', operation: 'getMetrics', newsletterId: 9 }, 'newsletterMetricsOptions.steps'],
	])('%s takes a number or digits, not true, [3] or "0x3"', async (label, parameters, field) => {
		for (const value of [true, [3], '0x3']) {
			const [head, tail] = field.split('.');
			const fieldValue = tail ? { [tail]: value } : value;
			const { output } = await runInN8n({ credentials: sim.credentialFor(ws), continueOnFail: true, parameters: { ...parameters, [head]: fieldValue } });
			expect(output![0].json.error).toBe(`Item 0: ${label}: must be a number`);
		}
		expect(sim.requests).toEqual([]);
	});

	it('takes digits with spaces around them, and a plain number', async () => {
		sim.seedBroadcast(ws.name, { id: 9, name: 'News' });
		for (const value of [' 9 ', 9, byId('9\n')]) {
			await runInN8n({ credentials: sim.credentialFor(ws), parameters: { resource: 'broadcast', operation: 'get', broadcastId: value } });
		}
		expect(sim.requests.map((r) => r.path)).toEqual(['/v1/broadcasts/9', '/v1/broadcasts/9', '/v1/broadcasts/9']);
	});
});

describe('"By URL": the ID after the kind\'s segment, and nothing else, is taken', () => {
	it.each([
		['another kind\'s page', 'https://fly.customer.io/workspaces/1/journeys/campaigns/9/overview'],
		['a path trick', 'https://fly.customer.io/workspaces/1/broadcasts/../campaigns/9'],
		['letters after the ID', 'https://fly.customer.io/workspaces/1/broadcasts/9x/overview'],
		['an encoded slash', 'https://fly.customer.io/workspaces/1/broadcasts%2F9'],
		['other digits', 'https://fly.customer.io/workspaces/1/broadcasts/٩'],
		['an ID too large for the API', 'https://fly.customer.io/workspaces/1/broadcasts/99999999999'],
		['a megabyte of digits', `https://fly.customer.io/broadcasts/${'9'.repeat(1_000_000)}`],
		['no ID at all', 'https://fly.customer.io/broadcasts/'],
	])('refuses %s, sending nothing', async (_what, url) => {
		const { output } = await runInN8n({
			credentials: sim.credentialFor(ws),
			continueOnFail: true,
			parameters: { resource: 'broadcast', operation: 'trigger', audience: 'default', broadcastId: byUrl(url) },
		});
		expect(output![0].json.error).toMatch(/^Item 0: Broadcast/);
		expect(String(output![0].json.error).length).toBeLessThan(600);
		expect(sim.requests).toEqual([]);
	});

	it('a URL of another host only names the ID: the request goes to the credential\'s App API', async () => {
		sim.seedBroadcast(ws.name, { id: 19, name: 'Elsewhere' });
		const { output } = await runInN8n({
			credentials: sim.credentialFor(ws),
			parameters: { resource: 'broadcast', operation: 'get', broadcastId: byUrl('https://attacker.example/x/broadcasts/19?next=/broadcasts/10') },
		});
		expect(output![0].json).toMatchObject({ id: 19, name: 'Elsewhere' });
		expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/broadcasts/19']);
	});

	it('reads a URL of 100,000 repeated segments without holding up n8n', async () => {
		const url = `https://fly.customer.io${'/broadcasts/x'.repeat(100_000)}`;
		const { result, blockedMs } = await measureBlock(() =>
			runInN8n({ credentials: sim.credentialFor(ws), continueOnFail: true, parameters: { resource: 'broadcast', operation: 'get', broadcastId: byUrl(url) } }),
		);
		expect(result.output![0].json.error).toBe('Item 0: Broadcast: the URL holds no /broadcasts/<ID>');
		expect(blockedMs).toBeLessThan(MAX_BLOCK_MS);
	});
});

describe('text IDs stay one path segment', () => {
	const deliveryGet = (deliveryId: unknown) =>
		runInN8n({ credentials: sim.credentialFor(ws), continueOnFail: true, parameters: { resource: 'delivery', operation: 'get', deliveryId } });

	it.each([
		['"."', '.', 'would change the request path'],
		['".."', '..', 'would change the request path'],
		['" .. "', ' .. ', 'would change the request path'],
		['an unpaired surrogate', 'ab\uD800', 'unpaired UTF-16 surrogate'],
		['10,000 characters', 'x'.repeat(10_000), 'longer than 1000 characters'],
		['an object (it became "[object Object]")', { id: 'x' }, 'must be text'],
		['an empty value', '  ', 'is empty'],
	])('Delivery → Get refuses %s, sending nothing', async (_what, deliveryId, problem) => {
		const { output } = await deliveryGet(deliveryId);
		expect(output![0].json.error).toMatch(/^Item 0: Delivery ID: /);
		expect(output![0].json.error).toContain(problem);
		expect(sim.requests).toEqual([]);
	});

	it('Delivery → Get encodes slashes, ?, #, % and dots inside an ID into its one segment', async () => {
		const ids = ['a/../b', '../x', '?x=1', '#top', '%2F', '..%2f', '...', 'ü/é', 'a\\b'];
		for (const id of ids) await deliveryGet(id);
		const segments = sim.requests.map((r) => /^\/v1\/messages\/([^/?#]+)$/.exec(r.path)?.[1]);
		expect(segments.map((s) => (s === undefined ? 'another route' : decodeURIComponent(s)))).toEqual(ids);
	});

	it.each([
		['Person → Get Messages', 'getMessages'],
		['Person → Get Activities', 'getActivities'],
	])('%s refuses ".." and keeps "a/../b" one segment', async (_label, operation) => {
		const ids = ['a/../b', '..'];
		const { output } = await runInN8n({
			credentials: sim.credentialFor(ws),
			continueOnFail: true,
			items: ids.map((id) => ({ id })),
			parameters: { resource: 'person', operation, identifierType: 'id', identifier: (i: number) => ids[i], returnAll: true },
		});
		expect(output!.find((item) => item.pairedItem && (item.pairedItem as { item: number }).item === 1)?.json.error).toMatch(/Person Identifier "\.\." would change the request path/);
		expect(sim.requests.map((r) => r.path)).toEqual([`/v1/customers/a%2F..%2Fb/${operation === 'getMessages' ? 'messages' : 'activities'}`]);
	});
});
