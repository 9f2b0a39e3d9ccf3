import { templateAllocationSchema } from '../shared/allocation';
import { ownValue } from './own';
import type { Variant } from './templates';

/**
 * Adaptive allocation as AI Personalize reads it: the snapshot's shares for the template's split
 * pool, or why the fixed split answers instead. Never an error: a missing, old or broken snapshot
 * costs the optimisation, not the answer.
 */
export type AllocationMode = 'fixed' | 'adaptive';

export type SharesOrReason = { ok: true; shares: number[] } | { ok: false; reason: string };

/**
 * Shares aligned with `pool`. The snapshot must name every variant of the pool: a variant added
 * since the last Update Allocation has no results yet, and the fixed split serves it until it has.
 * copy_ids the pool lacks (variants removed since, or variants with rules) are left out and the rest
 * scaled up: their old results stay in the store, and they must not switch adaptive off for good.
 */
export function sharesFor(entry: unknown, pool: readonly Variant[], maxAgeMs: number, now: number): SharesOrReason {
	if (entry === undefined) return { ok: false, reason: 'no allocation for this template yet (Update Allocation has not written one)' };
	const parsed = templateAllocationSchema.safeParse(entry);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		return { ok: false, reason: `the allocation is invalid: ${issue.path.join('.') || '(root)'}: ${issue.message}` };
	}
	const ageMs = now - Date.parse(parsed.data.updatedAt);
	if (ageMs > maxAgeMs) {
		return { ok: false, reason: `the allocation is ${Math.floor(ageMs / 60_000)} minutes old (Snapshot Max Age is ${Math.round(maxAgeMs / 60_000)})` };
	}
	const shares: number[] = [];
	for (const variant of pool) {
		const share = ownValue(parsed.data.shares, variant.copy_id);
		if (share === undefined) return { ok: false, reason: `the allocation has no share for copy_id "${variant.copy_id}" (a new variant gets the fixed split until it has results)` };
		shares.push(share);
	}
	const total = shares.reduce((sum, share) => sum + share, 0);
	if (total <= 0) return { ok: false, reason: "the allocation gives this template's variants no share" };
	return { ok: true, shares: shares.map((share) => share / total) };
}
