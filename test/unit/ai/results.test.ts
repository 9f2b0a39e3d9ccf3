import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { chartSvg, escapeXml } from '../../../nodes/CustomerIoAiResults/chart';
import { newcombe, wilson } from '../../../nodes/CustomerIoAiResults/intervals';
import { ALLOCATION_KEY } from '../../../nodes/shared/allocation';
import { runAiResults as run } from '../../helpers/aiResults';

/**
 * "Customer.io AI Results": Update Allocation writes Thompson-sampling shares to the workflow's
 * static data (what AI Personalize reads); Report turns result rows into counts, rates, lift
 * against the holdout with Newcombe's interval, and a chart.
 */
describe('Update Allocation', () => {
	const stats = [
		{ template_id: 'welcome', copy_id: 'welcome-a', served: 1_000, successes: 20 },
		{ template_id: 'welcome', copy_id: 'welcome-b', served: 1_000, successes: 80 },
		{ template_id: 'welcome', copy_id: 'welcome-control', source: 'control', served: 100, successes: 3 },
		{ template_id: 'winback', copy_id: 'winback-a', served: '40', successes: '4' },
	];

	it('writes shares per template to static data and outputs one item per template, paired with its rows', async () => {
		const { out, staticData } = await run({ operation: 'updateAllocation', outcome: 'clicked' }, stats, { other: 'kept' });
		const written = staticData[ALLOCATION_KEY] as IDataObject;
		expect(Object.keys(written)).toEqual(['welcome', 'winback']);
		expect(written.welcome).toEqual({ updatedAt: expect.any(String), outcome: 'clicked', shares: { 'welcome-a': 0.05, 'welcome-b': 0.95 } });
		expect(written.winback).toMatchObject({ shares: { 'winback-a': 1 } });
		expect(staticData.other).toBe('kept');
		expect(out.map((item) => [item.json.template_id, item.pairedItem])).toEqual([
			['welcome', [{ item: 0 }, { item: 1 }]],
			['winback', [{ item: 3 }]],
		]);
		expect(out[0].json).toMatchObject({
			draws: 10_000,
			min_share: 0.05,
			saved: true,
			stats: [
				{ copy_id: 'welcome-a', served: 1_000, successes: 20, rate: 0.02 },
				{ copy_id: 'welcome-b', served: 1_000, successes: 80, rate: 0.08 },
			],
			probability_best: { 'welcome-a': 0, 'welcome-b': 1 },
		});
	});

	it('adds up rows of one copy, keeps templates it was not given (dropping those past the longest Snapshot Max Age), and reads renamed columns', async () => {
		const hoursAgo = (hours: number) => ({ updatedAt: new Date(Date.now() - hours * 3_600_000).toISOString(), outcome: 'clicked', shares: { x: 1 } });
		// AI Personalize reads entries up to 7 days old at most: older ones only weigh on every request.
		const staticData: IDataObject = { [ALLOCATION_KEY]: { older: hoursAgo(1), expired: hoursAgo(7 * 24 + 1) } };
		const rows = [
			{ tpl: 'welcome', copy: 'welcome-a', n: 300, clicks: 30 },
			{ tpl: 'welcome', copy: 'welcome-a', n: 200, clicks: 20 },
			{ tpl: 'welcome', copy: 'welcome-b', n: 500, clicks: 10 },
		];
		const { out } = await run({ operation: 'updateAllocation', fields: { templateId: 'tpl', copyId: 'copy', served: 'n', successes: 'clicks' }, minSharePercent: 10 }, rows, staticData);
		expect(out[0].json.stats).toEqual([
			{ copy_id: 'welcome-a', served: 500, successes: 50, rate: 0.1 },
			{ copy_id: 'welcome-b', served: 500, successes: 10, rate: 0.02 },
		]);
		expect(out[0].json.shares).toEqual({ 'welcome-a': 0.9, 'welcome-b': 0.1 });
		expect(Object.keys(staticData[ALLOCATION_KEY] as IDataObject)).toEqual(['older', 'welcome']);
	});

	it('says in manual runs that n8n will not save the shares', async () => {
		const { out } = await run({ operation: 'updateAllocation' }, stats.slice(0, 2), {}, 'manual');
		expect(out[0].json.saved).toBe(false);
	});

	it.each([
		[{ copy_id: 'a', served: 10, successes: 1 }, 'Item 1: template_id is missing'],
		[{ template_id: 'w', copy_id: '', served: 10, successes: 1 }, 'Item 1: copy_id must be text of 1 to 100 characters (it is "")'],
		[{ template_id: 'w', copy_id: 'a', served: -1, successes: 0 }, 'Item 1: served must be a whole number of 0 or more (it is -1)'],
		[{ template_id: 'w', copy_id: 'a', served: 2.5, successes: 0 }, 'Item 1: served must be a whole number of 0 or more (it is 2.5)'],
		[{ template_id: 'w', copy_id: 'a', served: 'ten', successes: 0 }, 'Item 1: served must be a whole number of 0 or more (it is "ten")'],
		[{ template_id: 'w', copy_id: 'a', served: 10 }, 'Item 1: successes is missing'],
		[{ template_id: 'w', copy_id: 'a', served: 10, successes: 11 }, 'Item 1: successes (11) is more than served (10)'],
	])('refuses %j with a message that names the column', async (row, message) => {
		const staticData: IDataObject = {};
		await expect(run({ operation: 'updateAllocation' }, [row], staticData)).rejects.toThrow(message);
		expect(staticData).toEqual({});
	});

	it('refuses a minimum share the variants cannot all have', async () => {
		const rows = ['a', 'b', 'c'].map((copy_id) => ({ template_id: 'w', copy_id, served: 10, successes: 1 }));
		await expect(run({ operation: 'updateAllocation', minSharePercent: 40 }, rows)).rejects.toThrow('Minimum Share (%) is too high for the 3 variants of template "w"');
	});

	it('refuses Draws outside 100 to 100,000', async () => {
		await expect(run({ operation: 'updateAllocation', draws: 5 }, stats)).rejects.toThrow('Draws must be a number from 100 to 100000');
	});

	it('keeps a template_id such as "__proto__" as a plain key of the snapshot', async () => {
		const { staticData } = await run({ operation: 'updateAllocation' }, [{ template_id: '__proto__', copy_id: 'a', served: 1, successes: 0 }]);
		const written = staticData[ALLOCATION_KEY] as IDataObject;
		expect(Object.keys(written)).toEqual(['__proto__']);
		expect(Object.getPrototypeOf(written)).toBe(Object.prototype);
	});
});

