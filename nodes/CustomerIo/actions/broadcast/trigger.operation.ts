import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { z } from 'zod';
import { byteLength, grouped, LIMITS } from '../../../shared/limits';
import { listEntries } from '../../../shared/list';
import { cioPath } from '../../../shared/transport/paths';
import type { CioResponse } from '../../../shared/transport/types';
import { appIdSchema } from '../../schemas/app';
import { parseJsonArray, parseJsonObject } from '../common/json';
import { BROADCAST, locatorField, readLocator } from '../common/locator';
import { objectOf } from '../common/read';
import { validate } from '../common/validate';
import type { PreparedItem } from '../types';

const show = { resource: ['broadcast'], operation: ['trigger'] };
const audienceIs = (audience: string[]) => ({ show: { ...show, audience } });

export const description: INodeProperties[] = [
	locatorField(BROADCAST, show, { description: 'The API-triggered broadcast to send' }),
	{
		// Wiring many people straight in sends one trigger per item, 10 s apart (Customer.io's limit).
		displayName:
			'Each input item triggers the broadcast once, and Customer.io takes one trigger every 10 seconds. To send it to many people from many items, first gather them into one item with n8n\'s Aggregate node (e.g. Field to Aggregate: the ID field) and map that list here.',
		name: 'oneTriggerPerItemNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	{
		displayName: 'Audience',
		name: 'audience',
		type: 'options',
		options: [
			{ name: 'As Set in Customer.io', value: 'default', description: 'The recipients the broadcast has in Customer.io' },
			{ name: 'Data File URL', value: 'dataFileUrl', description: 'A file of people and their data that Customer.io downloads' },
			{ name: 'Filter', value: 'recipients', description: 'Segment and attribute conditions (JSON)' },
			{ name: 'People by Email', value: 'emails', description: 'A list of email addresses' },
			{ name: 'People by ID', value: 'ids', description: 'A list of people\'s IDs' },
			{ name: 'People With Their Own Data', value: 'perUserData', description: 'A list of people, each with data for the message' },
		],
		default: 'default',
		description: 'Who receives the broadcast; people must exist in Customer.io already (a trigger never creates people)',
		displayOptions: { show },
	},
	{
		displayName: 'IDs',
		name: 'ids',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 42, 43 or {{ $json.people }}',
		description: `People's IDs, separated by commas or new lines, or an array from an expression (at most ${grouped(LIMITS.broadcastRecipients)})`,
		displayOptions: audienceIs(['ids']),
	},
	{
		displayName: 'Emails',
		name: 'emails',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. ada@example.com, alan@example.com',
		description: `Email addresses, separated by commas or new lines, or an array from an expression (at most ${grouped(LIMITS.broadcastRecipients)})`,
		displayOptions: audienceIs(['emails']),
	},
	{
		displayName: 'People (JSON)',
		name: 'perUserData',
		type: 'json',
		default: '[]',
		required: true,
		description: `A JSON array of people, each with an ID or an email and optional "data" for their message; at most ${grouped(LIMITS.broadcastRecipients)}`,
		placeholder: '[{"email": "ada@example.com", "data": {"coupon": "A1"}}]',
		displayOptions: audienceIs(['perUserData']),
	},
	{
		displayName: 'Filter (JSON)',
		name: 'recipients',
		type: 'json',
		default: '{}',
		required: true,
		description: 'Conditions with "and", "or", "not", "segment" and "attribute", as Customer.io\'s broadcast audience filter',
		displayOptions: audienceIs(['recipients']),
	},
	{
		displayName: 'Data File URL',
		name: 'dataFileUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://example.com/people.json',
		description: 'Address of a file with one JSON object per line (a person\'s ID or email, and their data), for audiences too large for one call',
		displayOptions: audienceIs(['dataFileUrl']),
	},
	{
		displayName: 'Data (JSON)',
		name: 'data',
		type: 'json',
		default: '{}',
		description: `Data for every message, used as {{trigger.name_of_key}} in the broadcast (at most ${grouped(LIMITS.broadcastDataBytes)} bytes)`,
		displayOptions: { show },
	},
	{
		displayName: 'Options',
		name: 'triggerOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: audienceIs(['ids', 'emails']),
		options: [
			{
				displayName: 'Skip Unknown People',
				name: 'ignoreMissing',
				type: 'boolean',
				default: false,
				description: 'Whether to send to the people found and skip the rest; off, one unknown person fails the whole broadcast',
			},
			{
				displayName: 'Send to Each Person With the Email',
				name: 'addDuplicates',
				type: 'boolean',
				default: false,
				description: 'Whether an email that several people share reaches all of them (emails only); off, only one of them',
			},
		],
	},
];

/**
 * At most LIMITS.broadcastRecipients entries, checked in one step before any entry is: validating
 * (or walking) 100,000 entries one by one to refuse them all held n8n up for half a second.
 */
const recipientCount = z
	.custom<unknown[]>((value) => Array.isArray(value), 'must be a list')
	.superRefine((list, ctx) => {
		if (list.length === 0) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'is empty' });
		if (list.length > LIMITS.broadcastRecipients) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `at most ${LIMITS.broadcastRecipients} per trigger` });
	});
const recipientList = <T extends z.ZodTypeAny>(entry: T) => recipientCount.pipe(z.array(entry));

