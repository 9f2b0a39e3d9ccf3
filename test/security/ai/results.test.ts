import type { IDataObject } from 'n8n-workflow';
import { RESULT_LIMITS } from '../../../nodes/CustomerIoAiResults/limits';
import { ALLOCATION_KEY } from '../../../nodes/shared/allocation';
import { runAiResults } from '../../helpers/aiResults';
import { MAX_BLOCK_MS, measureBlock } from '../../helpers/eventLoopProbe';

/**
 * Customer.io AI Results on large or hostile result rows: the node runs on n8n's event loop, and
 * Update Allocation's snapshot is loaded with the workflow on every AI Personalize request. Runs
 * over a limit stop before any work with an error that names the limit; runs within the limits
 * never keep the event loop busy for 50 ms or more.
 */
const copies = (templates: number, perTemplate: number, rowsPerCopy = 1) =>
	Array.from({ length: templates * perTemplate * rowsPerCopy }, (_, i) => {
		const copy = Math.floor(i / rowsPerCopy);
		const served = 1_000 + (copy % perTemplate);
		return { template_id: `t${Math.floor(copy / perTemplate)}`, copy_id: `c${copy % perTemplate}`, variant: 'A', source: 'ai', served, successes: 40 + (copy % 7), delivered: served, opened: 300, clicked: 40, converted: 10 };
	});

const refusal = async (parameters: Record<string, unknown>, rows: object[]) => {
	const started = performance.now();
	const error = (await runAiResults(parameters, rows).then(
		() => undefined,
		(e: unknown) => e,
	)) as { message: string; description?: string } | undefined;
	return { message: error?.message, description: error?.description, ms: performance.now() - started };
};

describe('Update Allocation refuses before drawing, Report before reporting', () => {
	it(`more than ${RESULT_LIMITS.copiesPerTemplate} copy_ids in one template (a per-answer id in the copy_id column)`, async () => {
		const refused = await refusal({ operation: 'updateAllocation', minSharePercent: 0 }, copies(1, 101));
		expect(refused.message).toBe(`Item 101: template "t0" has more than ${RESULT_LIMITS.copiesPerTemplate} copy_ids, the most Update Allocation takes per template`);
		expect(refused.description).toMatch(/current variants/);
	});

	it(`more than ${RESULT_LIMITS.templates} templates`, async () => {
		const refused = await refusal({ operation: 'updateAllocation' }, copies(1_001, 2));
		expect(refused.message).toBe('Item 2001: the items hold more than 1,000 templates, the most Update Allocation takes per run');
	});

	it('the same template and copy limits in Report, counting a copy_id in and out of the holdout once', async () => {
		const holdout = copies(1, 100).map((row) => ({ ...row, source: 'control', variant: 'control' }));
		expect((await refusal({ operation: 'report', chart: false }, [...copies(1, 100), ...holdout])).message).toBeUndefined();
		expect((await refusal({ operation: 'report', chart: false }, copies(1, 101))).message).toBe(`Item 101: template "t0" has more than ${RESULT_LIMITS.copiesPerTemplate} copy_ids, the most Report takes per template`);
		expect((await refusal({ operation: 'report', chart: false }, copies(1_001, 1))).message).toBe('Item 1001: the items hold more than 1,000 templates, the most Report takes per run');
	});

	it('more posterior draws than one run may take, whatever the templates, without drawing any', async () => {
		// 11 templates × 100 copies × 100,000 draws = 110 million: minutes of work on one core.
		const refused = await refusal({ operation: 'updateAllocation', minSharePercent: 0, draws: 100_000 }, copies(11, 100));
		expect(refused.message).toBe('This run would take 110,000,000 posterior draws (Draws × copies, summed over templates); the limit is 100,000,000');
		expect(refused.description).toMatch(/Lower Draws/);
		expect(refused.ms).toBeLessThan(2_000);
	});
});

describe('within the limits, n8n keeps answering', () => {
	it('draws 26 copies × 100,000 (the most variants a template has, the most draws) in slices', async () => {
		const { result, blockedMs } = await measureBlock(() => runAiResults({ operation: 'updateAllocation', minSharePercent: 0, draws: 100_000 }, copies(1, 26)));
		expect(Object.keys(result.out[0].json.shares as IDataObject)).toHaveLength(26);
		expect(blockedMs).toBeLessThan(MAX_BLOCK_MS);
	}, 60_000);

	it('reads 100,000 rows (500 templates × 20 copies × 10 rows each) in slices', async () => {
		const rows = copies(500, 20, 10);
		const { result, blockedMs } = await measureBlock(() => runAiResults({ operation: 'updateAllocation', minSharePercent: 0, draws: 100 }, rows));
		expect(result.out).toHaveLength(500);
		expect(result.out[0].json.stats).toContainEqual({ copy_id: 'c0', served: 10_000, successes: 400, rate: 0.04 });
		expect(blockedMs).toBeLessThan(MAX_BLOCK_MS);
	}, 60_000);

	it('reports 100,000 copies (1,000 templates × 100), drawing the first 40 in the chart', async () => {
		const rows = copies(1_000, 100);
		const { result, blockedMs } = await measureBlock(() => runAiResults({ operation: 'report', chart: true }, rows));
		expect(result.out).toHaveLength(100_000);
		const svg = result.binaries[0].data.toString();
		expect(svg.match(/<rect /g)).toHaveLength(41); // background + 40 bars
		expect(svg).toContain('99960 more copies not drawn (the first 40 are): every copy is in the items');
		expect(blockedMs).toBeLessThan(MAX_BLOCK_MS);
	}, 60_000);
});

describe('the snapshot stays bounded', () => {
	it(`keeps at most ${RESULT_LIMITS.templates} templates, the newest, with this run's written over them`, async () => {
		const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
		const stored = Object.fromEntries(Array.from({ length: RESULT_LIMITS.templates }, (_, i) => [`old${i}`, { updatedAt: at(i + 1), outcome: 'clicked', shares: { x: 1 } }]));
		const staticData: IDataObject = { [ALLOCATION_KEY]: stored };
		await runAiResults({ operation: 'updateAllocation' }, copies(3, 2), staticData);
		const kept = Object.keys(staticData[ALLOCATION_KEY] as IDataObject);
		expect(kept).toHaveLength(RESULT_LIMITS.templates);
		expect(kept).toEqual(expect.arrayContaining(['t0', 't1', 't2', 'old0', `old${RESULT_LIMITS.templates - 4}`]));
		expect(kept).not.toContain(`old${RESULT_LIMITS.templates - 3}`);
	});
});
