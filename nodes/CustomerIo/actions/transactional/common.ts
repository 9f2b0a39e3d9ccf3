import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { cioPath } from '../../../shared/transport/paths';
import type { CioResponse } from '../../../shared/transport/types';
import { messageIdSchema, sendAtSchema } from '../../schemas/transactional';
import { parseJsonObject } from '../common/json';
import { identifierFields, readIdentifier } from '../common/identifier';
import { locatorField, readLocator, TRANSACTIONAL_MESSAGE } from '../common/locator';
import { validate } from '../common/validate';
import type { PreparedItem } from '../types';

type Show = { resource: string[]; operation: string[] };

/** Fields every transactional send has: the message, the recipient person, Liquid data. */
export function messageFields(show: Show, kind: string): INodeProperties[] {
	return [
		locatorField(TRANSACTIONAL_MESSAGE, show, {
			description: `The ${kind} message to send (Customer.io → Transactional); By ID also takes its trigger name`,
		}),
		...identifierFields(show),
		{
			displayName: 'Message Data',
			name: 'messageData',
			type: 'json',
			default: '{}',
			description: 'Values for the message\'s Liquid, used in Liquid as {{trigger.first_name}} and so on (a JSON object)',
			displayOptions: { show },
		},
	];
}

/** Options every transactional send has; each kind adds its own. */
export const commonOptions: INodeProperties[] = [
	{
		displayName: 'Send At',
		name: 'sendAt',
		type: 'string',
		default: '',
		placeholder: 'e.g. 2026-12-01T09:00:00Z',
		description: 'Schedule the send (ISO 8601 or unix seconds, at most 90 days ahead); empty sends now',
	},
	{
		displayName: 'Queue as Draft',
		name: 'queueDraft',
		type: 'boolean',
		default: false,
		description: 'Whether to create a draft to review in Customer.io instead of sending',
	},
	{
		displayName: 'Send to Unsubscribed',
		name: 'sendToUnsubscribed',
		type: 'boolean',
		default: true,
		description: 'Whether to send even if the person unsubscribed (right for receipts and password resets)',
	},
	{
		displayName: 'Disable Message Retention',
		name: 'disableMessageRetention',
		type: 'boolean',
		default: false,
		description: 'Whether Customer.io should not keep the message body (for sensitive content)',
	},
	{
		displayName: 'Language',
		name: 'language',
		type: 'string',
		default: '',
		placeholder: 'e.g. fr',
		description: 'Which translation of the message to send, if it has several',
	},
];

const OPTION_FIELDS: Record<string, string> = {
	queueDraft: 'queue_draft',
	sendToUnsubscribed: 'send_to_unsubscribed',
	disableMessageRetention: 'disable_message_retention',
	language: 'language',
	tracked: 'tracked',
	from: 'from',
	subject: 'subject',
	body: 'body',
	replyTo: 'reply_to',
	bcc: 'bcc',
	title: 'title',
	message: 'message',
	imageUrl: 'image_url',
	link: 'link',
	sound: 'sound',
};

/**
 * Builds the common body: message ID, exactly one identifier, message_data, and the options
 * the user set (unset options are left out so Customer.io's defaults apply).
 */
export function transactionalBody(ctx: IExecuteFunctions, itemIndex: number, optionsName: string) {
	const person = readIdentifier(ctx, itemIndex);
	const body: IDataObject = {
		transactional_message_id: validate(ctx, messageIdSchema, readLocator(ctx, TRANSACTIONAL_MESSAGE, itemIndex), itemIndex, 'Transactional Message'),
		identifiers: { [person.type]: person.value },
	};
	const messageData = parseJsonObject(ctx, ctx.getNodeParameter('messageData', itemIndex, '{}'), 'Message Data', itemIndex);
	if (Object.keys(messageData).length > 0) body.message_data = messageData;
	const options = ctx.getNodeParameter(optionsName, itemIndex, {}) as IDataObject;
	for (const [option, field] of Object.entries(OPTION_FIELDS)) {
		const value = options[option];
		if (value !== undefined && value !== '') body[field] = value;
	}
	if (options.sendAt) {
		body.send_at = validate(ctx, sendAtSchema(Math.floor(Date.now() / 1000)), options.sendAt, itemIndex, 'Send At');
	}
	if (options.customData !== undefined) {
		body.custom_data = parseJsonObject(ctx, options.customData, 'Custom Data', itemIndex);
	}
	return { person, body, options };
}

/** The request for `/v1/send/{kind}`; never repeated when its outcome is unknown. */
export function sendRequest(
	kind: 'email' | 'push' | 'sms',
	itemIndex: number,
	person: { type: string; value: string },
	body: IDataObject,
): PreparedItem {
	return {
		itemIndex,
		identifier: { type: person.type, value: person.value },
		request: { api: 'app', method: 'POST', path: cioPath(`/v1/send/${kind}`), body, idempotent: false, itemIndex },
	};
}

/** Output: the delivery Customer.io created, and what was sent (attachments by name and size only). */
export function presentDelivery(item: PreparedItem, response: CioResponse): IDataObject {
	const answer = (response.body ?? {}) as IDataObject;
	const sent = { ...(item.request.body as IDataObject) };
	if (sent.attachments && typeof sent.attachments === 'object') {
		sent.attachments = Object.fromEntries(
			Object.entries(sent.attachments as Record<string, string>).map(([name, base64]) => [
				name,
				`${Buffer.byteLength(base64, 'base64')} bytes`,
			]),
		);
	}
	return {
		identifier: item.identifier ?? null,
		delivery_id: answer.delivery_id ?? null,
		queued_at: answer.queued_at ?? null,
		...(answer.send_at !== undefined ? { send_at: answer.send_at } : {}),
		status: response.status,
		sent,
	};
}
