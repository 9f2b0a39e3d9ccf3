import { sleep, type IDataObject, type NodeApiError } from 'n8n-workflow';
import { mapWithConcurrency } from '../concurrency';
import { byteLength, LIMITS } from '../limits';
import type { CustomerIoClient } from './client';
import { cioPath } from './paths';
import type { CioRequest } from './types';

/** One Track v2 operation (or segment change, see SEGMENT_CALLS) and the input item it came from. */
export interface BatchEntry {
	itemIndex: number;
	operation: IDataObject;
	/** The operation's JSON size in bytes, when the caller has measured it already. */
	bytes?: number;
}

export type BatchOutcome = { ok: true; status: number } | { ok: false; error: NodeApiError };

/**
 * Track v1's manual-segment calls. Track v2 cannot change segment membership, but these take up
 * to 1000 people a call, so items are batched into them as they are into v2 `/batch`.
 */
export const SEGMENT_CALLS = {
	add_customers: '/api/v1/segments/{segment_id}/add_customers',
	remove_customers: '/api/v1/segments/{segment_id}/remove_customers',
} as const;

export type SegmentAction = keyof typeof SEGMENT_CALLS;

/** One person joining or leaving a manual segment: what one item adds to a segment call. */
export interface SegmentChange {
	segment_id: number;
	action: SegmentAction;
	/** How `id` names the person (the call's `id_type`); one call takes one kind. */
	id_type: 'id' | 'email' | 'cio_id';
	id: string;
}

/**
 * The batch operation of a segment change. It has no `type`, which every v2 operation has:
 * that is how packing tells the two apart.
 */
export function segmentChange(change: SegmentChange): IDataObject {
	return { segment_id: change.segment_id, action: change.action, id_type: change.id_type, id: change.id };
}

function segmentChangeOf(operation: IDataObject): SegmentChange | undefined {
	if (operation.type !== undefined) return undefined;
	const { segment_id: segmentId, action, id_type: idType, id } = operation;
	const known = typeof action === 'string' && Object.prototype.hasOwnProperty.call(SEGMENT_CALLS, action);
	if (!known || typeof segmentId !== 'number' || typeof idType !== 'string' || typeof id !== 'string') return undefined;
	return operation as unknown as SegmentChange;
}

/**
 * Packs operations into requests, keeping input order within each: v2 operations into
 * `/api/v2/batch` bodies of at most 500 KB (each operation ≤32 KB is checked by the caller), so
 * 10,000 items become a few dozen requests; segment changes into one v1 call per segment, action
 * and id_type, each with at most 1000 distinct people (an id given twice rides once).
 */
export function packBatches<E extends BatchEntry>(entries: E[], maxBytes: number = LIMITS.batchRequestBytes): E[][] {
	const v2: E[] = [];
	const segmentCalls = new Map<string, { calls: E[][]; ids: Set<string> }>();
	for (const entry of entries) {
		const change = segmentChangeOf(entry.operation);
		if (!change) {
			v2.push(entry);
			continue;
		}
		const key = `${change.action} ${change.segment_id} ${change.id_type}`;
		let group = segmentCalls.get(key);
		if (!group) segmentCalls.set(key, (group = { calls: [[]], ids: new Set() }));
		if (!group.ids.has(change.id) && group.ids.size === LIMITS.segmentIdsPerCall) {
			group.calls.push([]);
			group.ids = new Set();
		}
		group.ids.add(change.id);
		group.calls[group.calls.length - 1].push(entry);
	}
	return [...packV2(v2, maxBytes), ...[...segmentCalls.values()].flatMap((group) => group.calls)];
}

function packV2<E extends BatchEntry>(entries: E[], maxBytes: number): E[][] {
	const envelope = byteLength('{"batch":[]}');
	const batches: E[][] = [];
	let current: E[] = [];
	let size = envelope;
	for (const entry of entries) {
		const bytes = (entry.bytes ?? byteLength(JSON.stringify(entry.operation))) + 1; // + comma
		if (current.length > 0 && size + bytes > maxBytes) {
			batches.push(current);
			current = [];
			size = envelope;
		}
		current.push(entry);
		size += bytes;
	}
	if (current.length > 0) batches.push(current);
	return batches;
}

