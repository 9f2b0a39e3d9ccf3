import { createHash } from 'crypto';
import { Slicer } from '../shared/slices';

/**
 * Thompson sampling as a batch allocation: each variant's click (or conversion) rate has the
 * posterior Beta(1 + successes, 1 + served − successes); a variant's share is the fraction of K
 * joint draws in which it had the highest rate (≈ the probability that it is the best), lifted
 * to a minimum share. Seeded from the stats, so the same stats always give the same shares.
 */
export interface Arm {
	copy_id: string;
	served: number;
	successes: number;
}

export interface Allocation {
	/** copy_id → share of traffic (sums to 1, each ≥ the minimum share). */
	shares: Record<string, number>;
	/** copy_id → fraction of draws in which it was best, before the minimum share. */
	probabilityBest: Record<string, number>;
	seed: string;
}

/** A uniform [0, 1) generator: sfc32 (small, fast, 128-bit state; passes PractRand), seeded with 128 bits. */
export function sfc32(seed: Buffer): () => number {
	let a = seed.readUInt32BE(0);
	let b = seed.readUInt32BE(4);
	let c = seed.readUInt32BE(8);
	let d = seed.readUInt32BE(12);
	const next = () => {
		const t = (((a + b) | 0) + d) | 0;
		d = (d + 1) | 0;
		a = b ^ (b >>> 9);
		b = (c + (c << 3)) | 0;
		c = (c << 21) | (c >>> 11);
		c = (c + t) | 0;
		return (t >>> 0) / 4294967296;
	};
	// The first outputs still echo the seed: discard them, as sfc32's author advises.
	for (let i = 0; i < 12; i++) next();
	return next;
}

/** Standard normal by Box–Muller (one of the pair; simple, and fast enough here). */
function normal(random: () => number): number {
	const u = 1 - random(); // (0, 1]: log(0) is never taken
	return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Gamma(shape, 1) by Marsaglia–Tsang (2000); shapes below 1 through Gamma(shape + 1) · U^(1/shape). */
export function gamma(shape: number, random: () => number): number {
	if (shape < 1) return gamma(shape + 1, random) * Math.pow(1 - random(), 1 / shape);
	const d = shape - 1 / 3;
	const c = 1 / Math.sqrt(9 * d);
	for (;;) {
		const z = normal(random);
		const v = Math.pow(1 + c * z, 3);
		if (v <= 0) continue;
		const u = 1 - random();
		if (Math.log(u) < (z * z) / 2 + d - d * v + d * Math.log(v)) return d * v;
	}
}

export function beta(a: number, b: number, random: () => number): number {
	const x = gamma(a, random);
	return x / (x + gamma(b, random));
}

/** The seed: a hash of the template and its stats in copy_id order, so row order does not matter. */
export function seedOf(templateId: string, arms: readonly Arm[]): Buffer {
	const stats = [...arms].sort((x, y) => (x.copy_id < y.copy_id ? -1 : x.copy_id > y.copy_id ? 1 : 0)).map((arm) => [arm.copy_id, arm.served, arm.successes]);
	return createHash('sha256').update(JSON.stringify([templateId, stats])).digest();
}

/** Rounded to 6 decimals: shares people read, with float noise removed. */
const tidy = (value: number) => Math.round(value * 1e6) / 1e6;

/**
 * Shares for one template's arms. `minShare` · arms must not exceed 1 (the caller checks it):
 * share = minShare + (1 − arms · minShare) · P(best), which keeps the order and sums to 1.
 * `slicer`: the run's, so the yields of one run's templates share one clock.
 */
export async function thompsonShares(templateId: string, arms: readonly Arm[], draws: number, minShare: number, slicer = new Slicer()): Promise<Allocation> {
	const seed = seedOf(templateId, arms);
	const random = sfc32(seed);
	const wins = new Array<number>(arms.length).fill(0);
	if (arms.length === 1) wins[0] = draws;
	else {
		for (let k = 0; k < draws; k++) {
			let best = 0;
			let bestDraw = -1;
			for (let i = 0; i < arms.length; i++) {
				const draw = beta(1 + arms[i].successes, 1 + arms[i].served - arms[i].successes, random);
				// Ties go to the first arm: deterministic, and equal draws are vanishingly rare.
				if (draw > bestDraw) {
					best = i;
					bestDraw = draw;
				}
			}
			wins[best]++;
			// 100 copies × 100,000 draws is seconds of work: n8n keeps answering meanwhile.
			if (slicer.due()) await slicer.pause();
		}
	}
	const spread = 1 - arms.length * minShare;
	// fromEntries defines own keys: a copy_id such as "__proto__" stays data.
	return {
		shares: Object.fromEntries(arms.map((arm, i) => [arm.copy_id, tidy(minShare + spread * (wins[i] / draws))])),
		probabilityBest: Object.fromEntries(arms.map((arm, i) => [arm.copy_id, tidy(wins[i] / draws)])),
		seed: seed.toString('hex').slice(0, 16),
	};
}
