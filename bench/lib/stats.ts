/** Small statistics for benchmark repetitions and latency samples. */
export function percentile(sorted: number[], p: number): number {
	if (sorted.length === 0) return NaN;
	const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
	return sorted[rank];
}

export function summary(values: number[]): { median: number; min: number; max: number } {
	const sorted = [...values].sort((a, b) => a - b);
	return { median: percentile(sorted, 50), min: sorted[0], max: sorted[sorted.length - 1] };
}

export function latencies(samples: number[]): { p50: number; p99: number; max: number } {
	const sorted = [...samples].sort((a, b) => a - b);
	return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] };
}

export const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