describe('intervals (reference values: Newcombe 1998, Stat Med 17:857 and 17:873, method 3 and method 10)', () => {
	it.each([
		[81, 263, 0.2553, 0.3662],
		[15, 148, 0.0624, 0.1605],
		[0, 20, 0, 0.1611],
		[1, 29, 0.0061, 0.1718],
	])('Wilson for %i of %i: %d to %d', (x, n, low, high) => {
		const interval = wilson(x, n);
		expect([interval.low.toFixed(4), interval.high.toFixed(4)]).toEqual([low.toFixed(4), high.toFixed(4)]);
	});

	it.each([
		[56, 70, 48, 80, 0.0524, 0.3339],
		[9, 10, 3, 10, 0.1705, 0.809],
		[6, 7, 2, 7, 0.0582, 0.8062],
		[5, 56, 0, 29, -0.0381, 0.1926],
		[0, 10, 0, 20, -0.1611, 0.2775],
		[0, 10, 0, 10, -0.2775, 0.2775],
		[10, 10, 0, 20, 0.6791, 1],
		[10, 10, 0, 10, 0.6075, 1],
	])('Newcombe for %i/%i − %i/%i: %d to %d', (x1, n1, x2, n2, low, high) => {
		const interval = newcombe(x1, n1, x2, n2);
		expect([interval.low.toFixed(4), interval.high.toFixed(4)]).toEqual([low.toFixed(4), high.toFixed(4)]);
	});
});

