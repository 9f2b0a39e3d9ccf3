import {
	NodeConnectionTypes,
	NodeOperationError,
	type ICredentialsDecrypted,
	type ICredentialTestFunctions,
	type IDataObject,
	type INodeCredentialTestResult,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';
import { ALLOCATION_KEY } from '../shared/allocation';
import { ulid } from '../shared/ulid';
import type { AllocationMode } from './allocation';
import { authFromCredential, checkAuth, type RequestAuth } from './auth';
import { TIMEOUT, withinBudget } from './budget';
import { NUMBER_SETTINGS, properties } from './description';
import { bodySizeProblem } from './limits';
import { messageOf, type ChatModel } from './model';
import { personalize, type PersonalizeSettings } from './personalize';
import { ownValue } from './own';
import { listedNames } from './pii';
import { parseRequest, type BadRequest } from './request';
import { parseTemplates } from './templates';

type Context = IWebhookFunctions | IHookFunctions;

export const WEBHOOK_ACTION_CREDENTIAL = 'customerIoWebhookActionApi';

/**
 * A number setting as n8n hands it over. An expression can yield anything: NaN, text or an
 * out-of-range value fails closed at activation (NaN used to switch off the signature's
 * staleness check, a huge budget to hold the answer forever).
 */
function numberSetting(ctx: Context, name: keyof typeof NUMBER_SETTINGS, value: unknown): number {
	const { label, min, max, default: fallback } = NUMBER_SETTINGS[name];
	if (value === undefined) return fallback;
	if (typeof value === 'number' && value >= min && value <= max) return value;
	const given = typeof value === 'number' ? String(value) : `a value of type ${typeof value}`;
	throw new NodeOperationError(ctx.getNode(), `${label} must be a number from ${min} to ${max}`, {
		description: `It is ${given}. Set ${label} in the Customer.io AI Personalize node to a number from ${min} to ${max} (an expression there must produce one).`,
	});
}

async function readAuth(ctx: Context): Promise<RequestAuth> {
	if (ctx.getNodeParameter('authentication', 'credential') === 'none') return { mode: 'none' };
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const credential = await ctx.getCredentials(WEBHOOK_ACTION_CREDENTIAL);
	// The tolerance matters only to signatures; other methods keep working whatever it holds.
	const tolerance = credential.method === 'signature' ? numberSetting(ctx, 'toleranceSeconds', options.toleranceSeconds) : NUMBER_SETTINGS.toleranceSeconds.default;
	const auth = authFromCredential(credential, tolerance);
	if ('error' in auth) {
		throw new NodeOperationError(ctx.getNode(), `Webhook Action credential: ${auth.error}`, {
			description: 'Open the "Customer.io Webhook Action Auth" credential of this node and fix it; use the same values in the Webhook Action in Customer.io.',
		});
	}
	return auth;
}

/** The credential modal's Test: checks the values locally (there is nothing remote to call). */
async function customerIoWebhookActionApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const auth = authFromCredential(credential.data ?? {}, NUMBER_SETTINGS.toleranceSeconds.default);
	if ('error' in auth) return { status: 'Error', message: auth.error };
	const what = auth.mode === 'header' ? `header ${auth.name}` : auth.mode === 'basic' ? `Basic auth for ${auth.user}` : 'Customer.io signature';
	return { status: 'OK', message: `Requests must carry the ${what}` };
}

function readSettings(ctx: Context): PersonalizeSettings {
	const templates = parseTemplates(ctx.getNodeParameter('templates', '{}'));
	if (!templates.ok) {
		throw new NodeOperationError(ctx.getNode(), templates.error, { description: 'Fix the Templates JSON of the Customer.io AI Personalize node; the README shows the format.' });
	}
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	return {
		templates: templates.templates,
		instructions: String(ctx.getNodeParameter('instructions', '')),
		budgetMs: numberSetting(ctx, 'budgetMs', ctx.getNodeParameter('budgetMs', NUMBER_SETTINGS.budgetMs.default)),
		holdoutPercent: numberSetting(ctx, 'holdoutPercent', ctx.getNodeParameter('holdoutPercent', NUMBER_SETTINGS.holdoutPercent.default)),
		holdoutSalt: String(options.holdoutSalt ?? ''),
		allocation: ctx.getNodeParameter('allocation', 'fixed') === 'adaptive' ? 'adaptive' : 'fixed',
		snapshotMaxAgeMinutes: numberSetting(ctx, 'snapshotMaxAgeMinutes', ctx.getNodeParameter('snapshotMaxAgeMinutes', NUMBER_SETTINGS.snapshotMaxAgeMinutes.default)),
		piiNames: listedNames(String(options.piiNames ?? 'last_name, address, phone, email')),
	};
}

/** The raw body, or undefined when n8n cannot read it (the client hung up, a broken stream). */
async function rawBodyOf(req: ReturnType<IWebhookFunctions['getRequestObject']>): Promise<Buffer | undefined> {
	try {
		if (!req.rawBody) await req.readRawBody();
		return req.rawBody ?? Buffer.alloc(0);
	} catch {
		return undefined;
	}
}

