import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { cioPath } from '../../../shared/transport/paths';
import { attributesSchema, timestampSchema } from '../../schemas/track';
import { identifierFields, readIdentifier } from '../common/identifier';
import { keyValueFields, readKeyValues } from '../common/keyValues';
import { validate } from '../common/validate';
import type { PreparedItem } from '../types';

const show = { resource: ['person'], operation: ['identify'] };

export const description: INodeProperties[] = [
	...identifierFields(show),
	...keyValueFields('attributes', 'Attributes', show),
	{
		displayName: 'Options',
		name: 'identifyOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Created At',
				name: 'createdAt',
				type: 'string',
				default: '',
				placeholder: 'e.g. 2026-11-23T10:00:00Z or 1795478400',
				description: 'When the person signed up (ISO 8601 or unix seconds; sent as created_at)',
			},
			{
				displayName: 'Merge Anonymous Activity (Anonymous ID)',
				name: 'anonymousId',
				type: 'string',
				default: '',
				description:
					'The anonymous_id used before the person was known; their anonymous events join this profile. Such items are sent one by one (Track v1).',
			},
			{
				displayName: 'Update Only, Never Create',
				name: 'updateOnly',
				type: 'boolean',
				default: false,
				description: 'Whether to leave unknown people alone instead of creating them (_update; sent one by one)',
			},
			{
				displayName: 'Unsubscribed',
				name: 'unsubscribed',
				type: 'options',
				options: [
					{ name: 'Leave As Is', value: '' },
					{ name: 'Unsubscribed', value: 'true' },
					{ name: 'Subscribed', value: 'false' },
				],
				default: '',
				description: 'Whether to set the global unsubscribe flag',
			},
		],
	},
];

interface IdentifyOptions {
	createdAt?: string;
	anonymousId?: string;
	updateOnly?: boolean;
	unsubscribed?: '' | 'true' | 'false';
}

/** Create or update a person: Track v1 `PUT /customers/{identifier}` or a v2 `identify` op. */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const person = readIdentifier(this, itemIndex);
	const attributes = validate(this, attributesSchema, readKeyValues(this, 'attributes', itemIndex), itemIndex, 'attributes');
	const options = this.getNodeParameter('identifyOptions', itemIndex, {}) as IdentifyOptions;
	const body: IDataObject = { ...(attributes as IDataObject) };
	if (options.createdAt) body.created_at = validate(this, timestampSchema, options.createdAt, itemIndex, 'created_at');
	if (options.unsubscribed) body.unsubscribed = options.unsubscribed === 'true';
	// v2 has no anonymous_id merge and no update-only flag: those items go through v1 alone.
	const v1Only = Boolean(options.anonymousId || options.updateOnly);
	const batchOperation = v1Only
		? undefined
		: { type: 'person', identifiers: { [person.type]: person.value }, action: 'identify', attributes: { ...body } };
	if (person.type !== 'cio_id') body[person.type] = person.value;
	if (options.anonymousId) body.anonymous_id = options.anonymousId;
	if (options.updateOnly) body._update = true;
	return {
		itemIndex,
		identifier: { type: person.type, value: person.value },
		request: {
			api: 'track',
			method: 'PUT',
			path: cioPath('/api/v1/customers/{identifier}', { identifier: person.pathValue }),
			body,
			idempotent: true,
			itemIndex,
		},
		batchOperation,
	};
}
