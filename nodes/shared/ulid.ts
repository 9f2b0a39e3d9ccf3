import { randomBytes } from 'crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32, as the ULID spec

/**
 * A ULID: 48-bit millisecond time + 80 random bits, 26 characters, sortable by time. Customer.io
 * drops a second event with the same `id`, so one id per item makes retries harmless.
 */
export function ulid(nowMs: number = Date.now()): string {
	let time = '';
	let t = nowMs;
	for (let i = 0; i < 10; i++) {
		time = ALPHABET[t % 32] + time;
		t = Math.floor(t / 32);
	}
	const bytes = randomBytes(10);
	let random = '';
	// 80 bits → 16 characters of 5 bits each.
	let buffer = 0;
	let bits = 0;
	for (const byte of bytes) {
		buffer = (buffer << 8) | byte;
		bits += 8;
		while (bits >= 5) {
			bits -= 5;
			random += ALPHABET[(buffer >> bits) & 31];
		}
		buffer &= (1 << bits) - 1;
	}
	return time + random;
}
