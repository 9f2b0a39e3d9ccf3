import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { LIMITS } from '../../../shared/limits';
import { emailRecipientsSchema } from '../../schemas/transactional';
import { validate } from '../common/validate';
import type { PreparedItem } from '../types';
import { commonOptions, messageFields, presentDelivery, sendRequest, transactionalBody } from './common';

const show = { resource: ['transactional'], operation: ['sendEmail'] };

export const description: INodeProperties[] = [
	...messageFields(show, 'email'),
	{
		displayName: 'To',
		name: 'to',
		type: 'string',
		default: '',
		placeholder: 'e.g. ada@example.com, "Ada" <ada@example.com>',
		description: 'Recipient addresses, comma-separated (at most 15); empty sends to the person\'s email when they are identified by Email',
		displayOptions: { show },
	},
	{
		displayName: 'Options',
		name: 'emailOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Attachments (Binary Properties)',
				name: 'attachments',
				type: 'string',
				default: '',
				placeholder: 'e.g. invoice, data',
				description:
					'Names of binary properties of the input item to attach, comma-separated; all together must be under 2 MB',
			},
			{ displayName: 'BCC', name: 'bcc', type: 'string', default: '', description: 'Blind-copy addresses, comma-separated' },
			{
				displayName: 'Body (Override)',
				name: 'body',
				type: 'string',
				typeOptions: { rows: 4 },
				default: '',
				description: 'HTML body that replaces the message\'s own',
			},
			{ displayName: 'From (Override)', name: 'from', type: 'string', default: '', description: 'Sender address that replaces the message\'s own; must be a verified sender' },
			{ displayName: 'Reply To', name: 'replyTo', type: 'string', default: '', description: 'Address that replies go to' },
			{ displayName: 'Subject (Override)', name: 'subject', type: 'string', default: '', description: 'Subject that replaces the message\'s own' },
			{ displayName: 'Track Opens and Clicks', name: 'tracked', type: 'boolean', default: true, description: 'Whether Customer.io tracks opens and link clicks' },
			...commonOptions,
		],
	},
];

/**
 * Reads the named binary properties and base64-encodes them, refusing more than 2 MB in all
 * before anything is sent.
 */
async function readAttachments(ctx: IExecuteFunctions, names: string, itemIndex: number): Promise<IDataObject> {
	const attachments: Record<string, string> = {};
	let total = 0;
	for (const property of names.split(',').map((name) => name.trim()).filter(Boolean)) {
		const binary = ctx.helpers.assertBinaryData(itemIndex, property);
		const buffer = await ctx.helpers.getBinaryDataBuffer(itemIndex, property);
		total += buffer.length;
		attachments[binary.fileName ?? property] = buffer.toString('base64');
	}
	if (total >= LIMITS.attachmentsBytes) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Item ${itemIndex}: attachments are ${total} bytes; Customer.io accepts less than ${LIMITS.attachmentsBytes} (2 MB) in all`,
			{ itemIndex, description: 'Attach fewer or smaller files, or link to them from the message instead.' },
		);
	}
	return attachments;
}

/** App `POST /v1/send/email`. */
export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<PreparedItem> {
	const { person, body, options } = transactionalBody(this, itemIndex, 'emailOptions');
	const to = String(this.getNodeParameter('to', itemIndex, '') ?? '').trim();
	// Customer.io's send requires `to`: empty To means the person's email, which only an email identifier gives.
	if (!to && person.type !== 'email') {
		throw new NodeOperationError(this.getNode(), `Item ${itemIndex}: To is empty`, {
			itemIndex,
			description: 'Customer.io needs the recipient addresses: enter To, or identify the person by Email to send to that address.',
		});
	}
	body.to = to ? validate(this, emailRecipientsSchema, to, itemIndex, 'To') : person.value;
	if (typeof options.attachments === 'string' && options.attachments.trim()) {
		body.attachments = await readAttachments(this, options.attachments, itemIndex);
	}
	return sendRequest('email', itemIndex, person, body);
}

export { presentDelivery as present };
