import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { CioRequest, CioResponse } from '../../shared/transport/types';
import type { RunState } from './runState';

/** What one input item becomes once validated: nothing is sent until every item got here. */
export interface PreparedItem {
	itemIndex: number;
	/** The person (or anonymous id) the item is about, echoed in the output. */
	identifier?: IDataObject;
	/** How to send this item on its own (Track v1 or App API). */
	request: CioRequest;
	/** The same change as a Track v2 operation, when it can ride in a `/batch` call. */
	batchOperation?: IDataObject;
}

export interface OperationModule {
	description: INodeProperties[];
	/** `run` holds what stays the same across retries of this run (event time and ids). */
	prepare(this: IExecuteFunctions, itemIndex: number, run: RunState): PreparedItem | Promise<PreparedItem>;
	/**
	 * Output for a sent item; by default identifier + what was sent + status. A list read answers
	 * an array: one output item per record, as n8n's own "Get Many" operations do.
	 */
	present?(this: IExecuteFunctions, item: PreparedItem, response: CioResponse): IDataObject | IDataObject[];
}
