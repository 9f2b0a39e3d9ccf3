import { RENDER_WORK_MAX_CHARS } from './limits';
import { ownValue } from './own';

/**
 * The Liquid subset template slots use: `{{ fields.first_name | default: "there" | capitalize }}`.
 * Variables are `fields.*` and `attrs.*` (dotted paths); filters: default, upcase, downcase,
 * capitalize, strip, truncate: N. Anything else renders as empty text, never as an error, so a
 * typo in a template can not break an answer.
 *
 * Templates come from the node, but also from the model, so parsing is a forward scan with
 * indexOf (linear in the text whatever it holds, e.g. `{{` and thousands of spaces).
 */
export type Scope = { fields: Record<string, unknown>; attrs: Record<string, unknown> };

/** No request data: slots render their `default:` (or nothing). */
export const EMPTY_SCOPE: Scope = { fields: {}, attrs: {} };

function lookup(scope: Scope, path: string): unknown {
	let value: unknown = scope;
	for (const key of path.split('.')) {
		if (value === null || typeof value !== 'object') return undefined;
		value = ownValue(value as Record<string, unknown>, key);
	}
	return value;
}

function argument(text: string | undefined): string {
	const trimmed = (text ?? '').trim();
	const quote = trimmed[0];
	return trimmed.length >= 2 && (quote === '"' || quote === "'") && trimmed.endsWith(quote) ? trimmed.slice(1, -1) : trimmed;
}

/** The first `length` UTF-16 units, without splitting an emoji (a surrogate pair). */
function cut(value: string, length: number): string {
	const end = /[\uD800-\uDBFF]/.test(value.charAt(length - 1)) ? length - 1 : length;
	return value.slice(0, Math.max(0, end));
}

function applyFilter(value: string, filter: string): string {
	const colon = filter.indexOf(':');
	const name = (colon < 0 ? filter : filter.slice(0, colon)).trim();
	const arg = colon < 0 ? undefined : filter.slice(colon + 1);
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
			return value.length > length ? `${cut(value, length - 1)}…` : value;
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
	const found: string[] = [];
	let quote = '';
	let start = 0;
	for (let at = 0; at < expression.length; at++) {
		const char = expression[at];
		if (quote) {
			if (char === quote) quote = '';
		} else if (char === '"' || char === "'") {
			quote = char;
		} else if (char === '|') {
			found.push(expression.slice(start, at).trim());
			start = at + 1;
		}
	}
	found.push(expression.slice(start).trim());
	return found;
}

/** A slot's text, adding the characters it handled (its value before and after each filter) to `work`. */
function slot(expression: string, scope: Scope, work: { chars: number }): string {
	const [path, ...filters] = parts(expression);
	let value = /^[A-Za-z_][\w.]*$/.test(path) ? stringify(lookup(scope, path)) : argument(path);
	work.chars += value.length;
	for (const filter of filters) {
		if (work.chars > RENDER_WORK_MAX_CHARS) break;
		value = applyFilter(value, filter);
		work.chars += value.length;
	}
	return value;
}

/**
 * The template with its slots filled, or undefined as soon as the text grows longer than
 * `maxLength` or the slots have handled RENDER_WORK_MAX_CHARS: a slot repeated thousands of
 * times over large fields (filters that shrink each back to one character included) never
 * costs more than that. An unclosed `{{` is plain text.
 */
export function render(template: string, scope: Scope, maxLength = Infinity): string | undefined {
	const work = { chars: 0 };
	let text = '';
	let at = 0;
	while (at < template.length && text.length <= maxLength && work.chars <= RENDER_WORK_MAX_CHARS) {
		const open = template.indexOf('{{', at);
		const close = open < 0 ? -1 : template.indexOf('}}', open + 2);
		if (close < 0) {
			text += template.slice(at);
			break;
		}
		text += template.slice(at, open) + slot(template.slice(open + 2, close), scope, work);
		at = close + 2;
	}
	return text.length > maxLength || work.chars > RENDER_WORK_MAX_CHARS ? undefined : text;
}
