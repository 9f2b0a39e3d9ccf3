import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { ALLOCATION_KEY, SNAPSHOT_MAX_AGE_LIMIT_MINUTES, storedSnapshot, type TemplateAllocation } from '../shared/allocation';
import { grouped } from '../shared/limits';
import { Slicer } from '../shared/slices';
import { RESULT_LIMITS } from './limits';
import { countOf, Grouped, idOf, isControl } from './rows';
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

/** Refuses, before any draw, a minimum share the copies cannot all have and a run over the draw limit. */
function checkDraws(ctx: IExecuteFunctions, templates: ReadonlyArray<{ templateId: string; arms: readonly Arm[] }>, draws: number, minShare: number): void {
	let total = 0;
	for (const { templateId, arms } of templates) {
		if (arms.length * minShare > 1) {
			throw new NodeOperationError(ctx.getNode(), `Minimum Share (%) is too high for the ${arms.length} variants of template "${templateId}"`, {
				description: `Together they would need ${Math.round(arms.length * minShare * 100)}% of people: set Minimum Share (%) to ${Math.floor(100 / arms.length)} or less.`,
			});
		}
		total += arms.length > 1 ? arms.length * draws : 0;
	}
	if (total > RESULT_LIMITS.drawsPerRun) {
		throw new NodeOperationError(ctx.getNode(), `This run would take ${grouped(total)} posterior draws (Draws × copies, summed over templates); the limit is ${grouped(RESULT_LIMITS.drawsPerRun)}`, {
			description: 'Lower Draws (10,000 gives shares steady to about ±0.5 points), or split the templates over several runs.',
		});
	}
}

/**
 * The stored snapshot with this run's templates written over it. Templates not in this run keep
 * their last shares; entries older than the longest Snapshot Max Age are dropped (AI Personalize
 * never reads them again), and past RESULT_LIMITS.templates the oldest go: n8n loads the snapshot
 * with the workflow for every request. fromEntries keeps any template_id a plain key.
 */
function mergedSnapshot(stored: Record<string, unknown>, written: Array<[string, TemplateAllocation]>, now: number): Record<string, unknown> {
	const fresh = new Set(written.map(([templateId]) => templateId));
	const kept = Object.entries(stored)
		.filter(([templateId]) => !fresh.has(templateId))
		.map(([templateId, entry]) => ({ templateId, entry, at: Date.parse(String((entry as { updatedAt?: unknown } | null)?.updatedAt)) }))
		.filter(({ at }) => now - at <= SNAPSHOT_MAX_AGE_LIMIT_MINUTES * 60_000)
		.sort((x, y) => y.at - x.at)
		.slice(0, Math.max(0, RESULT_LIMITS.templates - written.length));
	return Object.fromEntries([...kept.map(({ templateId, entry }): [string, unknown] => [templateId, entry]), ...written]);
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const outcome = String(this.getNodeParameter('outcome', 0, 'clicked')).trim().slice(0, 100) || 'clicked';
	const draws = Math.round(numberParameter(this, 'draws', 'Draws'));
	const minShare = numberParameter(this, 'minSharePercent', 'Minimum Share (%)') / 100;
	const names = this.getNodeParameter('fields', 0, {}) as IDataObject;
	const field = (key: string, fallback: string) => String(names[key] ?? fallback).trim() || fallback;
	const fields = { templateId: field('templateId', 'template_id'), copyId: field('copyId', 'copy_id'), served: field('served', 'served'), successes: field('successes', 'successes'), source: field('source', 'source') };

	const slicer = new Slicer();
	const rows = new Grouped<Arm & { item: number }>();
	await slicer.each(items.length, (index) => {
		const item = items[index];
		if (isControl(item.json, fields.source)) return;
		const fail = (problem: string, description = `Each item is one copy's results: ${fields.templateId}, ${fields.copyId}, ${fields.served} (people answered this copy) and ${fields.successes} (how many of them ${outcome}), with ${fields.successes} ≤ ${fields.served}. Rename the columns in your query, or set Field Names.`): never => {
			throw new NodeOperationError(this.getNode(), `Item ${index + 1}: ${problem}`, { itemIndex: index, description });
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
		const counted = rows.add(templateId.value, copyId.value, { copy_id: copyId.value, served: served.value, successes: successes.value, item: index });
		if (counted.templates > RESULT_LIMITS.templates) {
			fail(`the items hold more than ${grouped(RESULT_LIMITS.templates)} templates, the most Update Allocation takes per run`, 'Split the templates over several runs (e.g. a WHERE on template_id in the query), or check that the query groups by template_id and copy_id.');
		}
		if (counted.copyIds > RESULT_LIMITS.copiesPerTemplate) {
			fail(`template "${templateId.value}" has more than ${RESULT_LIMITS.copiesPerTemplate} copy_ids, the most Update Allocation takes per template`, "Count only the template's current variants (e.g. answers of the last 30 days), or check that copy_id is the copy's id and not a per-answer value.");
		}
	});

	// Several rows of one copy (e.g. one per day) add up.
	const templates = [...rows.templates].map(([templateId, copies]) => ({
		templateId,
		arms: [...copies].map(([copyId, copyRows]): Arm => ({
			copy_id: copyId,
			served: copyRows.reduce((sum, row) => sum + row.served, 0),
			successes: copyRows.reduce((sum, row) => sum + row.successes, 0),
		})),
		items: [...copies.values()].flatMap((copyRows) => copyRows.map((row) => ({ item: row.item }))),
	}));
	checkDraws(this, templates, draws, minShare);

	const updatedAt = new Date().toISOString();
	const written: Array<[string, TemplateAllocation]> = [];
	const out: INodeExecutionData[] = [];
	for (const { templateId, arms, items: pairedItem } of templates) {
		const allocation = await thompsonShares(templateId, arms, draws, minShare, slicer);
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
			pairedItem,
		});
	}
	// One assignment of a new object: n8n notices the change and saves it when the execution ends.
	const staticData = this.getWorkflowStaticData('global');
	staticData[ALLOCATION_KEY] = mergedSnapshot(storedSnapshot(staticData), written, Date.parse(updatedAt));
	return out;
}