/** The request that carries a packed batch: v2 `/batch`, or the v1 segment call of its changes. */
function requestFor(batch: BatchEntry[]): CioRequest {
	const change = segmentChangeOf(batch[0].operation);
	if (change) {
		const ids = [...new Set(batch.map((entry) => (entry.operation as unknown as SegmentChange).id))];
		return {
			api: 'track',
			method: 'POST',
			path: cioPath(SEGMENT_CALLS[change.action], { segment_id: change.segment_id }),
			qs: { id_type: change.id_type },
			body: { ids },
			idempotent: true,
			itemIndex: batch[0].itemIndex,
		};
	}
	return {
		api: 'track',
		method: 'POST',
		path: cioPath('/api/v2/batch'),
		body: { batch: batch.map((entry) => entry.operation) },
		idempotent: true,
		itemIndex: batch[0].itemIndex,
	};
}

/** `batch_index` as Customer.io sends it (a number, or digits), if it names a position of the batch. */
function positionOf(error: unknown, size: number): number | undefined {
	const raw = (error as { batch_index?: unknown } | null)?.batch_index;
	const position = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
	return Number.isInteger(position) && position >= 0 && position < size ? position : undefined;
}

/**
 * Reads a 207 answer: the errors of each position it names, and whether it also reports
 * failures it does not tie to a position of this batch (batch_index missing, out of range or
 * not a number, or no errors listed at all). Those could be any item.
 */
function blame(body: unknown, size: number): { byPosition: Map<number, unknown[]>; unattributed?: unknown[] } {
	const errors = (body as { errors?: unknown } | null)?.errors;
	const list: unknown[] = Array.isArray(errors) ? errors : [];
	const byPosition = new Map<number, unknown[]>();
	const unattributed: unknown[] = [];
	for (const error of list) {
		const position = positionOf(error, size);
		if (position === undefined) unattributed.push(error);
		else byPosition.set(position, [...(byPosition.get(position) ?? []), error]);
	}
	return { byPosition, unattributed: unattributed.length > 0 || list.length === 0 ? unattributed : undefined };
}

/**
 * Sends the batches with bounded concurrency; the result is per item, by item index (`itemCount`
 * items in all). A 207 answer (v2) fails the operations it names (`batch_index`); errors it does
 * not tie to an operation fail every other operation of that batch as "may not have been applied"
 * rather than passing them as sent. A failed request fails every operation it carried (for a
 * segment call: every person in it).
 */
export async function sendBatches(
	client: CustomerIoClient,
	batches: BatchEntry[][],
	concurrency: number,
	itemCount: number,
): Promise<BatchOutcome[]> {
	// An array sized up front: a Map of 100,000 outcomes rehashes in one go as it grows, a pause
	// of its own in n8n's event loop; batches answer in any order.
	const outcomes: BatchOutcome[] = new Array(itemCount);
	await mapWithConcurrency(batches, concurrency, async (batch) => {
		// Each batch starts in a task of its own: building and serializing a 500 KB body (and n8n's
		// TLS setup) takes a few ms, and the first 8 would otherwise run back to back, one long
		// stretch in which n8n answers nothing.
		await sleep(0);
		const request = requestFor(batch);
		const isV2 = request.path.route === '/api/v2/batch';
		try {
			const response = await client.request(request);
			const failed = isV2 && response.status === 207 ? blame(response.body, batch.length) : undefined;
			// One outcome object serves every accepted operation of the batch (thousands of them).
			const accepted: BatchOutcome = { ok: true, status: response.status };
			for (let position = 0; position < batch.length; position++) {
				const { itemIndex } = batch[position];
				const named = failed?.byPosition.get(position);
				const errors = named ?? failed?.unattributed;
				if (!errors) {
					outcomes[itemIndex] = accepted;
					continue;
				}
				const kind = named ? 'batch-item' : 'batch-unattributed';
				outcomes[itemIndex] = { ok: false, error: client.error({ kind, body: { errors }, tries: 1 }, { ...request, itemIndex }) };
			}
		} catch (error) {
			for (const entry of batch) outcomes[entry.itemIndex] = { ok: false, error: error as NodeApiError };
		}
	});
	return outcomes;
}
