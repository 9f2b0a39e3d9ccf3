import { beta, gamma, sfc32, thompsonShares, type Arm } from '../../../nodes/CustomerIoAiResults/thompson';

/**
 * The bandit's arithmetic: seeded Beta draws and the shares Thompson sampling gives. Shares are
 * P(best) lifted to the minimum share; the seed is a hash of the stats, so they are reproducible.
 */
const arms = (...stats: Array<[string, number, number]>): Arm[] => stats.map(([copy_id, served, successes]) => ({ copy_id, served, successes }));
const total = (shares: Record<string, number>) => Object.values(shares).reduce((sum, share) => sum + share, 0);

describe('random draws', () => {
	it('repeats the same sequence for the same seed, another for another seed', () => {
		const seed = Buffer.alloc(16, 7);
		const one = sfc32(seed);
		const two = sfc32(seed);
		const other = sfc32(Buffer.alloc(16, 8));
		const a = Array.from({ length: 5 }, one);
		expect(Array.from({ length: 5 }, two)).toEqual(a);
		expect(Array.from({ length: 5 }, other)).not.toEqual(a);
		expect(a.every((u) => u >= 0 && u < 1)).toBe(true);
	});

	it.each([
		[0.5, 1],
		[1, 1],
		[3, 7],
		[400, 9_600],
		[50_001, 999_950_000],
	])('draws Beta(%d, %d) with the right mean and spread', (a, b) => {
		const random = sfc32(Buffer.alloc(16, 1));
		const n = 20_000;
		const draws = Array.from({ length: n }, () => beta(a, b, random));
		const mean = draws.reduce((sum, x) => sum + x, 0) / n;
		const variance = draws.reduce((sum, x) => sum + (x - mean) ** 2, 0) / n;
		const trueMean = a / (a + b);
		const trueVariance = (a * b) / ((a + b) ** 2 * (a + b + 1));
		expect(Math.abs(mean - trueMean)).toBeLessThan(5 * Math.sqrt(trueVariance / n));
		expect(variance / trueVariance).toBeGreaterThan(0.9);
		expect(variance / trueVariance).toBeLessThan(1.1);
		expect(draws.every((x) => x >= 0 && x <= 1 && Number.isFinite(x))).toBe(true);
	});

	it('draws Gamma with a shape below 1 (mean = shape)', () => {
		const random = sfc32(Buffer.alloc(16, 2));
		const draws = Array.from({ length: 20_000 }, () => gamma(0.3, random));
		expect(draws.reduce((sum, x) => sum + x, 0) / draws.length).toBeCloseTo(0.3, 1);
	});
});

describe('Thompson sampling shares', () => {
	it('gives the same shares for the same stats, in any row order', async () => {
		const stats = arms(['a', 1_000, 20], ['b', 1_000, 40], ['c', 1_000, 80]);
		const first = await thompsonShares('welcome', stats, 10_000, 0.05);
		expect(await thompsonShares('welcome', [...stats].reverse(), 10_000, 0.05)).toEqual(first);
		// Different stats draw from another seed.
		expect((await thompsonShares('welcome', arms(['a', 1_000, 21], ['b', 1_000, 40], ['c', 1_000, 80]), 10_000, 0.05)).seed).not.toBe(first.seed);
	});

	it('gives a clearly better copy the largest share, and the others the minimum', async () => {
		const { shares, probabilityBest } = await thompsonShares('welcome', arms(['a', 1_000, 20], ['b', 1_000, 40], ['c', 1_000, 80]), 10_000, 0.05);
		// c (8%) against b (4%) over 1,000 each: P(c best) is all but 1.
		expect(probabilityBest.c).toBeGreaterThan(0.999);
		expect(shares).toEqual({ a: 0.05, b: expect.closeTo(0.05, 3), c: expect.closeTo(0.9, 3) });
		expect(total(shares)).toBeCloseTo(1, 6);
	});

	it('splits about equally between equal copies (within Monte-Carlo error)', async () => {
		const { shares } = await thompsonShares('welcome', arms(['a', 500, 25], ['b', 500, 25], ['c', 500, 25]), 10_000, 0.05);
		for (const share of Object.values(shares)) expect(Math.abs(share - 1 / 3)).toBeLessThan(0.02);
	});

	it('splits equally between copies with no results yet', async () => {
		const { shares } = await thompsonShares('welcome', arms(['a', 0, 0], ['b', 0, 0]), 10_000, 0);
		expect(Math.abs(shares.a - 0.5)).toBeLessThan(0.02);
	});

	it('keeps the minimum share for every copy, and sums to 1', async () => {
		for (const minShare of [0, 0.05, 0.2, 1 / 3]) {
			const { shares } = await thompsonShares('t', arms(['a', 10_000, 100], ['b', 10_000, 900], ['c', 10_000, 300]), 2_000, minShare);
			for (const share of Object.values(shares)) expect(share).toBeGreaterThanOrEqual(minShare - 1e-6);
			expect(total(shares)).toBeCloseTo(1, 5);
		}
	});

	it('works with few draws (coarse) and many draws (steady)', async () => {
		const stats = arms(['a', 200, 10], ['b', 200, 14]);
		const coarse = await thompsonShares('t', stats, 100, 0);
		expect(coarse.shares.a * 100).toBeCloseTo(Math.round(coarse.shares.a * 100), 6);
		const steady = await thompsonShares('t', stats, 100_000, 0);
		// P(b better) for 10/200 against 14/200 is about 0.80 (normal approximation of the Beta posteriors).
		expect(steady.shares.b).toBeGreaterThan(0.77);
		expect(steady.shares.b).toBeLessThan(0.84);
	});

	it('gives a single copy everything', async () => {
		expect((await thompsonShares('t', arms(['only', 10, 1]), 1_000, 0.05)).shares).toEqual({ only: 1 });
	});

	it('handles all-success, no-success and very large counts', async () => {
		const { shares } = await thompsonShares('t', arms(['all', 50, 50], ['none', 50, 0], ['huge', 2_000_000_000, 1_000_000_000]), 5_000, 0.01);
		expect(shares.all).toBeGreaterThan(0.97);
		expect(Object.values(shares).every(Number.isFinite)).toBe(true);
	});

	it('keeps a copy_id such as "__proto__" as a plain key', async () => {
		const { shares } = await thompsonShares('t', arms(['__proto__', 10, 1], ['b', 10, 2]), 1_000, 0);
		expect(Object.keys(shares)).toEqual(['__proto__', 'b']);
		expect(Object.getPrototypeOf(shares)).toBe(Object.prototype);
	});
});
