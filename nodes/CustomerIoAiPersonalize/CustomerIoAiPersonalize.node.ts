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
import { authFromCredential, checkAuth, type RequestAuth } from './auth';
import { properties } from './description';
import type { ChatModel } from './model';
import { personalize, type PersonalizeSettings } from './personalize';
import { listedNames } from './pii';
import { parseRequest } from './request';
import { parseTemplates } from './templates';

type Context = IWebhookFunctions | IHookFunctions;

export const WEBHOOK_ACTION_CREDENTIAL = 'customerIoWebhookActionApi';

async function readAuth(ctx: Context): Promise<RequestAuth> {
	if (ctx.getNodeParameter('authentication', 'credential') === 'none') return { mode: 'none' };
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const auth = authFromCredential(await ctx.getCredentials(WEBHOOK_ACTION_CREDENTIAL), Number(options.toleranceSeconds ?? 300));
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
	const auth = authFromCredential(credential.data ?? {}, 300);
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
		budgetMs: Number(ctx.getNodeParameter('budgetMs', 3000)),
		holdoutPercent: Number(ctx.getNodeParameter('holdoutPercent', 0)),
		holdoutSalt: String(options.holdoutSalt ?? ''),
		piiNames: listedNames(String(options.piiNames ?? 'last_name, address, phone, email')),
	};
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
		if (!req.rawBody) await req.readRawBody();
		const rawBody = req.rawBody ?? Buffer.alloc(0);

		const auth = await readAuth(this);
		const authMs = Date.now() - startedAt;
		const denied = checkAuth(auth, rawBody, req.headers, Math.floor(startedAt / 1000));
		if (denied) {
			res.status(401).json({ error: `Unauthorized: ${denied}` });
			return { noWebhookResponse: true };
		}
		const request = parseRequest(rawBody);
		if (!request.ok) {
			res.status(400).json({ error: request.error });
			return { noWebhookResponse: true };
		}
		const settings = readSettings(this);
		let model: ChatModel | undefined;
		let modelError: string | undefined;
		const loadStarted = Date.now();
		try {
			model = (await this.getInputConnectionData(NodeConnectionTypes.AiLanguageModel, 0)) as ChatModel | undefined;
		} catch (error) {
			// A broken model sub-node (e.g. a bad credential) must not cost the answer.
			modelError = (error as Error).message;
		}
		const modelLoadMs = Date.now() - loadStarted;
		const outcome = await personalize({ request: request.value, settings, model, startedAt });
		if (outcome.status === 400) {
			res.status(400).json({ error: outcome.error });
			return { noWebhookResponse: true };
		}
		res.status(200).json(outcome.answer);
		// Timing for review: the whole answer, and the part spent building the model sub-node.
		const audit: IDataObject = { ...outcome.audit, answered_in_ms: Date.now() - startedAt, model_load_ms: modelLoadMs, credential_ms: authMs };
		if (modelError) audit.model_error = modelError;
		return { noWebhookResponse: true, workflowData: [[{ json: audit }]] };
	}
}
