import { sleep } from 'n8n-workflow';

/** Longest stretch of work between two yields: well under the 50 ms a webhook may wait. */
const SLICE_MS = 10;
/** Items between two clock reads: a clock read per item would cost more than most items. */
const CHECK_EVERY = 32;

/**
 * Cuts a long loop over items into slices. n8n runs every execution, webhook and editor call of a
 * process on one event loop, so a node working through 100,000 items in one go freezes them all
 * (the Reporting Trigger's answer to Customer.io, AI Personalize's budget). `sleep(0)` from
 * n8n-workflow is the one yield the community-node rules allow; it costs about 1 ms, paid once
 * per 10 ms of work.
 */
export class Slicer {
	private count = 0;
	private since = Date.now();

	/** Whether the current slice is used up; cheap enough to ask on every item. */
	due(): boolean {
		if (++this.count % CHECK_EVERY !== 0) return false;
		return Date.now() - this.since >= SLICE_MS;
	}

	/** Lets the event loop run whatever waits, then starts a new slice. */
	async pause(): Promise<void> {
		await sleep(0);
		this.since = Date.now();
	}

	/** `fn` for each index in 0..length-1, in slices. */
	async each(length: number, fn: (index: number) => void | Promise<void>): Promise<void> {
		for (let index = 0; index < length; index++) {
			const pending = fn(index);
			if (pending) await pending; // no microtask per item for synchronous work
			if (this.due()) await this.pause();
		}
	}
}
