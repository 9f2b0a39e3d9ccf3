import { backoffDelayMs, parseRetryAfter } from '../../nodes/shared/transport/backoff';

describe('Retry-After parsing', () => {
	const now = Date.parse('2026-11-23T12:00:00Z');
	it('reads seconds and HTTP dates', () => {
		expect(parseRetryAfter('3', now)).toBe(3000);
		expect(parseRetryAfter('0.5', now)).toBe(500);
		expect(parseRetryAfter('Mon, 23 Nov 2026 12:00:10 GMT', now)).toBe(10_000);
		expect(parseRetryAfter(['2'], now)).toBe(2000);
	});
	it('treats past dates as "now" and ignores junk', () => {
		expect(parseRetryAfter('Mon, 23 Nov 2026 11:00:00 GMT', now)).toBe(0);
		expect(parseRetryAfter('soon', now)).toBeUndefined();
		expect(parseRetryAfter(undefined, now)).toBeUndefined();
	});
});

describe('exponential backoff with jitter', () => {
	const policy = { baseDelayMs: 500, maxDelayMs: 8000 };
	it('doubles the ceiling per retry and stays between half and all of it', () => {
		expect(backoffDelayMs(1, policy, () => 0)).toBe(250);
		expect(backoffDelayMs(1, policy, () => 0.999)).toBe(500);
		expect(backoffDelayMs(3, policy, () => 0)).toBe(1000);
		expect(backoffDelayMs(3, policy, () => 0.999)).toBe(1999);
	});
	it('never exceeds the maximum', () => {
		expect(backoffDelayMs(20, policy, () => 0.999)).toBeLessThanOrEqual(8000);
	});
});
