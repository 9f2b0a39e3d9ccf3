import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { cioPath } from '../../../shared/transport/paths';
import type { CustomerIoClient } from '../../../shared/transport/client';
import { attributesSchema, timestampSchema } from '../../schemas/track';
import { identifierFields, readIdentifier } from '../common/identifier';
import { keyValueFields, readKeyValues } from '../common/keyValues';
import { validate } from '../common/validate';

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
				type: 'dateTime',
				default: '',
				description: 'When the person signed up (sent as unix seconds in created_at)',
			},
			{
				displayName: 'Merge Anonymous Activity (Anonymous ID)',
				name: 'anonymousId',
				type: 'string',
				default: '',
				description: 'The anonymous_id used before the person was known; their anonymous events join this profile',
			},
			{
				displayName: 'Update Only, Never Create',
				name: 'updateOnly',
				type: 'boolean',
				default: false,
				description: 'Whether to leave unknown people alone instead of creating them (_update)',
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

/** Track v1 `PUT /customers/{identifier}`: create or update a person. */
export async function execute(this: IExecuteFunctions, client: CustomerIoClient, itemIndex: number): Promise<IDataObject> {
	const person = readIdentifier(this, itemIndex);
	const attributes = validate(this, attributesSchema, readKeyValues(this, 'attributes', itemIndex), itemIndex, 'attributes');
	const options = this.getNodeParameter('identifyOptions', itemIndex, {}) as IdentifyOptions;
	const body: IDataObject = { ...(attributes as IDataObject) };
	if (person.type !== 'cio_id') body[person.type] = person.value;
	if (options.createdAt) body.created_at = validate(this, timestampSchema, options.createdAt, itemIndex, 'created_at');
	if (options.anonymousId) body.anonymous_id = options.anonymousId;
	if (options.updateOnly) body._update = true;
	if (options.unsubscribed) body.unsubscribed = options.unsubscribed === 'true';
	const response = await client.request({
		api: 'track',
		method: 'PUT',
		path: cioPath('/api/v1/customers/{identifier}', { identifier: person.pathValue }),
		body,
		idempotent: true,
		itemIndex,
	});
	return { identifier: { type: person.type, value: person.value }, sent: body, status: response.status };
}
