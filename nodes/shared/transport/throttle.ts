import { sleep } from 'n8n-workflow';

/**
 * Spaces requests so one credential stays within a requests-per-second budget (the App API
 * allows 10/s, `/send/*` 100/s). Each caller reserves the next free slot, so concurrent items
 * queue fairly instead of bursting into 429s. Budgets live in this process only: across n8n
 * workers the 429 retry in the client is the safety net.
 */
export class Throttle {
	private readonly nextSlot = new Map<string, number>();

	constructor(private readonly now: () => number = Date.now) {}

	/** Waits until a request under `key` may start at `perSecond`. */
	async acquire(key: string, perSecond: number): Promise<void> {
		if (perSecond <= 0) return;
		const now = this.now();
		this.prune(now);
		const slot = Math.max(now, this.nextSlot.get(key) ?? 0);
		this.nextSlot.set(key, slot + 1000 / perSecond);
		if (slot > now) await sleep(slot - now);
	}

	/** Forget idle keys so the map does not grow with every credential ever used. */
	private prune(now: number): void {
		if (this.nextSlot.size < 64) return;
		for (const [key, slot] of this.nextSlot) if (slot < now - 60_000) this.nextSlot.delete(key);
	}
}
