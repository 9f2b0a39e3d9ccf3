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

/** Values grouped by a key, in the order keys first appear. */
export function groupBy<T>(values: readonly T[], keyOf: (value: T) => string): Map<string, T[]> {
	const groups = new Map<string, T[]>();
	for (const value of values) {
		const key = keyOf(value);
		const group = groups.get(key);
		if (group) group.push(value);
		else groups.set(key, [value]);
	}
	return groups;
}
