import type { IDataObject } from 'n8n-workflow';
import { CustomerIoAiPersonalize } from '../../../nodes/CustomerIoAiPersonalize/CustomerIoAiPersonalize.node';
import { EXAMPLE_TEMPLATES } from '../../../nodes/CustomerIoAiPersonalize/description';
import { measureBlock } from '../../helpers/eventLoopProbe';
import { fakeWebhookContext } from '../../helpers/fakeWebhookContext';

/**
 * Drives AI Personalize's webhook() the way n8n does for one request, with a header secret, and
 * reports what the caller gets, what the workflow gets, and how long the event loop was blocked
 * (measureBlock: a call may run up to three times).
 * A throw is what n8n would answer with 500: it is reported, never swallowed.
 */
const node = new CustomerIoAiPersonalize();
export const SECRET = 'ai-personalize-shared-secret-7';
export const AUTHORIZED = { 'x-api-key': SECRET };

export interface Call {
	/** The raw body; a string is sent as UTF-8. */
	raw: Buffer | string;
	headers?: Record<string, unknown>;
	parameters?: Record<string, unknown>;
	/** What the Chat Model input yields (getInputConnectionData), or a function that does. */
	model?: unknown;
	/** Replaces the request object's fields (rawBody, readRawBody …). */
	request?: Record<string, unknown>;
}

export interface Result {
	status?: number;
	body?: IDataObject;
	audit?: IDataObject;
	/** What webhook() threw: n8n answers it with 500. */
	threw?: Error;
	/** The longest event-loop block, and how long webhook() took, in the run that counts. */
	blockedMs: number;
	elapsedMs: number;
}

export async function call(input: Call): Promise<Result> {
	const raw = typeof input.raw === 'string' ? Buffer.from(input.raw) : input.raw;
	const { result, blockedMs, elapsedMs } = await measureBlock(() => callOnce(input, raw));
	return { ...result, blockedMs, elapsedMs };
}

async function callOnce(input: Call, raw: Buffer): Promise<Omit<Result, 'blockedMs' | 'elapsedMs'>> {
	const { ctx, answer } = fakeWebhookContext(
		{ rawBody: raw, headers: input.headers ?? AUTHORIZED, fields: input.request },
		{
			credentials: { method: 'header', headerName: 'X-Api-Key', headerValue: SECRET },
			parameters: { authentication: 'credential', budgetMs: 500, templates: JSON.stringify(EXAMPLE_TEMPLATES), instructions: '', holdoutPercent: 0, ...input.parameters },
			extra: { getInputConnectionData: async () => (typeof input.model === 'function' ? input.model() : input.model) },
		},
	);
	try {
		const workflow = await node.webhook.call(ctx);
		return { status: answer.status, body: answer.body as IDataObject | undefined, audit: workflow.workflowData?.[0][0].json };
	} catch (error) {
		return { status: answer.status, threw: error as Error };
	}
}

/** A Webhook Action body for the example "welcome" template, as JSON text. */
export function body(over: Record<string, unknown> = {}): string {
	return JSON.stringify({ template_id: 'welcome', user_id: 'u-1', attrs: { plan: 'pro' }, fields: { first_name: 'Grace' }, ...over });
}

/** A chat model that answers `content` (a LangChain message's content) at once. */
export function modelAnswering(content: unknown) {
	return { invoke: async () => ({ content }) };
}

/**
 * One ordinary request with and without a model, before anything is measured: the first call
 * of a process compiles the node's code, schemas and patterns, which is not work an attacker
 * can repeat.
 */
export async function warmUp(): Promise<void> {
	await call({ raw: body({ fields: { first_name: 'Grace', email: 'grace@example.com', phone: '+1 415 555 0100' } }) });
	await call({ raw: body(), model: modelAnswering(JSON.stringify({ subject: 's', preheader: 'p', body: 'b', cta: 'c' })) });
}
