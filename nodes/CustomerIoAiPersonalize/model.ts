import { z } from 'zod';
import { TIMEOUT, withinBudget } from './budget';
import { MODEL_ANSWER_MAX_CHARS } from './limits';
import { render, type Scope } from './liquid';
import { containsMask } from './pii';
import { limitOf, type Template, type Variant } from './templates';

/**
 * Asking the connected chat model (any n8n chat-model sub-node: a LangChain chat model) to
 * personalize one variant, within a time budget, and checking what it answers.
 */
export interface ChatModel {
	invoke(messages: Array<[string, string]>, options?: { signal?: AbortSignal }): Promise<unknown>;
}

export const PROMPT_VERSION_SALT = 'cio-ai-personalize/1';

export function buildMessages(input: {
	instructions: string;
	variant: Variant;
	template: Template;
	person: { attrs: unknown; fields: unknown };
}): Array<[string, string]> {
	const keys = Object.keys(input.variant.vars);
	const limits = keys.map((key) => `"${key}" (at most ${limitOf(input.template, key)} characters)`).join(', ');
	const system = [
		'You personalize lifecycle marketing copy for one person.',
		input.instructions.trim() ? `Brand instructions: ${input.instructions.trim()}` : '',
		`Answer with one JSON object and nothing else, with exactly these string keys: ${limits}.`,
		'Keep Liquid slots such as {{fields.first_name | default: "there"}} wherever personal data belongs; they are filled in later.',
		'Values shown as [email], [phone] or [redacted] are hidden personal data: never copy them into the text and never invent personal data.',
	]
		.filter(Boolean)
		.join('\n');
	const user = JSON.stringify({ copy: input.variant.vars, person: input.person });
	return [
		['system', system],
		['human', user],
	];
}

/**
 * The text of a LangChain message (string content, or an array of text parts), read no further
 * than one character past MODEL_ANSWER_MAX_CHARS.
 */
function textOf(message: unknown): string {
	const content = (message as { content?: unknown } | null)?.content ?? message;
	if (typeof content === 'string') return content;
	let text = '';
	for (const part of Array.isArray(content) ? content : []) {
		const piece = typeof part === 'string' ? part : (part as { text?: unknown } | null)?.text;
		if (typeof piece === 'string') text += piece;
		if (text.length > MODEL_ANSWER_MAX_CHARS) break;
	}
	return text;
}

/** An error's message for the audit item, whatever was thrown (even undefined), at a readable length. */
export function messageOf(error: unknown): string {
	const message = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
	return message.slice(0, 500) || 'unknown error';
}

/** A check's verdict: the value, or why it is unusable (worded for the audit item). */
export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

/** The JSON object in a model answer, tolerating ```json fences and text around it. */
function jsonIn(text: string): Checked<unknown> {
	if (text.length > MODEL_ANSWER_MAX_CHARS) return { ok: false, error: `the model answered over ${MODEL_ANSWER_MAX_CHARS} characters` };
	const start = text.indexOf('{');
	const end = text.lastIndexOf('}');
	if (start < 0 || end <= start) return { ok: false, error: 'the model did not answer JSON' };
	try {
		return { ok: true, value: JSON.parse(text.slice(start, end + 1)) };
	} catch {
		return { ok: false, error: 'the model answered malformed JSON' };
	}
}

/**
 * Validates the model's vars: exactly the variant's keys, strings within the limits (after
 * the slots are filled with real fields), and no masked placeholder copied into the copy.
 * Returns the vars as written, slots unfilled: the caller fills them for the answer and, with
 * masked data, for the audit item.
 */
export function validateModelVars(raw: unknown, variant: Variant, template: Template, scope: Scope): Checked<Record<string, string>> {
	const keys = Object.keys(variant.vars);
	const shape = z.object(Object.fromEntries(keys.map((key) => [key, z.string().trim().min(1)]))).strict();
	const parsed = shape.safeParse(raw);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		const where = issue.path.length ? `field ${issue.path.join('.')}` : 'object';
		// A few keys name the mistake; a model can answer thousands.
		const what = issue.code === 'unrecognized_keys' ? `has extra keys ${issue.keys.slice(0, 5).join(', ').slice(0, 200)}` : issue.message;
		return { ok: false, error: `the model's JSON ${where}: ${what}` };
	}
	const vars: Record<string, string> = {};
	for (const key of keys) {
		const written = (parsed.data as Record<string, string>)[key];
		if (containsMask(written)) return { ok: false, error: `the model copied hidden personal data into ${key}` };
		const limit = limitOf(template, key);
		if (render(written, scope, limit) === undefined) return { ok: false, error: `the model's ${key} is longer than ${limit} characters once its slots are filled` };
		vars[key] = written;
	}
	return { ok: true, value: vars };
}

export type ModelOutcome =
	| { ok: true; vars: Record<string, string>; ms: number }
	| { ok: false; error: string; ms: number; timedOut: boolean };

/**
 * Calls the model and gives up when `budgetMs` runs out (the call is aborted too). Never
 * throws: every failure is an outcome, so the caller can always answer fallback copy.
 */
export async function personalizeWithModel(
	model: ChatModel,
	messages: Array<[string, string]>,
	check: (raw: unknown) => Checked<Record<string, string>>,
	budgetMs: number,
	now: () => number = Date.now,
): Promise<ModelOutcome> {
	const started = now();
	const abort = new AbortController();
	try {
		const answer = await withinBudget(model.invoke(messages, { signal: abort.signal }), budgetMs);
		if (answer === TIMEOUT) {
			abort.abort();
			return { ok: false, error: `the model did not answer within ${budgetMs} ms`, ms: now() - started, timedOut: true };
		}
		const json = jsonIn(textOf(answer));
		const vars = json.ok ? check(json.value) : json;
		return vars.ok ? { ok: true, vars: vars.value, ms: now() - started } : { ok: false, error: vars.error, ms: now() - started, timedOut: false };
	} catch (error) {
		return { ok: false, error: messageOf(error), ms: now() - started, timedOut: false };
	}
}
