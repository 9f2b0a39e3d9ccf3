/**
 * Retry timing. Customer.io may send `Retry-After` (seconds or an HTTP date) on 429/503; when it
 * does we wait exactly that long, otherwise exponential backoff with "full jitter" so parallel
 * items that failed together do not retry together.
 */
export interface BackoffPolicy {
	/** First retry waits up to this long (before jitter). */
	baseDelayMs: number;
	/** No computed wait exceeds this. */
	maxDelayMs: number;
}

/** Parses a Retry-After header into milliseconds from `nowMs`; undefined when absent or unreadable. */
export function parseRetryAfter(value: unknown, nowMs: number): number | undefined {
	const text = Array.isArray(value) ? value[0] : value;
	if (typeof text !== 'string' && typeof text !== 'number') return undefined;
	const trimmed = String(text).trim();
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
	const date = Date.parse(trimmed);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - nowMs);
}

/** Wait before retry number `retry` (1 = first retry). `random` returns [0, 1). */
export function backoffDelayMs(retry: number, policy: BackoffPolicy, random: () => number): number {
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
	// Full jitter, but never less than half the ceiling so a retry is not immediate.
	return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
