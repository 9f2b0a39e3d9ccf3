import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { cioPath } from '../../../shared/transport/paths';
import { identifierFields, readIdentifier } from '../common/identifier';
import type { PreparedItem } from '../types';

const show = { resource: ['person'], operation: ['delete'] };

export const description: INodeProperties[] = identifierFields(show);

/** Remove a person and their data: v1 `DELETE /customers/{identifier}` or a v2 `delete` op. */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const person = readIdentifier(this, itemIndex);
	return {
		itemIndex,
		identifier: { type: person.type, value: person.value },
		request: {
			api: 'track',
			method: 'DELETE',
			path: cioPath('/api/v1/customers/{identifier}', { identifier: person.pathValue }),
			idempotent: true,
			itemIndex,
		},
		batchOperation: { type: 'person', identifiers: { [person.type]: person.value }, action: 'delete' },
	};
}
