import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { prepareSegmentChange, segmentFields } from '../common/segment';
import type { PreparedItem } from '../types';

const show = { resource: ['segment'], operation: ['addPeople'] };

export const description: INodeProperties[] = segmentFields(show);

/** Add the item's person to a manual segment: Track v1 `add_customers`, up to 1000 people a call. */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	return prepareSegmentChange(this, itemIndex, 'add_customers');
}
