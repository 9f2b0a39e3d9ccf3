import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { ALLOCATION_KEY, storedSnapshot, type TemplateAllocation } from '../shared/allocation';
import { countOf, groupBy, idOf, isControl } from './rows';
import { thompsonShares, type Arm } from './thompson';

/**
 * Update Allocation: result rows (served and successes per template and copy_id) → Thompson
 * sampling shares per template, written to the workflow's static data for AI Personalize
 * (Allocation: Adaptive) in the same workflow. The one writer of the snapshot.
 */
const show = { show: { operation: ['updateAllocation'] } };

export const LIMITS = {
	draws: { min: 100, max: 100_000, default: 10_000 },
	minSharePercent: { min: 0, max: 50, default: 5 },
} as const;

export const description: INodeProperties[] = [
	{
		displayName:
			'Run it on a schedule in the same workflow as Customer.io AI Personalize (Allocation: Adaptive): shares are saved in the workflow when an active workflow runs it, not in manual test runs.',
		name: 'allocationNotice',
		type: 'notice',
		default: '',
		displayOptions: show,
	},
	{
		displayName: 'Outcome',
		name: 'outcome',
		type: 'string',
		default: 'clicked',
		description: 'What Successes counts (e.g. clicked or converted); a label saved with the shares',
		displayOptions: show,
	},
	{
		displayName: 'Draws',
		name: 'draws',
		type: 'number',
		typeOptions: { minValue: LIMITS.draws.min, maxValue: LIMITS.draws.max },
		default: 10000,
		description: 'Samples of the posterior per template: more draws give steadier shares (±0.5% at 10,000)',
		displayOptions: show,
	},
	{
		displayName: 'Minimum Share (%)',
		name: 'minSharePercent',
		type: 'number',
		typeOptions: { minValue: LIMITS.minSharePercent.min, maxValue: LIMITS.minSharePercent.max },
		default: 5,
		description: 'Every variant keeps at least this share of people, so a variant that started badly can still recover',
		displayOptions: show,
	},
	{
		displayName: 'Field Names',
		name: 'fields',
		type: 'collection',
		placeholder: 'Add Field Name',
		default: {},
		displayOptions: show,
		options: [
			{ displayName: 'Copy ID Field', name: 'copyId', type: 'string', default: 'copy_id' },
			{ displayName: 'Served Field', name: 'served', type: 'string', default: 'served', description: 'How many people were answered this copy' },
			{
				displayName: 'Source Field',
				name: 'source',
				type: 'string',
				default: 'source',
				description: 'Rows whose source is "control" (the holdout) are left out: the holdout is not allocated',
			},
			{ displayName: 'Successes Field', name: 'successes', type: 'string', default: 'successes', description: 'How many of them had the outcome (e.g. clicked)' },
			{ displayName: 'Template ID Field', name: 'templateId', type: 'string', default: 'template_id' },
		],
	},
];

function numberParameter(ctx: IExecuteFunctions, name: keyof typeof LIMITS, label: string): number {
	const value = ctx.getNodeParameter(name, 0, LIMITS[name].default);
	const { min, max } = LIMITS[name];
	if (typeof value === 'number' && value >= min && value <= max) return value;
	throw new NodeOperationError(ctx.getNode(), `${label} must be a number from ${min} to ${max}`, {
		description: `It is ${String(value)}. Set ${label} to a number from ${min} to ${max} (an expression there must produce one).`,
	});
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const outcome = String(this.getNodeParameter('outcome', 0, 'clicked')).trim().slice(0, 100) || 'clicked';
	const draws = Math.round(numberParameter(this, 'draws', 'Draws'));
	const minShare = numberParameter(this, 'minSharePercent', 'Minimum Share (%)') / 100;
	const names = this.getNodeParameter('fields', 0, {}) as IDataObject;
	const field = (key: string, fallback: string) => String(names[key] ?? fallback).trim() || fallback;
	const fields = { templateId: field('templateId', 'template_id'), copyId: field('copyId', 'copy_id'), served: field('served', 'served'), successes: field('successes', 'successes'), source: field('source', 'source') };

	const rows: Array<Arm & { template_id: string; item: number }> = [];
	items.forEach((item, index) => {
		if (isControl(item.json, fields.source)) return;
		const fail = (problem: string): never => {
			throw new NodeOperationError(this.getNode(), `Item ${index + 1}: ${problem}`, {
				itemIndex: index,
				description: `Each item is one copy's results: ${fields.templateId}, ${fields.copyId}, ${fields.served} (people answered this copy) and ${fields.successes} (how many of them ${outcome}), with ${fields.successes} ≤ ${fields.served}. Rename the columns in your query, or set Field Names.`,
			});
		};
		const templateId = idOf(item.json, fields.templateId);
		const copyId = idOf(item.json, fields.copyId);
		const served = countOf(item.json, fields.served);
		const successes = countOf(item.json, fields.successes);
		if (!templateId.ok) return fail(templateId.problem);
		if (!copyId.ok) return fail(copyId.problem);
		if (!served.ok) return fail(served.problem);
		if (!successes.ok) return fail(successes.problem);
		if (successes.value > served.value) return fail(`${fields.successes} (${successes.value}) is more than ${fields.served} (${served.value})`);
		rows.push({ template_id: templateId.value, copy_id: copyId.value, served: served.value, successes: successes.value, item: index });
	});

	const updatedAt = new Date().toISOString();
	const written: Array<[string, TemplateAllocation]> = [];
	const out: INodeExecutionData[] = [];
	for (const [templateId, templateRows] of groupBy(rows, (row) => row.template_id)) {
		// Several rows of one copy (e.g. one per day) add up.
		const arms = [...groupBy(templateRows, (row) => row.copy_id)].map(([copyId, copyRows]): Arm => ({
			copy_id: copyId,
			served: copyRows.reduce((sum, row) => sum + row.served, 0),
			successes: copyRows.reduce((sum, row) => sum + row.successes, 0),
		}));
		if (arms.length * minShare > 1) {
			throw new NodeOperationError(this.getNode(), `Minimum Share (%) is too high for the ${arms.length} variants of template "${templateId}"`, {
				description: `Together they would need ${Math.round(arms.length * minShare * 100)}% of people: set Minimum Share (%) to ${Math.floor(100 / arms.length)} or less.`,
			});
		}
		const allocation = thompsonShares(templateId, arms, draws, minShare);
		written.push([templateId, { updatedAt, outcome, shares: allocation.shares }]);
		out.push({
			json: {
				template_id: templateId,
				outcome,
				updatedAt,
				shares: allocation.shares,
				probability_best: allocation.probabilityBest,
				stats: arms.map((arm) => ({ ...arm, rate: arm.served ? arm.successes / arm.served : null })),
				draws,
				min_share: minShare,
				seed: allocation.seed,
				saved: this.getMode() !== 'manual',
			},
			pairedItem: templateRows.map((row) => ({ item: row.item })),
		});
	}
	// One assignment of a new object: n8n notices the change and saves it when the execution ends.
	// Templates not in this run keep their last shares; fromEntries keeps any template_id a plain key.
	const staticData = this.getWorkflowStaticData('global');
	staticData[ALLOCATION_KEY] = { ...storedSnapshot(staticData), ...Object.fromEntries(written) };
	return out;
}
