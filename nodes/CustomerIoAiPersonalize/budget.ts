import { sleep } from 'n8n-workflow';

export const TIMEOUT = Symbol('timeout');

/**
 * The promise's value, or TIMEOUT when `ms` pass first. `sleep` is the one timer every
 * supported n8n-workflow exports (sleepWithAbort exists only in some 1.12x/2.x releases); a
 * sleep still pending after the answer is harmless, and a later rejection of the promise is
 * handled by the race.
 */
export async function withinBudget<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMEOUT> {
	const expired = sleep(Math.max(0, ms)).then((): typeof TIMEOUT => TIMEOUT);
	return Promise.race([promise, expired]);
}
