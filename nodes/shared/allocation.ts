import { z } from 'zod';

/**
 * The allocation snapshot: per template, the share of traffic each rule-free variant gets.
 * "Customer.io AI Results → Update Allocation" is its one writer; AI Personalize only reads it.
 * It lives in the workflow's static data, which n8n loads from its database with the workflow
 * for every production webhook request and saves after every production execution that changed
 * it, so every process (main, queue-mode workers, webhook processors) sees the latest one.
 */
export const ALLOCATION_KEY = 'customerIoAllocation';

/** The longest Snapshot Max Age AI Personalize allows (7 days): older entries are never read again. */
export const SNAPSHOT_MAX_AGE_LIMIT_MINUTES = 10_080;

const shareSchema = z.number().finite().min(0).max(1);

export const templateAllocationSchema = z.object({
	/** When Update Allocation computed it (ISO 8601): AI Personalize ignores old snapshots. */
	updatedAt: z.string().datetime({ offset: true }),
	/** The outcome the shares optimise, e.g. "clicked": a label for people reading it. */
	outcome: z.string().max(100),
	shares: z
		.record(shareSchema)
		.refine((shares) => Object.keys(shares).length > 0, 'has no copy_id')
		.refine((shares) => Math.abs(Object.values(shares).reduce((sum, share) => sum + share, 0) - 1) < 1e-3, 'do not add up to 1'),
});

export type TemplateAllocation = z.infer<typeof templateAllocationSchema>;

/** What static data holds under ALLOCATION_KEY: template_id → its allocation. */
export type AllocationSnapshot = Record<string, TemplateAllocation>;

/** Plain JSON of the stored snapshot (static data hands out proxies), or {} when there is none. */
export function storedSnapshot(staticData: Record<string, unknown>): Record<string, unknown> {
	const stored = staticData[ALLOCATION_KEY];
	return stored !== null && typeof stored === 'object' && !Array.isArray(stored) ? (JSON.parse(JSON.stringify(stored)) as Record<string, unknown>) : {};
}
