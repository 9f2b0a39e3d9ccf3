import { NodeOperationError, type IDataObject, type IHookFunctions, type IWebhookFunctions } from 'n8n-workflow';
import { CREDENTIAL_TYPE } from '../shared/transport/types';
import type { TriggerSettings } from './decide';
import { idList } from './filters';

/**
 * The trigger's settings from its parameters and credential. With verification on, a missing
 * signing key is an error at activation: otherwise every genuine event would get 401 and
 * Customer.io would stall the stream for an hour.
 */
export async function readSettings(ctx: IWebhookFunctions | IHookFunctions): Promise<TriggerSettings> {
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const filters = ctx.getNodeParameter('filters', {}) as IDataObject;
	let signingKey: string | undefined;
	if (ctx.getNodeParameter('verifySignature', true) !== false) {
		const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
		signingKey = String(options.signingKey || credentials.signingKey || '').trim();
		if (!signingKey) {
			throw new NodeOperationError(ctx.getNode(), 'No signing key to verify Customer.io reporting webhooks', {
				description:
					'Copy the key from Customer.io → Data & Integrations → Integrations → Reporting Webhooks → your webhook → Signing Key into the credential\'s "Reporting Webhook Signing Key" (or this node\'s Signing Key option).',
			});
		}
	}
	return {
		signingKey,
		toleranceSeconds: Number(options.toleranceSeconds ?? 300),
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
