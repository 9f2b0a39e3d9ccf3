import { NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { byteLength, LIMITS } from '../../../shared/limits';
import { cioPath } from '../../../shared/transport/paths';
import { eventFields, readEvent } from '../common/event';
import type { RunState } from '../runState';
import type { PreparedItem } from '../types';

const show = { resource: ['event'], operation: ['trackAnonymous'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Anonymous ID',
		name: 'anonymousId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. a cookie or device ID',
		description:
			'Identifies a visitor not yet known; a later Identify with the same anonymous_id merges these events into the person',
		displayOptions: { show },
	},
	...eventFields(show),
];

/**
 * An event of someone not identified yet: v1 `POST /events`. Track v2 operations need a
 * person identifier, so these are always sent one request per item.
 */
export function prepare(this: IExecuteFunctions, itemIndex: number, run: RunState): PreparedItem {
	const anonymousId = String(this.getNodeParameter('anonymousId', itemIndex) ?? '').trim();
	if (!anonymousId || byteLength(anonymousId) > LIMITS.identifierBytes) {
		throw new NodeOperationError(
			this.getNode(),
			`Item ${itemIndex}: Anonymous ID must be 1 to ${LIMITS.identifierBytes} bytes (got ${byteLength(anonymousId)})`,
			{ itemIndex, description: 'Map the visitor\'s anonymous or device ID into "Anonymous ID".' },
		);
	}
	const event = readEvent(this, itemIndex, run, { anonymous_id: anonymousId });
	return {
		itemIndex,
		identifier: { anonymous_id: anonymousId },
		request: {
			api: 'track',
			method: 'POST',
			path: cioPath('/api/v1/events'),
			body: { name: event.name, anonymous_id: anonymousId, data: event.data, timestamp: event.timestamp, id: event.id },
			idempotent: true,
			itemIndex,
		},
	};
}
