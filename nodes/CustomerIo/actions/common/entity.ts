import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';
import { byteLength, LIMITS } from '../../../shared/limits';
import { cioPath } from '../../../shared/transport/paths';
import type { PreparedItem } from '../types';

/**
 * An item only Track v2 can carry (objects, relationships, a known person's screen view): it
 * rides in `/batch`, or alone in `POST /api/v2/entity` when batching is off. Both take at most
 * 32 KB per operation and no v1 call can take a bigger one, so the size is checked here,
 * before anything is sent.
 */
export function entityChange(
	ctx: IExecuteFunctions,
	itemIndex: number,
	operation: IDataObject,
	identifier: IDataObject,
): PreparedItem {
	const bytes = byteLength(JSON.stringify(operation));
	if (bytes > LIMITS.batchOperationBytes) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Item ${itemIndex}: the operation is ${bytes} bytes of JSON; Customer.io's Track v2 takes at most ${LIMITS.batchOperationBytes} per operation`,
			{ itemIndex, description: 'Send fewer or shorter attributes for this item; nothing was sent for it.' },
		);
	}
	return {
		itemIndex,
		identifier,
		request: { api: 'track', method: 'POST', path: cioPath('/api/v2/entity'), body: operation, idempotent: true, itemIndex },
		batchOperation: operation,
	};
}
