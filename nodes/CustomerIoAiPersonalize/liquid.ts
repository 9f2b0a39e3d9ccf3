/**
 * The Liquid subset template slots use: `{{ fields.first_name | default: "there" | capitalize }}`.
 * Variables are `fields.*` and `attrs.*` (dotted paths); filters: default, upcase, downcase,
 * capitalize, strip, truncate: N. Anything else renders as empty text, never as an error, so a
 * typo in a template can not break an answer.
 */
export type Scope = { fields: Record<string, unknown>; attrs: Record<string, unknown> };

const SLOT = /\{\{\s*([\s\S]*?)\s*\}\}/g;

function lookup(scope: Scope, path: string): unknown {
	let value: unknown = scope;
	for (const key of path.split('.')) {
		// Own properties only: `fields.constructor` must not reach into prototypes.
		if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
		value = (value as Record<string, unknown>)[key];
	}
	return value;
}

function argument(text: string | undefined): string {
	const trimmed = (text ?? '').trim();
	const quoted = /^"(.*)"$|^'(.*)'$/s.exec(trimmed);
	return quoted ? (quoted[1] ?? quoted[2]) : trimmed;
}

function applyFilter(value: string, filter: string): string {
	const [name, arg] = filter.split(/:(.*)/s).map((part) => part.trim());
	switch (name) {
		case 'default':
			return value === '' ? argument(arg) : value;
		case 'upcase':
			return value.toUpperCase();
		case 'downcase':
			return value.toLowerCase();
		case 'capitalize':
			return value.charAt(0).toUpperCase() + value.slice(1);
		case 'strip':
			return value.trim();
		case 'truncate': {
			const length = Number(argument(arg)) || 50;
			return value.length > length ? `${value.slice(0, Math.max(0, length - 1))}…` : value;
		}
		default:
			return value;
	}
}

function stringify(value: unknown): string {
	if (value === undefined || value === null || value === false) return '';
	return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Splits on `|` outside quotes. */
function parts(expression: string): string[] {
	return expression.match(/(?:[^|"']|"[^"]*"|'[^']*')+/g)?.map((p) => p.trim()) ?? [''];
}

export function render(template: string, scope: Scope): string {
	return template.replace(SLOT, (_slot, expression: string) => {
		const [path, ...filters] = parts(expression);
		const start = /^[A-Za-z_][\w.]*$/.test(path) ? stringify(lookup(scope, path)) : argument(path);
		return filters.reduce(applyFilter, start);
	});
}

/** The variable paths a template refers to (`fields.first_name` …). */
export function slotsOf(template: string): string[] {
	return [...template.matchAll(SLOT)].map((match) => parts(match[1])[0]);
}
