/**
 * What one run of Customer.io AI Results takes. The node runs on n8n's event loop (its loops yield
 * every 10 ms, see Slicer), and Update Allocation's snapshot is loaded with the workflow for every
 * AI Personalize request, so both are bounded; each error names the limit and what to change.
 */
export const RESULT_LIMITS = {
	/** copy_ids of one template. AI Personalize takes 26 variants; a removed copy's rows stay in the store for its retention. */
	copiesPerTemplate: 100,
	/** Templates in one run, and in the snapshot. */
	templates: 1_000,
	/** Posterior draws of one Update Allocation run (Draws × copies, summed over templates): about 40 s on one core. */
	drawsPerRun: 100_000_000,
	/** Bars in the report's chart (one per copy): more would not be readable; every copy is still an item. */
	chartBars: 40,
} as const;