/**
 * This template's entry of the allocation snapshot. n8n reads the workflow's static data from its
 * database for each production request, so this costs no query; the node only reads it, so it
 * never makes n8n save the workflow.
 */
function allocationEntry(ctx: IWebhookFunctions, mode: AllocationMode, templateId: string): unknown {
	if (mode !== 'adaptive') return undefined;
	const snapshot = ctx.getWorkflowStaticData('global')[ALLOCATION_KEY];
	return snapshot !== null && typeof snapshot === 'object' ? ownValue(snapshot as Record<string, unknown>, templateId) : undefined;
}

/**
 * The chat model sub-node, built within what is left of the budget: a sub-node that hangs while
 * it loads (a slow credential store) must not hold the answer.
 */
async function loadModel(ctx: IWebhookFunctions, ms: number): Promise<{ model?: ChatModel; error?: string }> {
	try {
		const loaded = await withinBudget(ctx.getInputConnectionData(NodeConnectionTypes.AiLanguageModel, 0), ms);
		if (loaded === TIMEOUT) return { error: `the chat model sub-node did not load within ${Math.max(0, ms)} ms` };
		return { model: loaded as ChatModel | undefined };
	} catch (error) {
		// A broken model sub-node (e.g. a bad credential) must not cost the answer.
		return { error: messageOf(error) };
	}
}

/**
 * The URL a Customer.io Webhook Action calls for personalized copy. It answers itself, within
 * the time budget, and then starts the workflow with one audit item, so nothing downstream can
 * delay the answer.
 */
export class CustomerIoAiPersonalize implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Customer.io AI Personalize',
		name: 'customerIoAiPersonalize',
		icon: { light: 'file:../CustomerIo/customerio.svg', dark: 'file:../CustomerIo/customerio.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ "budget " + $parameter["budgetMs"] + " ms" }}',
		description: 'Answers Customer.io Webhook Actions with personalized copy (subject, preheader, body …) from any chat model, within a time budget, with fallback copy, A/B variants and a holdout group',
		documentationUrl: 'https://github.com/n8n-nodes-customerio-lifecycle/n8n-nodes-customerio-lifecycle#ai-personalize',
		defaults: { name: 'Customer.io AI Personalize' },
		inputs: [
			{ type: NodeConnectionTypes.AiLanguageModel, displayName: 'Chat Model', required: false, maxConnections: 1 },
		],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'customerIoWebhookActionApi',
				required: true,
				testedBy: 'customerIoWebhookActionApiTest',
				displayOptions: { show: { authentication: ['credential'] } },
			},
		],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'personalize' }],
		properties,
	};

	methods = {
		credentialTest: { customerIoWebhookActionApiTest },
	};

	webhookMethods = {
		default: {
			// Nothing to register in Customer.io: the URL goes into the Webhook Action by hand.
			// Checking the settings here makes a broken configuration fail at activation.
			async checkExists(this: IHookFunctions): Promise<boolean> {
				readSettings(this);
				await readAuth(this);
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const startedAt = Date.now();
		const req = this.getRequestObject();
		const res = this.getResponseObject();
		const refuse = (status: 400 | 401, reply: BadRequest): IWebhookResponseData => {
			res.status(status).json(reply);
			return { noWebhookResponse: true };
		};
		const rawBody = await rawBodyOf(req);
		if (!rawBody) return refuse(400, { error: 'body: could not be read (the request was cut off)' });
		// Before authentication, so that an oversized body costs no signature check either.
		const oversized = bodySizeProblem(rawBody.length);
		if (oversized) return refuse(400, oversized);

		const auth = await readAuth(this);
		const authMs = Date.now() - startedAt;
		const denied = checkAuth(auth, rawBody, req.headers, Math.floor(startedAt / 1000));
		if (denied) return refuse(401, { error: `Unauthorized: ${denied}` });
		const request = parseRequest(rawBody);
		if (!request.ok) return refuse(400, request.reply);
		const settings = readSettings(this);
		const loadStarted = Date.now();
		const { model, error: modelError } = await loadModel(this, startedAt + settings.budgetMs - loadStarted);
		const modelLoadMs = Date.now() - loadStarted;
		const outcome = await personalize({ request: request.value, settings, model, startedAt, allocation: allocationEntry(this, settings.allocation, request.value.template_id) });
		if (outcome.status === 400) return refuse(400, { error: outcome.error });
		res.status(200).json(outcome.answer);
		// served_id keys the answer in the user's store (Customer.io retries a Webhook Action, and a
		// retried answer is another row); timing for review: the whole answer, and the model's load.
		const audit: IDataObject = {
			served_id: ulid(startedAt),
			served_at: new Date(startedAt).toISOString(),
			...outcome.audit,
			answered_in_ms: Date.now() - startedAt,
			model_load_ms: modelLoadMs,
			credential_ms: authMs,
		};
		if (modelError) audit.model_error = modelError;
		return { noWebhookResponse: true, workflowData: [[{ json: audit }]] };
	}
}
