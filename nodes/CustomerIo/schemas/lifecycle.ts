import { z } from 'zod';
import { LIMITS } from '../../shared/limits';
import { pathSegmentProblem } from '../../shared/transport/paths';
import { digitsAsNumber } from './app';
import { attributesSchema, timestampSchema } from './track';

/**
 * Inputs of the lifecycle operations (devices, manual segments, objects), as Customer.io's
 * Track OpenAPI types them: checked before anything is sent.
 */

/** A device token: it names the device in v1 paths (delete), so it must be one path segment. */
export const deviceTokenSchema = z
	.string()
	.trim()
	.min(1, 'is empty')
	.superRefine((token, ctx) => {
		// An empty token is reported once, by min() above.
		const problem = token ? pathSegmentProblem(token) : undefined;
		if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
	});

/** The Track spec's device platforms (device_object_common.platform). */
export const PLATFORMS = ['ios', 'android'] as const;

/**
 * Device attributes are strings in the Track spec (`push_enabled` "true" or "false"): numbers
 * and booleans are sent as their text, objects and lists are refused.
 */
export const deviceAttributesSchema = z.record(z.unknown()).transform((attributes, ctx) => {
	const text: Record<string, string> = {};
	for (const [name, value] of Object.entries(attributes)) {
		if (typeof value === 'string') text[name] = value;
		else if (typeof value === 'number' || typeof value === 'boolean') text[name] = String(value);
		else ctx.addIssue({ code: z.ZodIssueCode.custom, path: [name], message: 'must be text, a number or true/false (Customer.io keeps device attributes as strings)' });
	}
	if (text.push_enabled !== undefined && text.push_enabled !== 'true' && text.push_enabled !== 'false') {
		ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['push_enabled'], message: 'must be "true" or "false"' });
	}
	return text;
});

export const deviceSchema = z.object({
	token: deviceTokenSchema,
	platform: z.enum(PLATFORMS, { errorMap: () => ({ message: 'must be ios or android' }) }),
	last_used: timestampSchema.optional(),
	attributes: deviceAttributesSchema,
});

/** A segment's ID: the spec's int32 path parameter, from 1. */
export const segmentIdSchema = z.preprocess(
	digitsAsNumber,
	z
		.number({ invalid_type_error: 'must be a number' })
		.int('must be a whole number')
		.min(1, 'must be 1 or more: find the ID on the segment\'s page in Customer.io (Segments → the segment → Usage)')
		.max(2 ** 31 - 1, 'is too large for a segment ID'),
);

/** Object type IDs are "string-formatted integers that begin at 1" (the Track spec's object_type_id). */
export const objectTypeIdSchema = z
	.union([z.string(), z.number()])
	.transform((value) => String(value).trim())
	.refine((value) => /^[1-9]\d*$/.test(value), {
		message: 'must be the object type\'s number, such as 1 (Customer.io → Settings → Workspace Settings → Custom Objects)',
	});

/** "Our default id limit is set to 150 characters. All valid UTF characters are allowed." */
export const objectIdSchema = z
	.union([z.string(), z.number()])
	.transform((value) => String(value).trim())
	.refine((value) => value.length > 0, { message: 'is empty' })
	.refine((value) => [...value].length <= LIMITS.objectIdCharacters, (value) => ({
		message: `is ${[...value].length} characters; Customer.io allows at most ${LIMITS.objectIdCharacters}`,
	}));

/**
 * Object attributes: the limits of person attributes, and not `relationship`, which Customer.io
 * reserves for relationship attributes in Liquid. An empty value or null removes an attribute.
 */
export const objectAttributesSchema = attributesSchema.superRefine((attributes, ctx) => {
	if ('relationship' in attributes) {
		ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['relationship'], message: 'is reserved by Customer.io: use another name' });
	}
});

/** Relationship attributes take the limits of person attributes too. */
export const relationshipAttributesSchema = attributesSchema;
