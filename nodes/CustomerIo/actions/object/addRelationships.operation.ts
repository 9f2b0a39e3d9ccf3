import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { relationshipChange, relationshipFields } from '../common/object';
import type { PreparedItem } from '../types';

const show = { resource: ['object'], operation: ['addRelationships'] };

export const description: INodeProperties[] = relationshipFields(show, true);

/** Relate the item's person to the object (with relationship attributes): a v2 object `add_relationships` op. */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	return relationshipChange(this, itemIndex, 'add_relationships');
}
