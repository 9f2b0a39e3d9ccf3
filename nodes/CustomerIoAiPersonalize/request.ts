import { z } from 'zod';
import { shapeProblem, stringProblem, type LimitExceeded } from './limits';

/**
 * The body a Customer.io Webhook Action sends (built with Liquid in the journey), e.g.
 * `{"template_id":"welcome","user_id":"{{customer.id}}","attrs":{"plan":"{{customer.plan}}"},
 * "fields":{"first_name":"{{customer.first_name}}"}}`.
 */
const isScalar = (value: unknown) => value === null || ['string', 'number', 'boolean'].includes(typeof value);

/**
 * attrs select variants, so each is a scalar or a list of scalars. Checked in one loop: a zod
 * union per value costs about 10 µs, which at the key limit is a noticeable stall.
 */
const attrsSchema = z.record(z.unknown()).superRefine((attrs, ctx) => {
	for (const [name, value] of Object.entries(attrs)) {
		if (isScalar(value) || (Array.isArray(value) && value.every(isScalar))) continue;
		ctx.addIssue({ code: z.ZodIssueCode.custom, path: [name], message: 'must be text, a number, true/false, null or a list of those' });
		return;
	}
});

export const requestSchema = z
	.object({
		template_id: z.string().trim().min(1, 'is required').max(100),
		// Liquid renders ids as text, but a number is fine too.
		user_id: z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string().trim().min(1, 'is required').max(150)),
		tracking_id: z.string().max(200).optional(),
		/**
		 * The copy_id this person was answered before, which the journey saved on them
		 * (`{{customer.ai_welcome.copy_id}}`): they keep that variant. Liquid renders a missing
		 * attribute as "", which means "none yet".
		 */
		served_copy_id: z
			.string()
			.trim()
			.max(100)
			.optional()
			.transform((value) => value || undefined),
		attrs: attrsSchema.default({}),
		fields: z.record(z.unknown()).default({}),
	})
	.strict();

export type PersonalizeRequest = z.infer<typeof requestSchema>;

/** What a 400 answers: the error names the field or the limit. */
export type BadRequest = { error: string } | LimitExceeded;

/** Unknown keys named in an error: a few are enough to spot a typo, and the list stays short. */
const NAMED_KEYS = 5;

/**
 * Parses the raw body, whose size the caller has checked: shape limits first (they bound the
 * parse), then JSON, then string lengths, then the schema. The error names the field:
 * `user_id: is required`.
 */
export function parseRequest(rawBody: Buffer): { ok: true; value: PersonalizeRequest } | { ok: false; reply: BadRequest } {
	const shape = shapeProblem(rawBody);
	if (shape) return { ok: false, reply: shape };
	let body: unknown;
	try {
		body = JSON.parse(rawBody.toString('utf8'));
	} catch {
		return { ok: false, reply: { error: 'body: is not valid JSON (check the Webhook Action body renders to JSON)' } };
	}
	const long = stringProblem(body);
	if (long) return { ok: false, reply: long };
	const parsed = requestSchema.safeParse(body);
	if (parsed.success) return { ok: true, value: parsed.data };
	const issue = parsed.error.issues[0];
	const field = issue.path.join('.') || 'body';
	const message =
		issue.code === 'unrecognized_keys'
			? `unknown field(s) ${issue.keys.slice(0, NAMED_KEYS).join(', ')}${issue.keys.length > NAMED_KEYS ? ' …' : ''}`
			: issue.message;
	return { ok: false, reply: { error: `${field}: ${message}` } };
}
