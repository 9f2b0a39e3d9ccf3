import { createHmac, timingSafeEqual } from 'crypto';

/**
 * Customer.io's `v0` signature: lowercase hex HMAC-SHA256(key, "v0:" + timestamp + ":" + rawBody).
 * Used by reporting webhooks (and offered for Webhook Actions). Always computed over the exact
 * raw bytes received: re-serialized JSON would change key order or spacing and never match.
 */
export function signV0(signingKey: string, timestamp: string | number, rawBody: Buffer | string): string {
	const hmac = createHmac('sha256', signingKey);
	hmac.update(`v0:${timestamp}:`);
	hmac.update(rawBody);
	return hmac.digest('hex');
}

export type SignatureCheck =
	| { ok: true }
	| { ok: false; reason: 'missing-headers' | 'malformed-timestamp' | 'malformed-signature' | 'stale' | 'mismatch' };

/**
 * Checks `x-cio-timestamp` / `x-cio-signature` for a raw body. The timestamp must be within
 * `toleranceSeconds` of `nowSeconds` in either direction (a replayed or pre-dated call fails),
 * and the signature is compared in constant time. A tolerance that is not a finite number
 * counts every timestamp as stale.
 */
export function verifyV0(input: {
	signingKey: string;
	timestamp: string | undefined;
	signature: string | undefined;
	rawBody: Buffer | string;
	nowSeconds: number;
	toleranceSeconds: number;
}): SignatureCheck {
	const { timestamp, signature } = input;
	if (!timestamp || !signature) return { ok: false, reason: 'missing-headers' };
	if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'malformed-timestamp' };
	// Customer.io sends lowercase hex; anything else was not made by it.
	if (!/^[0-9a-f]{64}$/.test(signature)) return { ok: false, reason: 'malformed-signature' };
	// Written to fail closed: a NaN, negative or infinite tolerance rejects instead of skipping the check.
	const age = Math.abs(input.nowSeconds - Number(timestamp));
	if (!Number.isFinite(input.toleranceSeconds) || !(age <= input.toleranceSeconds)) {
		return { ok: false, reason: 'stale' };
	}
	// Anyone can sign with an empty key: never accept one, whatever the caller passed.
	if (!input.signingKey) return { ok: false, reason: 'mismatch' };
	const expected = Buffer.from(signV0(input.signingKey, timestamp, input.rawBody), 'hex');
	const given = Buffer.from(signature, 'hex');
	return timingSafeEqual(expected, given) ? { ok: true } : { ok: false, reason: 'mismatch' };
}
