import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';
import { sharesFor, type AllocationMode } from './allocation';
import { EMPTY_SCOPE, render, type Scope } from './liquid';
import { buildMessages, personalizeWithModel, PROMPT_VERSION_SALT, validateModelVars, type ChatModel } from './model';
import { ownValue } from './own';
import { MASKS, scrub, scrubText } from './pii';
import type { PersonalizeRequest } from './request';
import { chooseVariant, inHoldout, limitOf, splitPool, type Template, type Templates } from './templates';

/**
 * One answer to a Webhook Action: choose the variant (rules, A/B split, holdout), ask the model
 * within the budget, and fall back to the variant's own copy whenever the model is missing,
 * slow, failing or wrong. Always returns an answer; the audit says what happened.
 */
export interface PersonalizeSettings {
	templates: Templates;
	instructions: string;
	budgetMs: number;
	holdoutPercent: number;
	holdoutSalt: string;
	/** Fixed split, or the shares Update Allocation wrote to the workflow's static data. */
	allocation: AllocationMode;
	/** Older snapshots are ignored (the fixed split answers): the writer has stopped. */
	snapshotMaxAgeMinutes: number;
	/** Attribute/field names whose values never reach the model (lower-case). */
	piiNames: ReadonlySet<string>;
}

export interface Answer extends IDataObject {
	copy_id: string;
	template_id: string;
	tracking_id: string | null;
	/** "A", "B" … by position in the template, or "control". */
	variant: string;
	source: 'ai' | 'fallback' | 'control';
	/** Whether the snapshot's shares were in force for this answer, or the fixed split. */
	allocation: AllocationMode;
	prompt_version: string;
	vars: Record<string, string>;
}

export type Outcome =
	| { status: 400; error: string }
	| { status: 200; answer: Answer; audit: IDataObject };

/** Time kept back from the budget for rendering and writing the answer. */
const ANSWER_RESERVE_MS = 10;

export function promptVersion(instructions: string, template: Template): string {
	return createHash('sha256').update(`${PROMPT_VERSION_SALT}\n${instructions.trim()}\n${JSON.stringify(template)}`).digest('hex').slice(0, 10);
}

/** The copy of one answer: for Customer.io, for the audit item, and which vars lost their request data. */
interface Copy {
	vars: Record<string, string>;
	audited: Record<string, string>;
	defaulted: string[];
}

/**
 * Fills the slots of each var (as the template or the model wrote it) twice: with the request
 * for the answer, and with the masked request for the audit item, so a slot that puts a private
 * attribute, an email or a phone number into the copy shows the mask in the workflow.
 *
 * When request data would push a var over its limit (a first_name of 10,000 characters), that var is answered
 * without request data, i.e. with the slots' own `default:` text ("Welcome aboard, there").
 * parseTemplates has checked that this fits every limit. A default reads better than a name or
 * sentence cut mid-way, and the var never grows past what the journey's message expects.
 */
function fill(written: Record<string, string>, template: Template, scope: Scope, masked: Scope): Copy {
	const copy: Copy = { vars: {}, audited: {}, defaulted: [] };
	for (const [key, text] of Object.entries(written)) {
		const limit = limitOf(template, key);
		const value = render(text, scope, limit);
		if (value === undefined) copy.defaulted.push(key);
		copy.vars[key] = value ?? render(text, EMPTY_SCOPE, limit) ?? '';
		// Masks can be longer than what they hide; a var whose masked copy is far over its limit is masked whole.
		const audited = value === undefined ? copy.vars[key] : render(text, masked, 2 * limit + 1000);
		copy.audited[key] = scrubText(audited ?? MASKS.listed);
	}
	return copy;
}

export async function personalize(input: {
	request: PersonalizeRequest;
	settings: PersonalizeSettings;
	model: ChatModel | undefined;
	startedAt: number;
	/** This template's entry of the allocation snapshot (read only with adaptive allocation). */
	allocation?: unknown;
	now?: () => number;
}): Promise<Outcome> {
	const now = input.now ?? Date.now;
	const { request, settings } = input;
	const template = ownValue(settings.templates, request.template_id);
	if (!template) {
		// The node's template ids are not listed: whoever calls this URL need not learn them.
		return { status: 400, error: `template_id: unknown template "${request.template_id}"; use a template_id defined in the node's Templates` };
	}
	const { attrs, fields, ...ids } = request;
	const scope: Scope = { fields, attrs };
	// Masked once, for the prompt, the audit item's request and the audit item's copy.
	const masked = { attrs: scrub(attrs, settings.piiNames), fields: scrub(fields, settings.piiNames) } as Scope;
	const adaptive = settings.allocation === 'adaptive' ? sharesFor(input.allocation, splitPool(template), settings.snapshotMaxAgeMinutes * 60_000, now()) : undefined;
	const shares = adaptive?.ok ? adaptive.shares : undefined;
	const allocation: AllocationMode = shares ? 'adaptive' : 'fixed';
	const choice = chooseVariant(request.template_id, template, request.user_id, attrs, { servedCopyId: request.served_copy_id, shares });
	const { variant } = choice;
	const audit: IDataObject = { request: { ...(scrub(ids, settings.piiNames) as IDataObject), ...masked }, chosen_by: choice.reason };
	if (adaptive && !adaptive.ok) audit.allocation_fallback = adaptive.reason;

	const answer = (head: Pick<Answer, 'copy_id' | 'variant' | 'source'>, written: Record<string, string>, about: IDataObject): Outcome => {
		const copy = fill(written, template, scope, masked);
		const answered: Answer = {
			template_id: request.template_id,
			tracking_id: request.tracking_id ?? null,
			prompt_version: promptVersion(settings.instructions, template),
			...head,
			allocation,
			vars: copy.vars,
		};
		const shown = scrub({ ...answered, vars: copy.audited }, settings.piiNames) as IDataObject;
		const defaulted = copy.defaulted.length ? { defaulted_vars: copy.defaulted } : {};
		return { status: 200, answer: answered, audit: { ...audit, answer: shown, ...about, ...defaulted } };
	};

	if (inHoldout(request.template_id, request.user_id, settings.holdoutSalt, settings.holdoutPercent)) {
		const control = template.control ?? variant;
		return answer({ copy_id: control.copy_id, variant: 'control', source: 'control' }, control.vars, { reason: 'holdout group' });
	}

	const letter = String.fromCharCode(65 + template.variants.indexOf(variant));
	const fallback = { copy_id: variant.copy_id, variant: letter, source: 'fallback' } as const;
	if (!input.model) return answer(fallback, variant.vars, { reason: 'no chat model connected' });

	// The budget runs from the request's arrival: reading, checking and masking it count too.
	const remaining = settings.budgetMs - (now() - input.startedAt) - ANSWER_RESERVE_MS;
	if (remaining <= 0) return answer(fallback, variant.vars, { reason: 'no time left for the model' });
	const outcome = await personalizeWithModel(
		input.model,
		buildMessages({ instructions: settings.instructions, variant, template, person: masked }),
		(raw) => validateModelVars(raw, variant, template, scope),
		remaining,
		now,
	);
	if (!outcome.ok) {
		return answer(fallback, variant.vars, { reason: outcome.timedOut ? 'model too slow' : 'model failed', error: outcome.error, model_ms: outcome.ms });
	}
	return answer({ ...fallback, source: 'ai' }, outcome.vars, { model_ms: outcome.ms });
}
