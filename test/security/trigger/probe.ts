/**
 * How long each attack blocks the event loop: a 1 ms interval timer records the largest gap
 * between its ticks while the attack runs. Each attack runs `repeats` times and keeps its
 * shortest stall, so a busy test machine (another process taking the CPU) does not count as
 * the code's own blocking; a real stall shows in every run. Build inputs before calling this:
 * building 16 MB bodies blocks too.
 */
export async function blockingMs(attacks: Record<string, () => Promise<unknown>>, repeats = 5): Promise<Record<string, number>> {
	const blocks: Record<string, number> = {};
	for (const [name, attack] of Object.entries(attacks)) {
		blocks[name] = Infinity;
		for (let run = 0; run < repeats; run++) blocks[name] = Math.min(blocks[name], await longestGapDuring(attack));
	}
	return blocks;
}

async function longestGapDuring(attack: () => Promise<unknown>): Promise<number> {
	let last = performance.now();
	let longest = 0;
	const timer = setInterval(() => {
		const now = performance.now();
		longest = Math.max(longest, now - last);
		last = now;
	}, 1);
	try {
		await attack();
		// Let the timer tick after the attack, so a stall at its very end is measured too.
		await new Promise((resolve) => setTimeout(resolve, 5));
	} finally {
		clearInterval(timer);
	}
	return longest;
}
