/** Customer.io's documented limits (customerio-contract.md); one copy for validation everywhere. */
export const LIMITS = {
	identifierBytes: 150,
	attributeNameBytes: 150,
	attributeValueBytes: 1000,
	attributesPerCall: 300,
	eventNameBytes: 100,
	eventDataBytes: 100_000,
	batchOperationBytes: 32 * 1024,
	batchRequestBytes: 500 * 1024,
	transactionalRecipients: 15,
	/** People per Track v1 manual-segment call (`ids`, add_customers / remove_customers). */
	segmentIdsPerCall: 1000,
	/** An object's object_id ("Our default id limit is set to 150 characters"; characters, not bytes). */
	objectIdCharacters: 150,
	attachmentsBytes: 2 * 1024 * 1024,
	/** API-triggered broadcasts: ids or emails per trigger, per_user_data entries, `data` and the whole call. */
	broadcastRecipients: 10_000,
	broadcastDataBytes: 50_000,
	broadcastTriggerBytes: 25 * 1024 * 1024,
} as const;

/**
 * 10000 → "10,000" for messages and descriptions. Not toLocaleString: that loads ICU's locale
 * data (~25 ms) when n8n loads the node, in every process.
 */
export function grouped(count: number): string {
	return String(count).replace(/\B(?=(\d{3})+$)/g, ',');
}

export function byteLength(text: string): number {
	return Buffer.byteLength(text, 'utf8');
}
