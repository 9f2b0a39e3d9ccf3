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
	attachmentsBytes: 2 * 1024 * 1024,
} as const;

export function byteLength(text: string): number {
	return Buffer.byteLength(text, 'utf8');
}
