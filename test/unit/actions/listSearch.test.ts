import type { ILoadOptionsFunctions } from 'n8n-workflow';
import { searchCampaigns, searchManualSegments, searchSegments, searchTransactionalMessages } from '../../../nodes/CustomerIo/methods/listSearch';
import { fakeExecuteContext } from '../../helpers/fakeExecuteContext';
import { simulatorPerFile } from '../../helpers/simulatorPerFile';

/**
 * The resource locators' "From List" searches with a fake load-options context against the
 * simulator: names with IDs, the search filter, paging through long lists, per credential.
 */
const { sim, ws } = simulatorPerFile();
for (let i = 1; i <= 130; i++) sim.seedCampaign(ws.name, { id: i, name: `Campaign ${String(i).padStart(3, '0')}` });
sim.seedSegment(ws.name, { id: 1, name: 'VIP' });
sim.seedSegment(ws.name, { id: 2, name: 'Active users', type: 'dynamic' });
sim.seedSegment(ws.name, { id: 3, name: 'Newsletter' });
sim.seedTransactionalMessage(ws.name, { id: 4, name: 'Password reset', trigger_name: 'password_reset' });
sim.seedTransactionalMessage(ws.name, { id: 5, name: 'Receipt' });
const other = sim.addWorkspace({ name: 'client-b', region: 'eu' });
sim.seedCampaign(other.name, { id: 900, name: 'Client B only' });

const context = (credentials = sim.credentialFor(ws)) => fakeExecuteContext({ credentials }) as unknown as ILoadOptionsFunctions;

describe('listSearch', () => {
	it('lists campaigns by name with their IDs, 100 a page, and hands out the next page', async () => {
		const first = await searchCampaigns.call(context());
		expect(first.results).toHaveLength(100);
		expect(first.results[0]).toEqual({ name: 'Campaign 001 (1)', value: '1' });
		expect(first.paginationToken).toBe('100');
		const second = await searchCampaigns.call(context(), undefined, first.paginationToken as string);
		expect(second.results.map((r) => r.value)).toEqual(Array.from({ length: 30 }, (_, i) => String(101 + i)));
		expect(second.paginationToken).toBeUndefined();
		expect(sim.requests.map((r) => `${r.api} ${r.method} ${r.path}`)).toEqual(['app GET /v1/campaigns', 'app GET /v1/campaigns']);
	});

	it('filters by the search text (name, case-insensitive, or exact ID)', async () => {
		expect((await searchCampaigns.call(context(), 'campaign 12')).results.map((r) => r.value)).toEqual(Array.from({ length: 10 }, (_, i) => String(120 + i)));
		expect((await searchCampaigns.call(context(), '77')).results).toEqual([{ name: 'Campaign 077 (77)', value: '77' }]);
		expect((await searchCampaigns.call(context(), 'nothing like it')).results).toEqual([]);
	});

	it('lists every segment for the reads, and only manual ones for Add/Remove People', async () => {
		expect((await searchSegments.call(context())).results.map((r) => r.name)).toEqual(['Active users (2)', 'Newsletter (3)', 'VIP (1)']);
		expect((await searchManualSegments.call(context())).results.map((r) => r.value)).toEqual(['3', '1']);
	});

	it('lists transactional messages', async () => {
		expect((await searchTransactionalMessages.call(context(), 'pass')).results).toEqual([{ name: 'Password reset (4)', value: '4' }]);
	});

	it('reads with the node\'s own credential: another client\'s workspace shows its own campaigns only', async () => {
		const results = (await searchCampaigns.call(context(sim.credentialFor(other)))).results;
		expect(results).toEqual([{ name: 'Client B only (900)', value: '900' }]);
		expect(sim.requests.at(-1)).toMatchObject({ workspace: 'client-b', region: 'eu' });
	});

	it('keeps to the App API budget: 12 searches in a row never draw a 429', async () => {
		const started = Date.now();
		for (let i = 0; i < 12; i++) await searchSegments.call(context(), 'vip');
		expect(sim.requests.every((r) => r.status === 200)).toBe(true);
		expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
	});
});
