import type { IDataObject } from 'n8n-workflow';

/**
 * Reading result rows (from the user's Postgres, a Data Table or a Code node): counts and ids,
 * with the problem named so the user knows which column to fix. Postgres answers COUNT(*) as
 * text (a bigint), so whole numbers written as digits count too.
 */
export type Read<T> = { ok: true; value: T } | { ok: false; problem: string };

const shown = (value: unknown) => (typeof value === 'string' ? `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"` : value === undefined ? 'missing' : JSON.stringify(value) ?? String(value));

export function countOf(row: IDataObject, field: string): Read<number> {
	const value = row[field];
	const count = typeof value === 'string' && /^\s*\d{1,15}\s*$/.test(value) ? Number(value) : value;
	if (typeof count === 'number' && Number.isSafeInteger(count) && count >= 0) return { ok: true, value: count };
	if (value === undefined) return { ok: false, problem: `${field} is missing` };
	return { ok: false, problem: `${field} must be a whole number of 0 or more (it is ${shown(value)})` };
}

export function idOf(row: IDataObject, field: string): Read<string> {
	const value = row[field];
	const id = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
	if (typeof id === 'string' && id.trim() !== '' && id.length <= 100) return { ok: true, value: id.trim() };
	if (value === undefined) return { ok: false, problem: `${field} is missing` };
	return { ok: false, problem: `${field} must be text of 1 to 100 characters (it is ${shown(value)})` };
}

/** Whether a row counts the holdout group: `source` "control" (as AI Personalize answers it), or variant "control". */
export function isControl(row: IDataObject, sourceField = 'source'): boolean {
	return row[sourceField] === 'control' || row.variant === 'control';
}

/**
 * Rows grouped by template and, within a template, by copy, as they are read (in the order they
 * first appear): a run over a limit is refused as soon as it shows, and 100,000 rows are never
 * grouped in one go (the readers run in slices).
 */
export class Grouped<T> {
	readonly templates = new Map<string, Map<string, T[]>>();
	private readonly copyIds = new Map<string, Set<string>>();

	/** Adds a row to its group (`group`: default the copy_id); answers the counts so far, for the limits. */
	add(templateId: string, copyId: string, row: T, group = copyId): { templates: number; copyIds: number } {
		let groups = this.templates.get(templateId);
		let ids = this.copyIds.get(templateId);
		if (!groups || !ids) {
			groups = new Map();
			ids = new Set();
			this.templates.set(templateId, groups);
			this.copyIds.set(templateId, ids);
		}
		const rows = groups.get(group);
		if (rows) rows.push(row);
		else groups.set(group, [row]);
		ids.add(copyId);
		return { templates: this.templates.size, copyIds: ids.size };
	}
}
