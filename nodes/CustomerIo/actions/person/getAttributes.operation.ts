import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { cioPath } from '../../../shared/transport/paths';
import type { CioResponse } from '../../../shared/transport/types';
import { identifierFields, readIdentifier } from '../common/identifier';
import type { PreparedItem } from '../types';

const show = { resource: ['person'], operation: ['getAttributes'] };

export const description: INodeProperties[] = [
	...identifierFields(show),
	{
		displayName: 'When Not Found',
		name: 'whenNotFound',
		type: 'options',
		options: [
			{ name: 'Return an Empty Result', value: 'empty', description: 'Output { found: false } and go on' },
			{ name: 'Fail', value: 'fail', description: 'Stop with an error (or an error item with Continue On Fail)' },
		],
		default: 'empty',
		description: 'What to do when the workspace has no such person',
		displayOptions: { show },
	},
	{
		displayName: 'Parse Attribute Values',
		name: 'parseValues',
		type: 'boolean',
		default: true,
		description:
			'Whether to turn values Customer.io returns as strings ("42", "true", "{…}") back into numbers, booleans and objects when they parse cleanly',
		displayOptions: { show },
	},
];

/** A person's identifiers, attributes, devices and timestamps: App `GET /customers/{id}/attributes`. */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const person = readIdentifier(this, itemIndex);
	return {
		itemIndex,
		identifier: { type: person.type, value: person.value },
		request: {
			api: 'app',
			method: 'GET',
			// The App API takes the raw value plus id_type (no cio_ prefix).
			path: cioPath('/v1/customers/{identifier}/attributes', { identifier: person.value }),
			qs: { id_type: person.type },
			idempotent: true,
			acceptStatuses: [404],
			itemIndex,
		},
	};
}

/** "42" → 42, "true" → true, '{"a":1}' → {a:1}; anything that does not round-trip stays a string. */
export function parseAttributeValue(value: unknown): unknown {
	if (typeof value !== 'string') return value;
	if (value === 'true' || value === 'false') return value === 'true';
	if (/^-?(0|[1-9]\d{0,14})(\.\d+)?$/.test(value) && String(Number(value)) === value) return Number(value);
	if (/^[[{]/.test(value)) {
		try {
			return JSON.parse(value) as unknown;
		} catch {
			return value;
		}
	}
	return value;
}

export function present(this: IExecuteFunctions, item: PreparedItem, response: CioResponse): IDataObject {
	if (response.status === 404) {
		if (this.getNodeParameter('whenNotFound', item.itemIndex) === 'fail') {
			throw new NodeApiError(this.getNode(), { status: 404 }, {
				message: `Item ${item.itemIndex}: no such person in this Customer.io workspace`,
				description: 'Check the identifier and "Identify Person By", or set "When Not Found" to return an empty result.',
				httpCode: '404',
				itemIndex: item.itemIndex,
			});
		}
		return { identifier: item.identifier ?? null, found: false };
	}
	const customer = ((response.body as { customer?: IDataObject }).customer ?? {}) as IDataObject;
	const parse = this.getNodeParameter('parseValues', item.itemIndex, true) as boolean;
	const attributes = (customer.attributes ?? {}) as IDataObject;
	return {
		identifier: item.identifier ?? null,
		found: true,
		...customer,
		attributes: parse
			? Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, parseAttributeValue(v) as IDataObject[string]]))
			: attributes,
	};
}
