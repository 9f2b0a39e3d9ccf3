import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * Resource locators ("From List" / "By ID" / "By URL") for the things users pick in
 * Customer.io: campaigns, segments, transactional messages, broadcasts, newsletters. A value
 * saved before the field was a locator (a plain number or text) still reads as the ID.
 */
export interface LocatorKind {
	/** As the editor names it, e.g. "Campaign". */
	label: string;
	/** The parameter's name (kept from before it was a locator: saved workflows use it). */
	name: string;
	/** The listSearch method that fills "From List" (registered on the node class). */
	searchListMethod: string;
	/** The part of an app URL before the ID, e.g. `campaigns` in …/journeys/campaigns/42/overview. */
	urlSegment: string;
	/** Where the ID is in Customer.io, for the "By ID" hint. */
	where: string;
	/** What "By ID" takes besides the numeric ID (a transactional message's trigger name). */
	idAlternative?: string;
}

export const CAMPAIGN: LocatorKind = {
	label: 'Campaign',
	name: 'campaignId',
	searchListMethod: 'searchCampaigns',
	urlSegment: 'campaigns',
	where: 'the number in the campaign\'s URL',
};

export const SEGMENT: LocatorKind = {
	label: 'Segment',
	name: 'segmentId',
	searchListMethod: 'searchSegments',
	urlSegment: 'segments',
	where: 'Segments → the segment → Usage',
};

/** Only manual segments take people through the API: their list leaves data-driven ones out. */
export const MANUAL_SEGMENT: LocatorKind = { ...SEGMENT, searchListMethod: 'searchManualSegments' };

export const TRANSACTIONAL_MESSAGE: LocatorKind = {
	label: 'Transactional Message',
	name: 'messageId',
	searchListMethod: 'searchTransactionalMessages',
	urlSegment: 'transactional',
	where: 'Transactional → the message → Overview',
	idAlternative: 'or its trigger name',
};

export const BROADCAST: LocatorKind = {
	label: 'Broadcast',
	name: 'broadcastId',
	searchListMethod: 'searchBroadcasts',
	urlSegment: 'broadcasts',
	where: 'Broadcasts → the API-triggered broadcast → Triggering Details',
};

export const NEWSLETTER: LocatorKind = {
	label: 'Newsletter',
	name: 'newsletterId',
	searchListMethod: 'searchNewsletters',
	urlSegment: 'newsletters',
	where: 'the number in the newsletter\'s URL',
};

/**
 * The app's address of a reporting webhook is not documented; the App API's
 * (`…/v1/reporting_webhooks/4`) is, and is what "By URL" reads.
 */
export const REPORTING_WEBHOOK: LocatorKind = {
	label: 'Reporting Webhook',
	name: 'webhookId',
	searchListMethod: 'searchReportingWebhooks',
	urlSegment: 'reporting_webhooks',
	where: 'Data & Integrations → Integrations → Reporting Webhooks, or Get Many',
};

/** `…/campaigns/42…`: Customer.io app URLs put the numeric ID right after the kind's segment. */
export const urlIdPattern = (kind: LocatorKind) => `/${kind.urlSegment}/(\\d+)(?:[/?#]|$)`;

export function locatorField(
	kind: LocatorKind,
	show: { resource: string[]; operation: string[] },
	overrides: Partial<INodeProperties> = {},
): INodeProperties {
	const pattern = urlIdPattern(kind);
	const byId = kind.idAlternative
		? { placeholder: 'e.g. 3 or password_reset', hint: `The numeric ID ${kind.idAlternative} (${kind.where})` }
		: {
				placeholder: 'e.g. 12',
				hint: `The numeric ID (${kind.where})`,
				validation: [{ type: 'regex', properties: { regex: '^\\s*\\d+\\s*$', errorMessage: 'Enter the numeric ID' } }],
			};
	return {
		displayName: kind.label,
		name: kind.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: `The ${kind.label.toLowerCase()} to use`,
		displayOptions: { show },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: kind.searchListMethod, searchable: true },
			},
			{ displayName: 'By ID', name: 'id', type: 'string', ...byId },
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: `e.g. https://fly.customer.io/workspaces/1/journeys/${kind.urlSegment}/12/overview`,
				hint: `Paste the ${kind.label.toLowerCase()}'s page address from Customer.io`,
				validation: [
					{ type: 'regex', properties: { regex: `.*${pattern}.*`, errorMessage: `Paste a Customer.io URL that contains /${kind.urlSegment}/<ID>` } },
				],
				extractValue: { type: 'regex', regex: pattern },
			},
		],
		...overrides,
	} as INodeProperties;
}

/**
 * The ID a locator holds. n8n hands over `{__rl, mode, value}` (or, with extractValue, the value
 * itself); workflows saved before the field was a locator hold a number or text. A URL is
 * read here too, so the ID is the same whichever way n8n passes it.
 */
export function readLocator(ctx: IExecuteFunctions, kind: LocatorKind, itemIndex: number): unknown {
	const raw = ctx.getNodeParameter(kind.name, itemIndex, undefined, { extractValue: true }) as unknown;
	const locator = typeof raw === 'object' && raw !== null && 'value' in raw ? (raw as { mode?: string; value: unknown }) : undefined;
	const value = locator ? locator.value : raw;
	// IDs and trigger names hold no slash; anything with one is read as a pasted URL.
	if (typeof value !== 'string' || !value.includes('/')) return typeof value === 'string' ? value.trim() : value;
	const match = new RegExp(urlIdPattern(kind)).exec(value);
	if (!match) {
		throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${kind.label}: the URL holds no /${kind.urlSegment}/<ID>`, {
			itemIndex,
			description: `Paste the address of the ${kind.label.toLowerCase()}'s page in Customer.io, or choose "By ID".`,
		});
	}
	return match[1];
}
