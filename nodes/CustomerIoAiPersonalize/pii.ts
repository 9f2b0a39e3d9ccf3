/**
 * Masks personal data before anything reaches a model: email addresses, phone numbers, and
 * the values of attributes the user names (e.g. last_name, address). Keys stay, so the model
 * knows a value exists without seeing it.
 */
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// 7+ digits, optionally with +, spaces, dots, dashes or parentheses between them.
const PHONE = /\+?\(?\d[\d\s().-]{5,}\d/g;

export const MASKS = { email: '[email]', phone: '[phone]', listed: '[redacted]' } as const;

export function scrubText(text: string): string {
	return text.replace(EMAIL, MASKS.email).replace(PHONE, (match) =>
		match.replace(/\D/g, '').length >= 7 ? MASKS.phone : match,
	);
}

export function scrub(value: unknown, listed: ReadonlySet<string>, key?: string): unknown {
	if (key !== undefined && listed.has(key.toLowerCase())) return MASKS.listed;
	if (typeof value === 'string') return scrubText(value);
	if (Array.isArray(value)) return value.map((item) => scrub(item, listed));
	if (value && typeof value === 'object') {
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, listed, k)]));
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
