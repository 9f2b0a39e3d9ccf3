import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { relationshipChange, relationshipFields } from '../common/object';
import type { PreparedItem } from '../types';

const show = { resource: ['object'], operation: ['deleteRelationships'] };

export const description: INodeProperties[] = relationshipFields(show, false);

/** End the relationship between the item's person and the object: a v2 object `delete_relationships` op. */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	return relationshipChange(this, itemIndex, 'delete_relationships');
}
