import { sleep } from 'n8n-workflow';

interface Budget {
	/** When the next request may start (ms since the epoch). */
	nextSlot: number;
	/** Share of the nominal rate this process uses now: 1 until Customer.io answers 429. */
	share: number;
}

/** Lowest share after repeated 429s: a tenth of the nominal rate. */
const MIN_SHARE = 0.1;
/** Share regained per accepted request: about 50 in a row bring a halved rate back to full. */
const RECOVERY = 0.01;

/**
 * Spaces requests so one credential stays within a requests-per-second budget (the App API
 * allows 10/s, `/send/*` 100/s). Each caller reserves the next free slot, so concurrent items
 * queue fairly instead of bursting into 429s.
 *
 * The budget lives in this process, but Customer.io's limit is per workspace: in queue mode two
 * workers using one credential would each send 10/s. So a 429 halves this process's share and
 * holds every request of that key until Retry-After has passed; accepted requests win the share
 * back slowly (additive increase, multiplicative decrease, as TCP does). Workers sharing a
 * workspace settle near the limit between them without talking to each other.
 */
export class Throttle {
	private readonly budgets = new Map<string, Budget>();

	constructor(private readonly now: () => number = Date.now) {}

	/** Waits until a request under `key` may start at `perSecond` (times this process's share). */
	async acquire(key: string, perSecond: number): Promise<void> {
		if (perSecond <= 0) return;
		const now = this.now();
		this.prune(now);
		const budget = this.budget(key);
		const slot = Math.max(now, budget.nextSlot);
		budget.nextSlot = slot + 1000 / (perSecond * budget.share);
		if (slot > now) await sleep(slot - now);
	}

	/** Customer.io refused a request of `key` with 429: slow down, and pause until `retryAfterMs` has passed. */
	refused(key: string, retryAfterMs = 0): void {
		const budget = this.budget(key);
		budget.share = Math.max(MIN_SHARE, budget.share / 2);
		budget.nextSlot = Math.max(budget.nextSlot, this.now() + retryAfterMs);
	}

	/** Customer.io accepted a request of `key`. */
	accepted(key: string): void {
		const budget = this.budgets.get(key);
		if (budget && budget.share < 1) budget.share = Math.min(1, budget.share + RECOVERY);
	}

	/** This process's current share of the nominal rate for `key` (1 = full). */
	share(key: string): number {
		return this.budgets.get(key)?.share ?? 1;
	}

	private budget(key: string): Budget {
		let budget = this.budgets.get(key);
		if (!budget) this.budgets.set(key, (budget = { nextSlot: 0, share: 1 }));
		return budget;
	}

	/** Forget idle keys so the map does not grow with every credential ever used. */
	private prune(now: number): void {
		if (this.budgets.size < 64) return;
		for (const [key, budget] of this.budgets) if (budget.nextSlot < now - 60_000) this.budgets.delete(key);
	}
}
