import { REQUEST_LIMITS } from './limits';

/**
 * Masks personal data before anything reaches a model or the audit item: email addresses, phone
 * numbers, and the values of attributes the user names (e.g. last_name, address). Keys stay, so
 * the model knows a value exists without seeing it.
 *
 * Both patterns see request text, so both are linear-time:
 * - EMAIL starts only where a run of address characters starts (the lookbehind), so each run is
 *   tried once, not once per character; the domain that follows is scanned once per `@`.
 *   Letters, marks and digits of any script count (`jöhn@exämple.de`, `用户@例子.中国`).
 * - PHONE starts only at a digit, ends at the last digit of its run (one backtrack pass), and
 *   digits are any script's decimal digits, so full-width `＋１ ４１５ ５５５ ０１００` is caught too.
 */
const ADDRESS = String.raw`\p{L}\p{M}\p{N}._%+\-`;
const EMAIL = new RegExp(String.raw`(?<![${ADDRESS}])[${ADDRESS}]+[@\uFF20][\p{L}\p{M}\p{N}.\-]+\.[\p{L}\p{M}]{2,}`, 'gu');
// 7+ digits, optionally with +, spaces, dots, dashes or parentheses (ASCII or full-width) between them.
const SEPARATOR = String.raw`\s().\-\uFF08\uFF09\uFF0D\uFF0E\u2010-\u2015\u2212`;
const PHONE = new RegExp(String.raw`[+\uFF0B]?[(\uFF08]?\p{Nd}[\p{Nd}${SEPARATOR}]{5,}\p{Nd}`, 'gu');
const NOT_DIGIT = /\P{Nd}/gu;

export const MASKS = { email: '[email]', phone: '[phone]', listed: '[redacted]' } as const;

export function scrubText(text: string): string {
	return text.replace(EMAIL, MASKS.email).replace(PHONE, (match) => (match.replace(NOT_DIGIT, '').length >= 7 ? MASKS.phone : match));
}

/**
 * A masked copy of any JSON value. Request bodies are depth-checked before this runs (limits.ts);
 * the depth guard only keeps other callers from overflowing the stack.
 */
export function scrub(value: unknown, listed: ReadonlySet<string>, key?: string, depth = 0): unknown {
	if (key !== undefined && listed.has(key.toLowerCase())) return MASKS.listed;
	if (typeof value === 'string') return scrubText(value);
	if (depth > REQUEST_LIMITS.depth) return MASKS.listed;
	if (Array.isArray(value)) return value.map((item) => scrub(item, listed, undefined, depth + 1));
	if (value && typeof value === 'object') {
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, listed, k, depth + 1)]));
	}
	return value;
}

/** "last_name, Address " → {"last_name","address"} (matched case-insensitively). */
export function listedNames(text: string): Set<string> {
	return new Set(
		text
			.split(',')
			.map((name) => name.trim().toLowerCase())
			.filter(Boolean),
	);
}

/** Whether text still carries a mask: the model copied a placeholder into the copy. */
export function containsMask(text: string): boolean {
	return Object.values(MASKS).some((mask) => text.includes(mask));
}
