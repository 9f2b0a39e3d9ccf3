/** What the attack suites assert: no request blocks the event loop this long (every other workflow waits meanwhile). */
export const MAX_BLOCK_MS = 50;

export interface Measured<T> {
	result: T;
	/** The longest gap between ticks of a 1 ms timer while `work` ran. */
	blockedMs: number;
	elapsedMs: number;
}

/**
 * How long the event loop was blocked while `work` ran, and how long `work` took. A block of
 * MAX_BLOCK_MS or more is measured again, up to `runs` runs in all, and the shortest counts: an
 * input that stalls the loop stalls it every time; a garbage collection of the test process
 * (the suites allocate 16 MB bodies) or a CPU shared with other test workers does not. Build
 * inputs before calling this: building a 16 MB body blocks too.
 */
export async function measureBlock<T>(work: () => Promise<T>, runs = 3): Promise<Measured<T>> {
	let measured = await measureOnce(work);
	for (let run = 1; run < runs && measured.blockedMs >= MAX_BLOCK_MS; run++) {
		const again = await measureOnce(work);
		if (again.blockedMs < measured.blockedMs) measured = again;
	}
	return measured;
}

async function measureOnce<T>(work: () => Promise<T>): Promise<Measured<T>> {
	const started = performance.now();
	let last = started;
	let blockedMs = 0;
	const timer = setInterval(() => {
		const now = performance.now();
		blockedMs = Math.max(blockedMs, now - last);
		last = now;
	}, 1);
	try {
		const result = await work();
		const elapsedMs = performance.now() - started;
		// Let the timer tick after the work, so a block at its very end is measured too.
		await new Promise((resolve) => setTimeout(resolve, 5));
		return { result, blockedMs, elapsedMs };
	} finally {
		clearInterval(timer);
	}
}
