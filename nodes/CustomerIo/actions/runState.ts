import { createHash, randomBytes } from 'crypto';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { Slicer } from '../../shared/slices';
import { ulid } from '../../shared/ulid';
import type { PreparedItem } from './types';

/** What an earlier try of this run got from Customer.io for one item. */
export interface Receipt {
	/** Hash of the request: an item whose content changed since is sent again. */
	hash: string;
	/** 'accepted': Customer.io took it. 'unknown': a send whose answer was lost (it may have gone out). */
	state: 'accepted' | 'unknown';
	status?: number;
	/** A send's answer (delivery_id, queued_at …), to output again. */
	answer?: IDataObject;
	via?: 'batch';
}

interface RunRecord {
	/** Random, drawn on the first try: part of every derived event id. */
	seed: string;
	/** The first try's time (ms): the default event timestamp. */
	startedAt: number;
	/** By item index. */
	receipts: Record<string, Receipt>;
}

/** Where the records live in the node's context: one per run index (a node runs once per loop pass). */
const CONTEXT_KEY = 'customerIoRuns';

const hashOf = (text: string) => createHash('sha256').update(text).digest();

function runIndexOf(ctx: IExecuteFunctions): number {
	const runIndex = typeof ctx.getWorkflowDataProxy === 'function' ? ctx.getWorkflowDataProxy(0).$runIndex : undefined;
	return typeof runIndex === 'number' ? runIndex : 0;
}

/**
 * What one run of the node keeps across the retries n8n makes of it, so a retry repeats
 * nothing Customer.io already has. n8n's Retry On Fail calls execute() again within the same
 * execution; retrying a failed execution from the executions list starts a new execution from
 * the stored execution data. Both keep the node's context (`getContext('node')`, saved with
 * the execution data), so that is where the run's seed, start time and receipts are kept.
 * A run that ends without a failed item drops its record: nothing will retry it.
 *
 * What this cannot cover: a run re-started by hand in the editor (a new execution with an empty
 * context: new ids, everything sent again), and a node whose process dies mid-run.
 */
export class RunState {
	/**
	 * This try's receipts by item index: written to the context only if the run fails (hashing
	 * 10,000 items costs). An array sized up front, as a growing Map of 100,000 would rehash in
	 * one long pause.
	 */
	private readonly fresh: Array<{ item: PreparedItem; receipt: Omit<Receipt, 'hash'> } | undefined>;

	private constructor(
		private readonly runs: Record<string, RunRecord>,
		private readonly key: string,
		private readonly record: RunRecord,
		private readonly nodeId: string,
		itemCount: number,
	) {
		this.fresh = new Array(itemCount);
	}

	static open(ctx: IExecuteFunctions, itemCount: number): RunState {
		// Contexts without getContext (some tool and test contexts) keep nothing between tries.
		const context: IDataObject = typeof ctx.getContext === 'function' ? ctx.getContext('node') : {};
		const runs = (context[CONTEXT_KEY] ??= {}) as Record<string, RunRecord>;
		const key = String(runIndexOf(ctx));
		let record = runs[key];
		if (typeof record?.seed !== 'string' || typeof record.startedAt !== 'number' || typeof record.receipts !== 'object') {
			record = runs[key] = { seed: randomBytes(16).toString('hex'), startedAt: Date.now(), receipts: {} };
		}
		return new RunState(runs, key, record, ctx.getNode().id ?? '', itemCount);
	}

	/** When this run was first tried (ms since the epoch): the same on every retry. */
	get startedAt(): number {
		return this.record.startedAt;
	}

	/**
	 * An event id that is the same on every retry of this run and differs for any other item,
	 * run or content: a ULID whose time is the event's and whose 80 other bits are a hash of
	 * the run's seed, the node, the item index and the event (identifier, name, data, timestamp).
	 */
	eventId(itemIndex: number, event: unknown, timestampSeconds: number): string {
		const digest = hashOf(`${this.record.seed}\n${this.nodeId}\n${itemIndex}\n${JSON.stringify(event)}`);
		return ulid(timestampSeconds * 1000, digest);
	}

	/** What an earlier try got for this item, if it sent the same request. */
	receipt(item: PreparedItem): Receipt | undefined {
		const receipt = this.record.receipts[item.itemIndex];
		return receipt && receipt.hash === requestHash(item) ? receipt : undefined;
	}

	accepted(item: PreparedItem, status: number, extra: { answer?: IDataObject; via?: 'batch' } = {}): void {
		this.fresh[item.itemIndex] = { item, receipt: { state: 'accepted', status, ...extra } };
	}

	unknown(item: PreparedItem): void {
		this.fresh[item.itemIndex] = { item, receipt: { state: 'unknown' } };
	}

	/**
	 * Call before the node returns or throws. Without a failed item the run is forgotten (nothing
	 * will retry it); otherwise this try's receipts join the record, for the retry to read.
	 */
	async finish(failed: boolean, slices: Slicer): Promise<void> {
		if (!failed) {
			delete this.runs[this.key];
			return;
		}
		// Hashing 100,000 requests takes about a second: in slices, like every loop over items.
		await slices.each(this.fresh.length, (itemIndex) => {
			const fresh = this.fresh[itemIndex];
			if (fresh) this.record.receipts[itemIndex] = { hash: requestHash(fresh.item), ...fresh.receipt };
		});
	}
}

function requestHash(item: PreparedItem): string {
	const { method, path, qs, body } = item.request;
	return hashOf(JSON.stringify([method, path.path, qs ?? null, body ?? null])).toString('base64url').slice(0, 16);
}
