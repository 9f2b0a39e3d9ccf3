import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { prepareSegmentChange, segmentFields } from '../common/segment';
import type { PreparedItem } from '../types';

const show = { resource: ['segment'], operation: ['removePeople'] };

export const description: INodeProperties[] = segmentFields(show);

/** Remove the item's person from a manual segment: Track v1 `remove_customers`, up to 1000 people a call. */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	return prepareSegmentChange(this, itemIndex, 'remove_customers');
}
