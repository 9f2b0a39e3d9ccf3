import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { storedSnapshot, templateAllocationSchema, type TemplateAllocation } from '../shared/allocation';
import { grouped } from '../shared/limits';
import { Slicer } from '../shared/slices';
import { chartSvg, type Bar } from './chart';
import { newcombe, wilson } from './intervals';
import { RESULT_LIMITS } from './limits';
import { countOf, Grouped, idOf, isControl } from './rows';

/**
 * Report: result rows per template and copy → one item per copy with counts, rates, the rate's
 * 95% interval, lift against the template's holdout (control) with Newcombe's 95% interval, and
 * the copy's current share from Update Allocation; optionally a chart (SVG) on the first item.
 */
const show = { show: { operation: ['report'] } };

export const COUNTS = ['served', 'delivered', 'opened', 'clicked', 'converted'] as const;
type Counts = Record<(typeof COUNTS)[number], number>;
type Metric = 'opened' | 'clicked' | 'converted';
type Base = 'delivered' | 'served';

export const description: INodeProperties[] = [
	{
		displayName:
			'Each input item is one copy\'s results: template_id, copy_id, variant, source, served, delivered, opened, clicked and converted (rows of one copy add up; source "control" marks the holdout)',
		name: 'reportNotice',
		type: 'notice',
		default: '',
		displayOptions: show,
	},
	{
		displayName: 'Metric',
		name: 'metric',
		type: 'options',
		options: [
			{ name: 'Clicked', value: 'clicked' },
			{ name: 'Converted', value: 'converted' },
			{ name: 'Opened', value: 'opened' },
		],
		default: 'clicked',
		description: 'The rate compared with the holdout (lift) and drawn in the chart',
		displayOptions: show,
	},
	{
		displayName: 'Per',
		name: 'base',
		type: 'options',
		options: [
			{ name: 'Delivered Message', value: 'delivered' },
			{ name: 'Served Answer', value: 'served' },
		],
		default: 'delivered',
		description: 'What the metric is divided by for the lift and the chart (both rates are in every item)',
		displayOptions: show,
	},
	{
		displayName: 'Chart',
		name: 'chart',
		type: 'boolean',
		default: true,
		description: 'Whether to add a bar chart (chart.svg, binary property "chart") to the first item, for Slack, email or Drive',
		displayOptions: show,
	},
];

const tidy = (value: number) => Math.round(value * 1e6) / 1e6;
const ratio = (x: number, n: number) => (n > 0 ? tidy(x / n) : null);

interface Row {
	template_id: string;
	copy_id: string;
	variant: string | null;
	control: boolean;
	counts: Counts;
	item: number;
}

/** The rows by template and copy, the holdout's apart (it may carry a variant's copy_id, in templates without a "control" copy). */
async function readRows(ctx: IExecuteFunctions, items: INodeExecutionData[], metric: Metric, base: Base, slicer: Slicer): Promise<Grouped<Row>> {
	const rows = new Grouped<Row>();
	await slicer.each(items.length, (index) => {
		const row = readRow(ctx, items[index], index, metric, base);
		const counted = rows.add(row.template_id, row.copy_id, row, `${row.control ? 'control' : 'variant'}\u0000${row.copy_id}`);
		const refuse = (message: string, description: string): never => {
			throw new NodeOperationError(ctx.getNode(), `Item ${index + 1}: ${message}`, { itemIndex: index, description });
		};
		if (counted.templates > RESULT_LIMITS.templates) {
			refuse(`the items hold more than ${grouped(RESULT_LIMITS.templates)} templates, the most Report takes per run`, 'Report fewer templates per run (e.g. a WHERE on template_id in the query), or check that the query groups by template_id.');
		}
		if (counted.copyIds > RESULT_LIMITS.copiesPerTemplate) {
			refuse(`template "${row.template_id}" has more than ${RESULT_LIMITS.copiesPerTemplate} copy_ids, the most Report takes per template`, "Check that copy_id is the copy's id and not a per-answer value, or report a shorter period.");
		}
	});
	return rows;
}

function readRow(ctx: IExecuteFunctions, item: INodeExecutionData, index: number, metric: Metric, base: Base): Row {
	const fail = (problem: string): never => {
		throw new NodeOperationError(ctx.getNode(), `Item ${index + 1}: ${problem}`, {
			itemIndex: index,
			description: `Each item needs template_id, copy_id and the whole-number counts ${COUNTS.join(', ')} (0 when not tracked), with ${metric} ≤ ${base}. Rename the columns in your query.`,
		});
	};
	const templateId = idOf(item.json, 'template_id');
	if (!templateId.ok) return fail(templateId.problem);
	const copyId = idOf(item.json, 'copy_id');
	if (!copyId.ok) return fail(copyId.problem);
	const counts = {} as Counts;
	for (const name of COUNTS) {
		const count = countOf(item.json, name);
		if (!count.ok) return fail(count.problem);
		counts[name] = count.value;
	}
	if (counts[metric] > counts[base]) return fail(`${metric} (${counts[metric]}) is more than ${base} (${counts[base]})`);
	const variant = item.json.variant;
	return {
		template_id: templateId.value,
		copy_id: copyId.value,
		variant: typeof variant === 'string' ? variant : null,
		control: isControl(item.json),
		counts,
		item: index,
	};
}

