import { z } from 'zod';
import { byteLength, LIMITS } from '../../shared/limits';

function valueBytes(value: unknown): number {
	return byteLength(typeof value === 'string' ? value : JSON.stringify(value) ?? '');
}

/** Person attributes as Track v1/v2 accept them: ≤300 names of ≤150 bytes, values ≤1000 bytes. */
export const attributesSchema = z.record(z.unknown()).superRefine((attributes, ctx) => {
	const names = Object.keys(attributes);
	if (names.length > LIMITS.attributesPerCall) {
		ctx.addIssue({
			code: z.ZodIssueCode.custom,
			message: `${names.length} attributes; Customer.io accepts at most ${LIMITS.attributesPerCall} per call`,
		});
	}
	for (const name of names) {
		if (!name.trim()) {
			ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'an attribute name is empty' });
		} else if (byteLength(name) > LIMITS.attributeNameBytes) {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				path: [name],
				message: `name is ${byteLength(name)} bytes; at most ${LIMITS.attributeNameBytes}`,
			});
		}
		const bytes = valueBytes(attributes[name]);
		if (bytes > LIMITS.attributeValueBytes) {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				path: [name],
				message: `value is ${bytes} bytes; at most ${LIMITS.attributeValueBytes}`,
			});
		}
	}
});

export const eventNameSchema = z
	.string()
	.trim()
	.min(1, 'is empty')
	.refine((name) => byteLength(name) <= LIMITS.eventNameBytes, {
		message: `is longer than ${LIMITS.eventNameBytes} bytes`,
	});

export const eventDataSchema = z.record(z.unknown()).refine(
	(data) => byteLength(JSON.stringify(data)) <= LIMITS.eventDataBytes,
	(data) => ({
		message: `is ${byteLength(JSON.stringify(data))} bytes of JSON; at most ${LIMITS.eventDataBytes}`,
	}),
);

/** Unix seconds from seconds, milliseconds (numbers past 1e12) or an ISO 8601 string. */
function toUnixSeconds(value: number | string): number {
	const text = String(value).trim();
	const numeric = typeof value === 'number' ? value : /^\d+$/.test(text) ? Number(text) : undefined;
	if (numeric !== undefined) return Math.floor(numeric > 1e12 ? numeric / 1000 : numeric);
	return Math.floor(Date.parse(text) / 1000);
}

export const timestampSchema = z.union([z.number(), z.string()]).transform((value, ctx) => {
	const seconds = toUnixSeconds(value);
	if (!Number.isFinite(seconds) || seconds < 0) {
		ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'is not a date: use ISO 8601 or unix seconds' });
		return z.NEVER;
	}
	return seconds;
});

/**
 * Issues quoted in one error, and characters per issue: a list of 100,000 bad entries, or a key
 * or value of megabytes, must not make an error message of megabytes (n8n stores and shows it).
 */
const MAX_ISSUES = 5;
const MAX_ISSUE_CHARACTERS = 300;

/** "field: message" lines for an error description, e.g. `attributes.plan: value is 1200 bytes`. */
export function describeIssues(error: z.ZodError, prefix: string): string {
	const lines = error.issues.slice(0, MAX_ISSUES).map((issue) => {
		const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
		const line = `${path}: ${issue.message}`;
		return line.length > MAX_ISSUE_CHARACTERS ? `${line.slice(0, MAX_ISSUE_CHARACTERS)}…` : line;
	});
	const more = error.issues.length - lines.length;
	return more > 0 ? `${lines.join('; ')}; and ${more} more` : lines.join('; ');
}
