import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';
import { render, type Scope } from './liquid';
import { buildMessages, personalizeWithModel, PROMPT_VERSION_SALT, validateModelVars, type ChatModel } from './model';
import { scrub } from './pii';
import type { PersonalizeRequest } from './request';
import { chooseVariant, inHoldout, type Template, type Templates, type Variant } from './templates';

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

function hydrate(variant: Pick<Variant, 'vars'>, scope: Scope): Record<string, string> {
	return Object.fromEntries(Object.entries(variant.vars).map(([key, template]) => [key, render(template, scope)]));
}

export async function personalize(input: {
	request: PersonalizeRequest;
	settings: PersonalizeSettings;
	model: ChatModel | undefined;
	startedAt: number;
	now?: () => number;
}): Promise<Outcome> {
	const now = input.now ?? Date.now;
	const { request, settings } = input;
	const template = settings.templates[request.template_id];
	if (!template) {
		return { status: 400, error: `template_id: unknown template "${request.template_id}"; this node knows ${Object.keys(settings.templates).join(', ')}` };
	}
	const scope: Scope = { fields: request.fields, attrs: request.attrs };
	const choice = chooseVariant(request.template_id, template, request.user_id, request.attrs);
	const base = {
		template_id: request.template_id,
		tracking_id: request.tracking_id ?? null,
		prompt_version: promptVersion(settings.instructions, template),
	};
	const letter = String.fromCharCode(65 + template.variants.indexOf(choice.variant));
	// The audit item is workflow data: emails, phones and listed names stay masked there too.
	const audit: IDataObject = { request: scrub(request, settings.piiNames) as IDataObject, chosen_by: choice.reason };
	const audited = (answer: Answer) => ({ ...answer, vars: scrub(answer.vars, settings.piiNames) });

	if (inHoldout(request.template_id, request.user_id, settings.holdoutSalt, settings.holdoutPercent)) {
		const control = template.control ?? choice.variant;
		const answer: Answer = { ...base, copy_id: control.copy_id, variant: 'control', source: 'control', vars: hydrate(control, scope) };
		return { status: 200, answer, audit: { ...audit, answer: audited(answer), reason: 'holdout group' } };
	}

	const fallback: Answer = { ...base, copy_id: choice.variant.copy_id, variant: letter, source: 'fallback', vars: hydrate(choice.variant, scope) };
	if (!input.model) return { status: 200, answer: fallback, audit: { ...audit, answer: audited(fallback), reason: 'no chat model connected' } };

	const messages = buildMessages({
		instructions: settings.instructions,
		variant: choice.variant,
		template,
		person: { attrs: scrub(request.attrs, settings.piiNames), fields: scrub(request.fields, settings.piiNames) },
	});
	const remaining = settings.budgetMs - (now() - input.startedAt) - ANSWER_RESERVE_MS;
	const outcome = await personalizeWithModel(
		input.model,
		messages,
		(raw) => validateModelVars(raw, choice.variant, template, scope),
		remaining,
		now,
	);
	if (!outcome.ok) {
		return {
			status: 200,
			answer: fallback,
			audit: { ...audit, answer: audited(fallback), reason: outcome.timedOut ? 'model too slow' : 'model failed', error: outcome.error, model_ms: outcome.ms },
		};
	}
	const answer: Answer = { ...fallback, source: 'ai', vars: outcome.vars };
	return { status: 200, answer, audit: { ...audit, answer: audited(answer), model_ms: outcome.ms } };
}
