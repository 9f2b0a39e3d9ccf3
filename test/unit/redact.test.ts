import { Redactor } from '../../nodes/shared/transport/redact';

/** One helper hides every form of the credential's secrets, in every text the transport hands on. */
const credentials = { siteId: 'site-1234', trackApiKey: 'track+key/9=', appApiKey: 'app-key-5678', signingKey: 'sign-key-0000' };
const redactor = Redactor.forCredentials(credentials);
const pair = `${credentials.siteId}:${credentials.trackApiKey}`;
const base64 = Buffer.from(pair).toString('base64');

describe('Redactor', () => {
	it.each([
		['the raw site ID and keys', `${credentials.siteId} ${credentials.trackApiKey} ${credentials.appApiKey} ${credentials.signingKey}`],
		['the Track Basic header', `Authorization: Basic ${base64}`],
		['base64 of the pair without padding, and base64url', `${base64.replace(/=+$/, '')} ${Buffer.from(pair).toString('base64url')}`],
		['the App Bearer header', `Bearer ${credentials.appApiKey}`],
		['URL-encoded forms, either case', `${encodeURIComponent(credentials.trackApiKey)} ${encodeURIComponent(base64).toLowerCase()} ${encodeURIComponent(pair)}`],
		['a key in upper case (a host name, a shouting proxy)', credentials.appApiKey.toUpperCase()],
	])('hides %s', (_label, text) => {
		const clean = redactor.text(text);
		for (const secret of [credentials.siteId, credentials.trackApiKey, credentials.appApiKey, credentials.signingKey, base64, 'track%2Bkey']) {
			expect(clean.toLowerCase()).not.toContain(secret.toLowerCase());
		}
		expect(clean).toContain('[redacted]');
	});

	it('walks JSON answers, keys included, without touching other values', () => {
		const body = JSON.parse(`{"meta":{"errors":["bad ${credentials.appApiKey}"]},"${credentials.trackApiKey}":1,"__proto__":{"n":2},"ok":[true,3,null]}`) as object;
		const clean = redactor.deep(body) as Record<string, unknown>;
		expect(clean).toEqual({ meta: { errors: ['bad [redacted]'] }, '[redacted]': 1, ok: [true, 3, null], ['__proto__']: { n: 2 } });
		expect(Object.getPrototypeOf(clean)).toBe(Object.prototype);
	});

	it('leaves values under 4 characters alone (they would mangle ordinary text) and cuts off absurd nesting', () => {
		expect(Redactor.forCredentials({ appApiKey: 'abc' }).text('abc abc')).toBe('abc abc');
		let deep: unknown = 'leaf';
		for (let i = 0; i < 100; i++) deep = [deep];
		expect(JSON.stringify(redactor.deep(deep))).toContain('[too deeply nested]');
	});
});
