import { NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { cioPath } from '../../../shared/transport/paths';
import { describePerson, identifierFields, personIdentifiers, readIdentifier, type PersonRole } from '../common/identifier';
import type { PreparedItem } from '../types';

const show = { resource: ['person'], operation: ['merge'] };

const PRIMARY: PersonRole = { prefix: 'primary', label: 'Primary Person', hint: 'The person who stays; they must exist already' };
const SECONDARY: PersonRole = { prefix: 'secondary', label: 'Secondary Person', hint: 'The duplicate: merged into the primary person, then deleted' };

export const description: INodeProperties[] = [
	{
		displayName:
			"Merging cannot be undone. The secondary person's attributes the primary lacks, their last 30 days of events, manual segments and journeys move to the primary person; then the secondary is deleted. A primary person identified moments ago may not exist yet in Customer.io: then nothing happens.",
		name: 'mergeNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	...identifierFields(show, PRIMARY),
	...identifierFields(show, SECONDARY),
];

/** Merge two people: v1 `POST /merge_customers` or a v2 `merge` op (`primary`/`secondary`, no `identifiers`). */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const primary = readIdentifier(this, itemIndex, PRIMARY);
	const secondary = readIdentifier(this, itemIndex, SECONDARY);
	if (primary.type === secondary.type && primary.value === secondary.value) {
		throw new NodeOperationError(this.getNode(), `Item ${itemIndex}: Primary Person and Secondary Person are the same person`, {
			itemIndex,
			description: 'Map two different people: the one who stays (primary) and the duplicate (secondary). Nothing was sent for this item.',
		});
	}
	const people = { primary: personIdentifiers(primary), secondary: personIdentifiers(secondary) };
	return {
		itemIndex,
		identifier: { primary: describePerson(primary), secondary: describePerson(secondary) },
		// Repeating a merge is harmless: the secondary person is gone after the first.
		request: { api: 'track', method: 'POST', path: cioPath('/api/v1/merge_customers'), body: people, idempotent: true, itemIndex },
		batchOperation: { type: 'person', action: 'merge', ...people },
	};
}
