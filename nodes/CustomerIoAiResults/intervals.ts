/**
 * Confidence intervals for rates and their differences, without continuity correction:
 * Wilson's score interval for one rate, and Newcombe's hybrid score interval ("method 10",
 * Newcombe 1998, Statistics in Medicine 17:873–890) for the difference of two independent rates.
 * Both behave at 0 and at small counts, where the textbook normal interval does not.
 */
export const Z95 = 1.959963984540054;

export interface Interval {
	low: number;
	high: number;
}

/** Wilson score interval for x of n (n > 0). */
export function wilson(x: number, n: number, z = Z95): Interval {
	const p = x / n;
	const z2 = z * z;
	const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
	const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
	return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** Newcombe's interval for p1 − p2 (x1 of n1 against x2 of n2, both n > 0). */
export function newcombe(x1: number, n1: number, x2: number, n2: number, z = Z95): Interval & { difference: number } {
	const p1 = x1 / n1;
	const p2 = x2 / n2;
	const one = wilson(x1, n1, z);
	const two = wilson(x2, n2, z);
	const difference = p1 - p2;
	return {
		difference,
		low: difference - Math.sqrt((p1 - one.low) ** 2 + (two.high - p2) ** 2),
		high: difference + Math.sqrt((one.high - p1) ** 2 + (p2 - two.low) ** 2),
	};
}
