import { ulid } from '../../nodes/shared/ulid';

/** ULIDs: Customer.io's event ids. Derived ones must come out the same for the same input. */
describe('ulid', () => {
	const entropy = Buffer.from('00112233445566778899aabbccdd', 'hex');

	it('gives the same id for the same time and entropy (a retried event keeps its id)', () => {
		expect(ulid(1_795_168_800_000, entropy)).toBe(ulid(1_795_168_800_000, Buffer.from(entropy)));
		expect(ulid(1_795_168_800_000, entropy)).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
	});

	it('puts the time in the first 10 characters and only 10 bytes of entropy in the rest', () => {
		const id = ulid(1_795_168_800_000, entropy);
		expect(id.slice(0, 10)).toBe(ulid(1_795_168_800_000).slice(0, 10));
		expect(id.slice(10)).toBe(ulid(0, entropy.subarray(0, 10)).slice(10));
		expect(ulid(1_795_168_800_001, entropy).slice(10)).toBe(id.slice(10));
	});

	it('keeps times outside what 48 bits hold inside the ULID range', () => {
		expect(ulid(-5, entropy).slice(0, 10)).toBe('0000000000');
		expect(ulid(Number.MAX_SAFE_INTEGER, entropy).slice(0, 10)).toBe('7ZZZZZZZZZ');
	});
});
