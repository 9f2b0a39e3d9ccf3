import { randomBytes } from 'crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32, as the ULID spec
const MAX_TIME_MS = 2 ** 48 - 1;

/**
 * A ULID: 48-bit millisecond time + 80 bits, 26 characters, sortable by time. Customer.io
 * drops a second event with the same `id`. The 80 bits are random here, or the first 10 bytes
 * of `entropy` (a hash) when the same input must give the same id again.
 */
export function ulid(nowMs: number = Date.now(), entropy: Uint8Array = randomBytes(10)): string {
	let time = '';
	let t = Math.min(MAX_TIME_MS, Math.max(0, Math.floor(nowMs)));
	for (let i = 0; i < 10; i++) {
		time = ALPHABET[t % 32] + time;
		t = Math.floor(t / 32);
	}
	let random = '';
	// 80 bits → 16 characters of 5 bits each.
	let buffer = 0;
	let bits = 0;
	for (const byte of entropy.subarray(0, 10)) {
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