describe('Report', () => {
	// Newcombe's example (a): 56 of 70 against 48 of 80, here clicks per delivered message.
	const rows = [
		{ template_id: 'welcome', copy_id: 'welcome-a', variant: 'B', source: 'ai', served: 75, delivered: 70, opened: 60, clicked: 56, converted: 7 },
		{ template_id: 'welcome', copy_id: 'welcome-control', variant: 'control', source: 'control', served: 85, delivered: 80, opened: 66, clicked: 40, converted: 4 },
		{ template_id: 'welcome', copy_id: 'welcome-b', variant: 'C', source: 'fallback', served: 50, delivered: 50, opened: 20, clicked: 0, converted: 0 },
		// A second row of the control (e.g. another day, counts as Postgres text) adds up with the first.
		{ template_id: 'welcome', copy_id: 'welcome-control', variant: 'control', source: 'control', served: '5', delivered: '8', opened: '0', clicked: '8', converted: '0' },
	];
	const allocation = { [ALLOCATION_KEY]: { welcome: { updatedAt: '2026-03-01T12:00:00.000Z', outcome: 'clicked', shares: { 'welcome-a': 0.7, 'welcome-b': 0.3 } } } };

	it('reports counts, rates and lift against the holdout with its 95% interval', async () => {
		const { out } = await run({ operation: 'report', metric: 'clicked', base: 'delivered', chart: false }, rows, allocation);
		expect(out.map((item) => [item.json.copy_id, item.json.source, item.pairedItem])).toEqual([
			['welcome-a', 'variant', [{ item: 0 }]],
			['welcome-control', 'control', [{ item: 1 }, { item: 3 }]],
			['welcome-b', 'variant', [{ item: 2 }]],
		]);
		const [a, control, b] = out.map((item) => item.json);
		expect(control).toMatchObject({ served: 90, delivered: 88, clicked: 48, rate: 0.545455, lift_vs_control: null, allocation_share: null });
		expect(a).toMatchObject({
			served: 75,
			delivered: 70,
			opened: 60,
			clicked: 56,
			converted: 7,
			per_served: { delivered: 0.933333, opened: 0.8, clicked: 0.746667, converted: 0.093333 },
			per_delivered: { opened: 0.857143, clicked: 0.8, converted: 0.1 },
			metric: 'clicked',
			per: 'delivered',
			rate: 0.8,
			allocation_share: 0.7,
			allocation_updated_at: '2026-03-01T12:00:00.000Z',
		});
		const lift = a.lift_vs_control as IDataObject;
		expect(lift.control_rate).toBe(0.545455);
		expect(lift.difference).toBeCloseTo(0.8 - 48 / 88, 6);
		expect(lift.relative).toBeCloseTo(0.8 / (48 / 88) - 1, 6);
		expect(b).toMatchObject({ clicked: 0, rate: 0, rate_ci95_low: 0, allocation_share: 0.3 });
		expect((b.lift_vs_control as IDataObject).ci95_high as number).toBeGreaterThan(-(48 / 88));
	});

	it("matches Newcombe's worked example to 4 decimals (56/70 against 48/80)", async () => {
		const example = [
			{ template_id: 't', copy_id: 'x', variant: 'A', source: 'ai', served: 70, delivered: 70, opened: 70, clicked: 56, converted: 0 },
			{ template_id: 't', copy_id: 'c', variant: 'control', source: 'control', served: 80, delivered: 80, opened: 80, clicked: 48, converted: 0 },
		];
		const { out } = await run({ operation: 'report', metric: 'clicked', chart: false }, example);
		const lift = out[0].json.lift_vs_control as IDataObject;
		expect([lift.difference, (lift.ci95_low as number).toFixed(4), (lift.ci95_high as number).toFixed(4), lift.relative]).toEqual([0.2, '0.0524', '0.3339', 0.333333]);
		// Per served answer instead of per delivered message: the same numbers here.
		const { out: perServed } = await run({ operation: 'report', metric: 'clicked', base: 'served', chart: false }, example);
		expect(perServed[0].json.lift_vs_control).toEqual(lift);
	});

	it('gives no lift for a template without holdout rows', async () => {
		const { out } = await run({ operation: 'report', chart: false }, [rows[0]]);
		expect(out[0].json.lift_vs_control).toBeNull();
	});

	it('refuses a row whose metric is over its base, naming both', async () => {
		await expect(run({ operation: 'report', metric: 'opened' }, [{ ...rows[0], opened: 71 }])).rejects.toThrow('Item 1: opened (71) is more than delivered (70)');
		await expect(run({ operation: 'report' }, [{ ...rows[0], converted: undefined }])).rejects.toThrow('Item 1: converted is missing');
	});

	it('adds chart.svg to the first item only', async () => {
		const { out, binaries } = await run({ operation: 'report', metric: 'opened', chart: true }, rows.slice(0, 3), allocation);
		expect(binaries).toHaveLength(1);
		expect(binaries[0]).toMatchObject({ fileName: 'chart.svg', mimeType: 'image/svg+xml' });
		expect(out[0].binary?.chart).toMatchObject({ fileName: 'chart.svg' });
		expect(out.slice(1).every((item: INodeExecutionData) => item.binary === undefined)).toBe(true);
		const svg = binaries[0].data.toString('utf8');
		expect(svg).toContain('welcome / welcome-control (control)');
		expect(svg.match(/<rect /g)).toHaveLength(1 + 3);
	});
});

describe('the chart', () => {
	const wellFormed = (svg: string) => {
		// Every tag closes, no raw & or < outside markup: a small XML check without dependencies.
		const stack: string[] = [];
		for (const [, closing, name, selfClosing] of svg.matchAll(/<(\/?)([a-z]+)[^<>]*?(\/?)>/g)) {
			if (closing) expect(stack.pop()).toBe(name);
			else if (!selfClosing) stack.push(name);
		}
		expect(stack).toEqual([]);
		const text = svg.replace(/<[^<>]*>/g, '');
		expect(text).not.toMatch(/[<>]|&(?!(amp|lt|gt|quot|apos);)/);
	};

	it('is well-formed SVG with bars, whiskers and escaped labels', () => {
		const svg = chartSvg('clicked <per> "delivered" & more', [
			{ label: 'welcome / <script>alert(1)</script>', note: "4.0% · share 70% & 'x'", rate: 0.04, low: 0.03, high: 0.05, control: false },
			{ label: 'welcome / control', note: 'no data', rate: null, low: null, high: null, control: true },
		]);
		expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
		wellFormed(svg);
		expect(svg).not.toContain('<script>');
		expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
		expect(svg).toContain('clicked &lt;per&gt; &quot;delivered&quot; &amp; more');
		expect(svg.match(/<path /g)).toHaveLength(2); // one whisker, one axis
	});

	it('escapes the five XML characters', () => {
		expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
	});
});
