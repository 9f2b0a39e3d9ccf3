import { z } from 'zod';

/**
 * The body a Customer.io Webhook Action sends (built with Liquid in the journey), e.g.
 * `{"template_id":"welcome","user_id":"{{customer.id}}","attrs":{"plan":"{{customer.plan}}"},
 * "fields":{"first_name":"{{customer.first_name}}"}}`.
 */
const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const requestSchema = z
	.object({
		template_id: z.string().trim().min(1, 'is required').max(100),
		// Liquid renders ids as text, but a number is fine too.
		user_id: z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string().trim().min(1, 'is required').max(150)),
		tracking_id: z.string().max(200).optional(),
		attrs: z.record(z.union([scalar, z.array(scalar)])).default({}),
		fields: z.record(z.unknown()).default({}),
	})
	.strict();

export type PersonalizeRequest = z.infer<typeof requestSchema>;

/** Parses the raw body; the error names the field: `user_id: is required`. */
export function parseRequest(rawBody: Buffer): { ok: true; value: PersonalizeRequest } | { ok: false; error: string } {
	let body: unknown;
	try {
		body = JSON.parse(rawBody.toString('utf8'));
	} catch {
		return { ok: false, error: 'body: is not valid JSON (check the Webhook Action body renders to JSON)' };
	}
	const parsed = requestSchema.safeParse(body);
	if (parsed.success) return { ok: true, value: parsed.data };
	const issue = parsed.error.issues[0];
	const field = issue.path.join('.') || 'body';
	const message = issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}` : issue.message;
	return { ok: false, error: `${field}: ${message}` };
}
