import { signV0, verifyV0 } from '../../nodes/shared/signature';

// The known-good vector from Customer.io's docs (customerio-contract.md): exact bytes matter.
const KEY = 'test_signing_key';
const TIMESTAMP = '1613063089';
const BODY =
	'{"data":{"customer_id":"42","email_address":"test@example.com","identifiers":{"id":"42","email":"test@example.com","cio_id":"d9c106000001"}},"event_id":"01E4C4CT6YDC7Y5M7FE1GWWPQJ","object_type":"customer","metric":"subscribed","timestamp":1613063089}';
const SIGNATURE = '19d034bc32f3e1d68c46ff94af33b27ac056d5c3c2543338624381cf194909ae';

const check = (overrides: Partial<Parameters<typeof verifyV0>[0]> = {}) =>
	verifyV0({
		signingKey: KEY,
		timestamp: TIMESTAMP,
		signature: SIGNATURE,
		rawBody: Buffer.from(BODY),
		nowSeconds: 1613063089 + 10,
		toleranceSeconds: 300,
		...overrides,
	});

describe('Customer.io v0 webhook signature', () => {
	it('reproduces the documented test vector', () => {
		expect(signV0(KEY, TIMESTAMP, BODY)).toBe(SIGNATURE);
		expect(signV0(KEY, Number(TIMESTAMP), Buffer.from(BODY))).toBe(SIGNATURE);
	});

	it('accepts the documented request', () => {
		expect(check()).toEqual({ ok: true });
	});

	it('accepts only the lowercase hex Customer.io sends', () => {
		expect(check({ signature: SIGNATURE.toUpperCase() })).toEqual({ ok: false, reason: 'malformed-signature' });
	});

	it('rejects a one-byte change anywhere in the body', () => {
		const tampered = Buffer.from(BODY);
		tampered[BODY.indexOf('42')] = '3'.charCodeAt(0);
		expect(check({ rawBody: tampered })).toEqual({ ok: false, reason: 'mismatch' });
	});

	it('rejects re-serialized JSON (same data, other bytes)', () => {
		const reserialized = JSON.stringify(JSON.parse(BODY), null, 1);
		expect(check({ rawBody: reserialized })).toEqual({ ok: false, reason: 'mismatch' });
	});

	it('rejects a different key, timestamp or signature', () => {
		expect(check({ signingKey: 'test_signing_kez' })).toEqual({ ok: false, reason: 'mismatch' });
		expect(check({ timestamp: '1613063090' })).toEqual({ ok: false, reason: 'mismatch' });
		expect(check({ signature: `${SIGNATURE.slice(0, 63)}f` })).toEqual({ ok: false, reason: 'mismatch' });
	});

	it('rejects missing or malformed headers before computing anything', () => {
		expect(check({ signature: undefined })).toEqual({ ok: false, reason: 'missing-headers' });
		expect(check({ timestamp: '' })).toEqual({ ok: false, reason: 'missing-headers' });
		expect(check({ timestamp: '16130630x9' })).toEqual({ ok: false, reason: 'malformed-timestamp' });
		expect(check({ signature: 'abc' })).toEqual({ ok: false, reason: 'malformed-signature' });
	});

	it('rejects timestamps outside the tolerance, past and future', () => {
		expect(check({ nowSeconds: 1613063089 + 301 })).toEqual({ ok: false, reason: 'stale' });
		expect(check({ nowSeconds: 1613063089 - 301 })).toEqual({ ok: false, reason: 'stale' });
		expect(check({ nowSeconds: 1613063089 + 300 })).toEqual({ ok: true });
	});

	it('fails closed when the tolerance is not a finite number: NaN used to switch the window off', () => {
		const in2026 = 1_795_000_000;
		for (const toleranceSeconds of [NaN, Infinity, -1]) {
			expect([check({ toleranceSeconds }), check({ toleranceSeconds, nowSeconds: in2026 })]).toEqual([
				{ ok: false, reason: 'stale' },
				{ ok: false, reason: 'stale' },
			]);
		}
	});

	it('never accepts an empty signing key, even for a signature made with it', () => {
		expect(check({ signingKey: '', signature: signV0('', TIMESTAMP, BODY) })).toEqual({ ok: false, reason: 'mismatch' });
	});
});
