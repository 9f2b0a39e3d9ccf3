import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { identifierFields, readIdentifier } from '../common/identifier';
import { personChange } from '../common/person';
import type { PreparedItem } from '../types';

const show = { resource: ['person'], operation: ['delete'] };

export const description: INodeProperties[] = identifierFields(show);

/** Remove a person and their data: v1 `DELETE /customers/{identifier}` or a v2 `delete` op. */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const person = readIdentifier(this, itemIndex);
	return personChange(itemIndex, person, { method: 'DELETE', template: '/api/v1/customers/{identifier}' }, 'delete');
}
