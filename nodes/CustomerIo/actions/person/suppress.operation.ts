import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { identifierFields, readIdentifier } from '../common/identifier';
import { personChange } from '../common/person';
import type { PreparedItem } from '../types';

const show = { resource: ['person'], operation: ['suppress'] };

export const description: INodeProperties[] = [
	{
		displayName:
			'Suppressing deletes the person for good and blocks their identifiers: Customer.io ignores every later call about them until they are unsuppressed. For GDPR/CCPA deletion requests; to stop messages only, set Unsubscribed with Identify instead.',
		name: 'suppressNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	...identifierFields(show),
];

/** Delete a person and block their identifiers: v1 `POST /customers/{identifier}/suppress` or a v2 `suppress` op. */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const person = readIdentifier(this, itemIndex);
	return personChange(itemIndex, person, { method: 'POST', template: '/api/v1/customers/{identifier}/suppress' }, 'suppress');
}
