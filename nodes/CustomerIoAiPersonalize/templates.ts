import { createHash } from 'crypto';
import { z } from 'zod';
import { EMPTY_SCOPE, render } from './liquid';
import { ownValue } from './own';

/**
 * Templates as configured in the node (JSON): each has variants with a stable `copy_id`, copy
 * vars written with Liquid slots, and optional `when` rules on `attrs`. Choice is stateless:
 * the same person gets the same variant and the same holdout group in any process.
 */
const DEFAULT_LIMITS: Record<string, number> = { subject: 150, preheader: 200, body: 1000, cta: 60 };
const OTHER_VAR_LIMIT = 500;

const varsSchema = z
	.record(z.string())
	.refine((vars) => Object.keys(vars).length > 0, 'needs at least one var, e.g. "subject"')
	.refine((vars) => Object.keys(vars).every((k) => /^[a-z][a-z0-9_]{0,39}$/.test(k)), 'var names are lowercase words such as subject or cta');

const ruleValue = z.union([z.string(), z.number(), z.boolean()]);

const variantSchema = z.object({
	copy_id: z.string().trim().min(1).max(100),
	/** attrs that must all match: `{"plan": "pro", "country": ["US", "CA"]}`. */
	when: z.record(z.union([ruleValue, z.array(ruleValue).min(1)])).optional(),
	vars: varsSchema,
});

const templateSchema = z.object({
	/** Answers name variants A to Z by position. */
	variants: z.array(variantSchema).min(1, 'needs at least one variant').max(26, 'has more than 26 variants (answers name them A to Z): split the test over two templates'),
	/** What people in the holdout group get; default: the variant they would otherwise get, unpersonalized. */
	control: variantSchema.omit({ when: true }).optional(),
	/** Maximum characters per var (defaults: subject 150, preheader 200, body 1000, cta 60, others 500). */
	limits: z.record(z.number().int().min(1).max(10_000)).optional(),
});

export type Template = z.infer<typeof templateSchema>;
export type Variant = z.infer<typeof variantSchema>;

export function limitOf(template: Template, name: string): number {
	return ownValue(template.limits ?? {}, name) ?? ownValue(DEFAULT_LIMITS, name) ?? OTHER_VAR_LIMIT;
}

export const templatesSchema = z
	.record(templateSchema)
	.refine((templates) => Object.keys(templates).length > 0, 'define at least one template')
	.superRefine((templates, ctx) => {
		const seen = new Map<string, string>();
		for (const [id, template] of Object.entries(templates)) {
			const copies: Array<{ variant: Pick<Variant, 'copy_id' | 'vars'>; path: Array<string | number> }> = template.variants.map((variant, i) => ({ variant, path: ['variants', i] }));
			if (template.control) copies.push({ variant: template.control, path: ['control'] });
			for (const { variant, path } of copies) {
				const other = seen.get(variant.copy_id);
				if (other) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [id], message: `copy_id "${variant.copy_id}" is used twice (also in ${other}): each variant needs its own` });
				seen.set(variant.copy_id, id);
				// A var that request data would push over its limit is answered without that data
				// (personalize.ts), so the copy without request data must itself fit.
				for (const [name, text] of Object.entries(variant.vars)) {
					const limit = limitOf(template, name);
					if (render(text, EMPTY_SCOPE, limit) === undefined) {
						ctx.addIssue({ code: z.ZodIssueCode.custom, path: [id, ...path, 'vars', name], message: `is longer than ${limit} characters even without request data: shorten it or raise limits.${name}` });
					}
				}
			}
		}
	});

export type Templates = z.infer<typeof templatesSchema>;

export function parseTemplates(value: unknown): { ok: true; templates: Templates } | { ok: false; error: string } {
	let json = value;
	if (typeof value === 'string') {
		try {
			json = JSON.parse(value);
		} catch (error) {
			return { ok: false, error: `Templates is not valid JSON: ${(error as Error).message}` };
		}
	}
	const parsed = templatesSchema.safeParse(json);
	if (parsed.success) return { ok: true, templates: parsed.data };
	const issue = parsed.error.issues[0];
	return { ok: false, error: `Templates: ${issue.path.join('.') || '(root)'}: ${issue.message}` };
}

/** A number in [0, 1) from a SHA-256 of the parts: stable across processes and restarts. */
export function unitHash(...parts: string[]): number {
	const digest = createHash('sha256').update(parts.join('\u0000')).digest();
	return digest.readUInt32BE(0) / 2 ** 32;
}

function matches(rule: Variant['when'], attrs: Record<string, unknown>): boolean {
	if (!rule) return false;
	return Object.entries(rule).every(([name, expected]) => {
		const actual = ownValue(attrs, name);
		const allowed = Array.isArray(expected) ? expected : [expected];
		return actual !== undefined && actual !== null && allowed.some((value) => String(value) === String(actual));
	});
}

export interface Choice {
	variant: Variant;
	/**
	 * How it was chosen: the rule that matched, the variant already served to this person, the
	 * allocation snapshot's shares, or the fixed split.
	 */
	reason: 'rule' | 'served' | 'adaptive' | 'split';
}

/** The variants the split (fixed or adaptive) chooses from: those without rules, or all when every variant has one. */
export function splitPool(template: Template): Variant[] {
	const open = template.variants.filter((variant) => !variant.when);
	return open.length ? open : template.variants;
}

/** How a request steers the split: the copy_id it was served before, and adaptive shares aligned with splitPool. */
export interface Steering {
	servedCopyId?: string;
	shares?: readonly number[];
}

/**
 * First variant whose `when` rule matches; else the variant this person was served before, when
 * it is still in the split; else a stable split over the variants without rules: by the shares
 * when given, in equal parts otherwise. Both splits use the same per-person number, so equal
 * shares put everyone where the fixed split does.
 */
export function chooseVariant(templateId: string, template: Template, userId: string, attrs: Record<string, unknown>, steering: Steering = {}): Choice {
	const ruled = template.variants.find((variant) => matches(variant.when, attrs));
	if (ruled) return { variant: ruled, reason: 'rule' };
	const pool = splitPool(template);
	const served = steering.servedCopyId === undefined ? undefined : pool.find((variant) => variant.copy_id === steering.servedCopyId);
	if (served) return { variant: served, reason: 'served' };
	const u = unitHash('variant', templateId, userId);
	const { shares } = steering;
	if (shares && shares.length === pool.length) {
		let cumulative = 0;
		for (let i = 0; i < pool.length; i++) {
			cumulative += shares[i];
			if (u < cumulative) return { variant: pool[i], reason: 'adaptive' };
		}
		// Rounding can leave the shares a hair under 1: the last variant with a share takes the rest.
		let last = pool.length - 1;
		while (last > 0 && !(shares[last] > 0)) last--;
		return { variant: pool[last], reason: 'adaptive' };
	}
	return { variant: pool[Math.floor(u * pool.length)], reason: 'split' };
}

/** Whether this person is in the holdout (control) group: the same answer every time. */
export function inHoldout(templateId: string, userId: string, salt: string, percent: number): boolean {
	return percent > 0 && unitHash('holdout', salt, templateId, userId) * 100 < percent;
}
