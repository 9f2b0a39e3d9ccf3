import { NodeOperationError, type IDataObject, type IHookFunctions, type IWebhookFunctions } from 'n8n-workflow';
import { CREDENTIAL_TYPE } from '../shared/transport/types';
import { DEFAULT_COPY_ID_SOURCES, HEADER_NAME, LINK_PARAMETER, type CopyIdSources } from './copyId';
import type { TriggerSettings } from './decide';
import { idList } from './filters';

type TriggerContext = IWebhookFunctions | IHookFunctions;

const SIGNING_CREDENTIAL_TYPE = 'customerIoReportingSigningApi';

export const TOLERANCE_SECONDS = { min: 30, max: 3600, default: 300 } as const;

const WEBHOOK_PAGE = 'Customer.io → Data & Integrations → Integrations → Reporting Webhooks → your webhook → Signing Key';

/**
 * The trigger's settings from its parameters and credentials, checked so that every bad value
 * fails closed with an error at activation (and on each request) instead of weakening a check:
 * a NaN tolerance used to switch off replay protection. With verification on, a missing signing
 * key is an error too: otherwise every genuine event would get 401 and Customer.io would stall
 * the stream for an hour.
 */
export async function readSettings(ctx: TriggerContext): Promise<TriggerSettings> {
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const filters = ctx.getNodeParameter('filters', {}) as IDataObject;
	rejectKeyInNode(ctx, options);
	const verify = booleanSetting(ctx, 'Verify Signature', ctx.getNodeParameter('verifySignature', true), true);
	return {
		signingKey: verify ? await signingKeyOf(ctx) : undefined,
		toleranceSeconds: toleranceOf(ctx, options.toleranceSeconds),
		copyIdSources: copyIdSourcesOf(ctx, options),
		filters: {
			events: idList(ctx.getNodeParameter('events', [])),
			objectTypes: idList(filters.objectTypes),
			metrics: idList(filters.metrics),
			campaignIds: idList(filters.campaignIds),
			journeyIds: idList(filters.journeyIds),
			broadcastIds: idList(filters.broadcastIds),
			newsletterIds: idList(filters.newsletterIds),
			transactionalMessageIds: idList(filters.transactionalMessageIds),
			recipientDomains: idList(filters.recipientDomains),
		},
	};
}

/** A boolean parameter as n8n hands it over; an expression yielding anything else is an error, not a guess. */
export function booleanSetting(ctx: TriggerContext, label: string, value: unknown, fallback: boolean): boolean {
	if (value === undefined) return fallback;
	if (typeof value === 'boolean') return value;
	throw new NodeOperationError(ctx.getNode(), `${label} must be true or false`, {
		description: `It is ${described(value)}. An expression there must produce a boolean, not text such as "false".`,
	});
}

function toleranceOf(ctx: TriggerContext, value: unknown): number {
	if (value === undefined) return TOLERANCE_SECONDS.default;
	// NaN fails both comparisons, Infinity the second: only a usable window passes.
	if (typeof value === 'number' && value >= TOLERANCE_SECONDS.min && value <= TOLERANCE_SECONDS.max) return value;
	const { min, max } = TOLERANCE_SECONDS;
	throw new NodeOperationError(ctx.getNode(), `Timestamp Tolerance must be a number of seconds from ${min} to ${max}`, {
		description: `It is ${described(value)}. Set Options → Timestamp Tolerance (Seconds) to a number from ${min} to ${max} (an expression must produce one), or remove the option to use ${TOLERANCE_SECONDS.default}.`,
	});
}

/** Where events carry AI Personalize's copy_id: the defaults unless set; empty turns a source off. */
function copyIdSourcesOf(ctx: TriggerContext, options: IDataObject): CopyIdSources {
	const source = (value: unknown, fallback: string, pattern: RegExp, label: string, example: string): string => {
		if (value === undefined) return fallback;
		const text = typeof value === 'string' ? value.trim() : value;
		if (text === '' || (typeof text === 'string' && pattern.test(text))) return text;
		throw new NodeOperationError(ctx.getNode(), `${label} is not usable`, {
			description: `It is ${described(value)}. Set Options → ${label} to a name such as ${example} (letters, digits and dashes, at most 100 characters), or empty it to read no copy_id from there.`,
		});
	};
	return {
		header: source(options.copyIdHeader, DEFAULT_COPY_ID_SOURCES.header, HEADER_NAME, 'Copy ID Header', DEFAULT_COPY_ID_SOURCES.header),
		linkParameter: source(options.copyIdLinkParameter, DEFAULT_COPY_ID_SOURCES.linkParameter, LINK_PARAMETER, 'Copy ID Link Parameter', DEFAULT_COPY_ID_SOURCES.linkParameter),
	};
}

/**
 * Version 1 had a "Signing Key (Override)" option, so the key sat in the workflow and in every
 * execution's copy of it. Workflows that still carry one stop here rather than fall back to
 * another key or to no check.
 */
function rejectKeyInNode(ctx: TriggerContext, options: IDataObject): void {
	if (options.signingKey === undefined || options.signingKey === '') return;
	throw new NodeOperationError(ctx.getNode(), 'The Signing Key (Override) option is no longer supported: signing keys live only in credentials', {
		description:
			'A key typed into the node is saved in the workflow and in every execution. Create a "Customer.io Reporting Webhook Signing API" credential with that key, set "Signing Key From" to "Signing Key Credential" and select the credential, then delete Options → Signing Key (Override). Until then the trigger stays inactive and Customer.io retries its events.',
	});
}

async function signingKeyOf(ctx: TriggerContext): Promise<string> {
	const source = ctx.getNodeParameter('signingKeyFrom', 'lifecycleCredential');
	if (source !== 'lifecycleCredential' && source !== 'signingCredential') {
		throw new NodeOperationError(ctx.getNode(), 'Signing Key From must be "Lifecycle Credential" or "Signing Key Credential"', {
			description: `It is ${described(source)}; choose one of the two in the node (an expression must produce lifecycleCredential or signingCredential).`,
		});
	}
	const separate = source === 'signingCredential';
	const credentials = await ctx.getCredentials(separate ? SIGNING_CREDENTIAL_TYPE : CREDENTIAL_TYPE);
	const signingKey = String(credentials.signingKey ?? '').trim();
	if (!signingKey) {
		throw new NodeOperationError(ctx.getNode(), 'No signing key to verify Customer.io reporting webhooks', {
			description: separate
				? `Copy the key from ${WEBHOOK_PAGE} into the selected Signing Key credential.`
				: `Copy the key from ${WEBHOOK_PAGE} into the credential's "Reporting Webhook Signing Key" (or set Signing Key From to "Signing Key Credential").`,
		});
	}
	return signingKey;
}

/** A value named for an error message without echoing text (an expression could yield anything). */
function described(value: unknown): string {
	if (typeof value === 'number') return String(value);
	if (value === null) return 'null';
	return typeof value === 'string' ? `text of ${value.length} characters` : `a value of type ${typeof value}`;
}