const idSchema = z
	.string({ invalid_type_error: 'holds something that is not an ID (text or a number)' })
	.min(1, 'holds an empty ID')
	.refine((id) => byteLength(id) <= LIMITS.identifierBytes, `holds an ID over ${LIMITS.identifierBytes} bytes`);
const idsSchema = recipientList(idSchema);
const emailsSchema = recipientList(z.string({ invalid_type_error: 'holds something that is not an email address' }).email('holds something that is not an email address'));
/** One entry of `per_user_data`: exactly one of id and email, and the person's own data. The spec types `id` as a string, so a number is sent as one. */
const personDataSchema = z
	.object({ id: z.union([idSchema, z.number().finite().transform(String)]).optional(), email: z.string().email().optional(), data: z.record(z.unknown()).optional() })
	.strict()
	.refine((person) => (person.id === undefined) !== (person.email === undefined), 'each person needs exactly one of "id" and "email"');
const perUserDataSchema = recipientList(personDataSchema);
const urlSchema = z.string().trim().regex(/^https?:\/\/[^\s/]+\S*$/i, 'is not an http(s) URL');

function tooLarge(ctx: IExecuteFunctions, itemIndex: number, label: string, bytes: number, max: number, fix: string): never {
	throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${label} is ${bytes} bytes of JSON; Customer.io takes at most ${max}`, {
		itemIndex,
		description: `${fix} Nothing was sent for this item.`,
	});
}

/**
 * Sends an API-triggered broadcast: App `POST /v1/campaigns/{broadcast_id}/triggers` → `{id}`
 * (the trigger ID). The body names at most one audience (none = the broadcast's own) and
 * `data`. A trigger sends messages, so it is never repeated blindly: on a retry of the run
 * RunState skips a trigger Customer.io took, and a lost answer is not sent again. Customer.io
 * takes one trigger per 10 seconds; the transport spaces them (see its client).
 */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const broadcastId = validate(this, appIdSchema, readLocator(this, BROADCAST, itemIndex), itemIndex, 'Broadcast');
	const audience = this.getNodeParameter('audience', itemIndex, 'default') as string;
	const options = this.getNodeParameter('triggerOptions', itemIndex, {}) as IDataObject;
	const body: IDataObject = {};
	const data = parseJsonObject(this, this.getNodeParameter('data', itemIndex, '{}'), 'Data (JSON)', itemIndex);
	if (Object.keys(data).length > 0) {
		const bytes = byteLength(JSON.stringify(data));
		if (bytes > LIMITS.broadcastDataBytes) {
			tooLarge(this, itemIndex, 'Data (JSON)', bytes, LIMITS.broadcastDataBytes, 'Send less data for all; data for each person goes in "People With Their Own Data".');
		}
		body.data = data;
	}
	if (audience === 'ids') {
		body.ids = validate(this, idsSchema, listEntries(this.getNodeParameter('ids', itemIndex, ''), LIMITS.broadcastRecipients), itemIndex, 'IDs');
		if (options.ignoreMissing === true) body.id_ignore_missing = true;
	} else if (audience === 'emails') {
		body.emails = validate(this, emailsSchema, listEntries(this.getNodeParameter('emails', itemIndex, ''), LIMITS.broadcastRecipients), itemIndex, 'Emails');
		if (options.ignoreMissing === true) body.email_ignore_missing = true;
		if (options.addDuplicates === true) body.email_add_duplicates = true;
	} else if (audience === 'perUserData') {
		const raw = this.getNodeParameter('perUserData', itemIndex, '[]');
		// A list from an expression is counted before parseJsonArray walks it.
		if (Array.isArray(raw)) validate(this, recipientCount, raw, itemIndex, 'People (JSON)');
		const people = parseJsonArray(this, raw, 'People (JSON)', itemIndex);
		body.per_user_data = validate(this, perUserDataSchema, people, itemIndex, 'People (JSON)') as IDataObject[];
	} else if (audience === 'recipients') {
		const filter = parseJsonObject(this, this.getNodeParameter('recipients', itemIndex, '{}'), 'Filter (JSON)', itemIndex);
		body.recipients = validate(this, z.record(z.unknown()).refine((f) => Object.keys(f).length > 0, 'is empty'), filter, itemIndex, 'Filter (JSON)');
	} else if (audience === 'dataFileUrl') {
		body.data_file_url = validate(this, urlSchema, this.getNodeParameter('dataFileUrl', itemIndex, ''), itemIndex, 'Data File URL');
	}
	const bytes = byteLength(JSON.stringify(body));
	if (bytes > LIMITS.broadcastTriggerBytes) {
		tooLarge(this, itemIndex, 'The trigger', bytes, LIMITS.broadcastTriggerBytes, 'Put the people and their data in a file and use "Data File URL".');
	}
	return {
		itemIndex,
		identifier: { broadcast_id: broadcastId },
		request: {
			api: 'app',
			method: 'POST',
			path: cioPath('/v1/campaigns/{broadcast_id}/triggers', { broadcast_id: broadcastId }),
			body,
			idempotent: false,
			itemIndex,
		},
	};
}

/** The trigger ID, to follow the trigger with "Get Trigger Status". */
export function present(this: IExecuteFunctions, item: PreparedItem, response: CioResponse): IDataObject {
	return { broadcast_id: item.identifier?.broadcast_id ?? null, trigger_id: objectOf(response.body).id ?? null };
}
