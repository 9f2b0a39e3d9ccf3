import type { IDataObject, NodeApiError } from 'n8n-workflow';
import { mapWithConcurrency } from '../concurrency';
import { byteLength, LIMITS } from '../limits';
import type { CustomerIoClient } from './client';
import { cioPath } from './paths';
import type { CioRequest } from './types';

/** One Track v2 operation and the input item it came from. */
export interface BatchEntry {
	itemIndex: number;
	operation: IDataObject;
	/** The operation's JSON size in bytes, when the caller has measured it already. */
	bytes?: number;
}

export type BatchOutcome = { ok: true; status: number } | { ok: false; error: NodeApiError };

/**
 * Packs operations into `/api/v2/batch` bodies of at most 500 KB (each operation ≤32 KB is
 * checked by the caller), keeping input order, so 10,000 items become a few dozen requests.
 */
export function packBatches<E extends BatchEntry>(entries: E[], maxBytes: number = LIMITS.batchRequestBytes): E[][] {
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
 * Sends the batches with bounded concurrency; the result is per item. A 207 answer fails the
 * operations it names (`batch_index`); errors it does not tie to an operation fail every other
 * operation of that batch as "may not have been applied" rather than passing them as sent. A
 * failed request fails every operation it carried.
 */
export async function sendBatches(
	client: CustomerIoClient,
	batches: BatchEntry[][],
	concurrency: number,
): Promise<Map<number, BatchOutcome>> {
	const outcomes = new Map<number, BatchOutcome>();
	await mapWithConcurrency(batches, concurrency, async (batch) => {
		const request: CioRequest = {
			api: 'track',
			method: 'POST',
			path: cioPath('/api/v2/batch'),
			body: { batch: batch.map((entry) => entry.operation) },
			idempotent: true,
			itemIndex: batch[0].itemIndex,
		};
		try {
			const response = await client.request(request);
			const failed = response.status === 207 ? blame(response.body, batch.length) : undefined;
			batch.forEach((entry, position) => {
				const forItem = { ...request, itemIndex: entry.itemIndex };
				const named = failed?.byPosition.get(position);
				let outcome: BatchOutcome = { ok: true, status: response.status };
				if (named) {
					outcome = { ok: false, error: client.error({ kind: 'batch-item', body: { errors: named }, tries: 1 }, forItem) };
				} else if (failed?.unattributed) {
					const body = { errors: failed.unattributed };
					outcome = { ok: false, error: client.error({ kind: 'batch-unattributed', body, tries: 1 }, forItem) };
				}
				outcomes.set(entry.itemIndex, outcome);
			});
		} catch (error) {
			for (const entry of batch) outcomes.set(entry.itemIndex, { ok: false, error: error as NodeApiError });
		}
	});
	return outcomes;
}
