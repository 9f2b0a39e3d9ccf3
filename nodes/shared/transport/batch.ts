import type { IDataObject } from 'n8n-workflow';
import { mapWithConcurrency } from '../concurrency';
import { byteLength, LIMITS } from '../limits';
import type { CustomerIoClient } from './client';
import { customerIoMessages } from './errors';
import { cioPath } from './paths';

/** One Track v2 operation and the input item it came from. */
export interface BatchEntry {
	itemIndex: number;
	operation: IDataObject;
	/** The operation's JSON size in bytes, when the caller has measured it already. */
	bytes?: number;
}

export type BatchOutcome = { ok: true; status: number } | { ok: false; error: Error; status?: number };

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

interface BatchError {
	batch_index?: unknown;
	reason?: unknown;
	field?: unknown;
	message?: unknown;
}

/**
 * Sends the batches with bounded concurrency. A 207 answer fails only the operations it names
 * (`batch_index`), a failed request fails every operation it carried; the result is per item.
 */
export async function sendBatches(
	client: CustomerIoClient,
	batches: BatchEntry[][],
	concurrency: number,
	describeFailure: (messages: string, itemIndex: number) => Error,
): Promise<Map<number, BatchOutcome>> {
	const outcomes = new Map<number, BatchOutcome>();
	await mapWithConcurrency(batches, concurrency, async (batch) => {
		try {
			const response = await client.request<{ errors?: BatchError[] }>({
				api: 'track',
				method: 'POST',
				path: cioPath('/api/v2/batch'),
				body: { batch: batch.map((entry) => entry.operation) },
				idempotent: true,
				itemIndex: batch[0].itemIndex,
			});
			const failed = new Map<number, BatchError[]>();
			if (response.status === 207) {
				for (const error of response.body?.errors ?? []) {
					const position = Number(error.batch_index);
					if (Number.isInteger(position) && batch[position]) {
						failed.set(position, [...(failed.get(position) ?? []), error]);
					}
				}
			}
			batch.forEach((entry, position) => {
				const errors = failed.get(position);
				outcomes.set(
					entry.itemIndex,
					errors
						? { ok: false, status: 207, error: describeFailure(customerIoMessages({ errors }).join('; '), entry.itemIndex) }
						: { ok: true, status: response.status },
				);
			});
		} catch (error) {
			for (const entry of batch) outcomes.set(entry.itemIndex, { ok: false, error: error as Error });
		}
	});
	return outcomes;
}
