import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { identifierFields, readIdentifier } from '../common/identifier';
import { personChange } from '../common/person';
import type { PreparedItem } from '../types';

const show = { resource: ['person'], operation: ['unsuppress'] };

export const description: INodeProperties[] = [
	{
		displayName:
			'Unsuppressing makes the identifier usable again; it does not bring back the deleted profile. Identify the person afterwards to create a new one.',
		name: 'unsuppressNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	...identifierFields(show),
];

/** Allow a suppressed identifier again: v1 `POST /customers/{identifier}/unsuppress` or a v2 `unsuppress` op. */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const person = readIdentifier(this, itemIndex);
	return personChange(itemIndex, person, { method: 'POST', template: '/api/v1/customers/{identifier}/unsuppress' }, 'unsuppress');
}
