import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { objectChange, objectFields } from '../common/object';
import type { PreparedItem } from '../types';

const show = { resource: ['object'], operation: ['delete'] };

export const description: INodeProperties[] = objectFields(show);

/** Delete an object and its relationships to people: a v2 object `delete` op. */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	return objectChange(this, itemIndex, 'delete');
}