const sum = (rows: readonly Row[]): Counts => Object.fromEntries(COUNTS.map((name) => [name, rows.reduce((total, row) => total + row.counts[name], 0)])) as Counts;

/** The template's current allocation, when Update Allocation wrote a valid one. */
function allocationOf(snapshot: Record<string, unknown>, templateId: string): TemplateAllocation | undefined {
	const entry = Object.prototype.hasOwnProperty.call(snapshot, templateId) ? templateAllocationSchema.safeParse(snapshot[templateId]) : undefined;
	return entry?.success ? entry.data : undefined;
}

/** The copy's share in it (null for the holdout and for copies it does not name). */
function shareOf(allocation: TemplateAllocation | undefined, copyId: string, control: boolean): { share: number | null; updatedAt: string | null } {
	if (!allocation || control) return { share: null, updatedAt: null };
	return { share: Object.prototype.hasOwnProperty.call(allocation.shares, copyId) ? allocation.shares[copyId] : null, updatedAt: allocation.updatedAt };
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const metric = this.getNodeParameter('metric', 0, 'clicked') as Metric;
	const base = this.getNodeParameter('base', 0, 'delivered') as Base;
	const slicer = new Slicer();
	const rows = await readRows(this, items, metric, base, slicer);
	const snapshot = storedSnapshot(this.getWorkflowStaticData('global'));
	const out: INodeExecutionData[] = [];
	const bars: Bar[] = [];

	for (const [templateId, copies] of rows.templates) {
		const controlRows = [...copies.values()].filter(([first]) => first.control).flat();
		const control = sum(controlRows);
		const hasControl = controlRows.length > 0;
		const current = allocationOf(snapshot, templateId);
		for (const copyRows of copies.values()) {
			const [first] = copyRows;
			const counts = sum(copyRows);
			const rate = ratio(counts[metric], counts[base]);
			const interval = counts[base] > 0 ? wilson(counts[metric], counts[base]) : undefined;
			let lift: IDataObject | null = null;
			if (!first.control && hasControl && counts[base] > 0 && control[base] > 0) {
				const difference = newcombe(counts[metric], counts[base], control[metric], control[base]);
				const controlRate = control[metric] / control[base];
				lift = {
					control_rate: tidy(controlRate),
					difference: tidy(difference.difference),
					ci95_low: tidy(difference.low),
					ci95_high: tidy(difference.high),
					relative: controlRate > 0 ? tidy(counts[metric] / counts[base] / controlRate - 1) : null,
				};
			}
			const allocation = shareOf(current, first.copy_id, first.control);
			out.push({
				json: {
					template_id: templateId,
					copy_id: first.copy_id,
					variant: first.control ? 'control' : first.variant,
					source: first.control ? 'control' : 'variant',
					...counts,
					per_served: { delivered: ratio(counts.delivered, counts.served), opened: ratio(counts.opened, counts.served), clicked: ratio(counts.clicked, counts.served), converted: ratio(counts.converted, counts.served) },
					per_delivered: { opened: ratio(counts.opened, counts.delivered), clicked: ratio(counts.clicked, counts.delivered), converted: ratio(counts.converted, counts.delivered) },
					metric,
					per: base,
					rate,
					rate_ci95_low: interval ? tidy(interval.low) : null,
					rate_ci95_high: interval ? tidy(interval.high) : null,
					lift_vs_control: lift,
					allocation_share: allocation.share,
					allocation_updated_at: allocation.updatedAt,
				},
				pairedItem: copyRows.map((row) => ({ item: row.item })),
			});
			const note = [rate === null ? 'no data' : `${(rate * 100).toFixed(2)}%`, allocation.share === null ? '' : `share ${Math.round(allocation.share * 100)}%`].filter(Boolean).join(' · ');
			bars.push({ label: `${templateId} / ${first.copy_id}${first.control ? ' (control)' : ''}`, note, rate, low: interval?.low ?? null, high: interval?.high ?? null, control: first.control });
			if (slicer.due()) await slicer.pause();
		}
	}

	if (out.length && this.getNodeParameter('chart', 0, true) === true) {
		const svg = chartSvg(`${metric} per ${base === 'delivered' ? 'delivered message' : 'served answer'} (bars: 95% intervals)`, bars, RESULT_LIMITS.chartBars);
		out[0].binary = { chart: await this.helpers.prepareBinaryData(Buffer.from(svg, 'utf8'), 'chart.svg', 'image/svg+xml') };
	}
	return out;
}
