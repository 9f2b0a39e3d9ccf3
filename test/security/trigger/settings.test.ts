import { NOW, run, settings, signed } from '../../unit/trigger/requests';
import { hookContext, webhookContext } from '../../unit/trigger/contexts';
import { envelope, LIFECYCLE, SIGNING_KEY, signedHeaders, trigger } from './harness';

/**
 * Every setting that is not a usable value fails closed with an error that names the setting,
 * at activation and on each request; none of them weakens a check. A Timestamp Tolerance of
 * NaN (e.g. from an expression) used to switch replay protection off: a 2001 timestamp passed.
 */
const YEAR_2001 = 978_307_200;
const credentials = { customerIoLifecycleApi: LIFECYCLE };
const activate = (parameters: Record<string, unknown>) => trigger.webhookMethods.default.checkExists.call(hookContext({ parameters, credentials }));

describe('Timestamp Tolerance', () => {
	const TOLERANCE_ERROR = 'Timestamp Tolerance must be a number of seconds from 30 to 3600';

	it.each([
		['NaN', NaN],
		['Infinity', Infinity],
		['-Infinity', -Infinity],
		['negative', -300],
		['zero', 0],
		['below the minimum', 29.9],
		['above the maximum', 3600.1],
		['text from an expression', '300'],
		['empty text', ''],
		['null', null],
		['an object', {}],
	])('%s: activation fails naming the setting, and a request from 2001 starts nothing', async (_label, toleranceSeconds) => {
		const parameters = { options: { toleranceSeconds } };
		await expect(activate(parameters)).rejects.toMatchObject({
			message: TOLERANCE_ERROR,
			description: expect.stringContaining('Set Options → Timestamp Tolerance (Seconds) to a number from 30 to 3600'),
		});
		const raw = envelope('{}', YEAR_2001);
		const { ctx } = webhookContext({ rawBody: raw, headers: signedHeaders(raw, SIGNING_KEY, YEAR_2001) }, { parameters, credentials });
		await expect(trigger.webhook.call(ctx)).rejects.toThrow(TOLERANCE_ERROR);
	});

	it('accepts 30 to 3600 seconds (300 when unset), from a number only', async () => {
		for (const toleranceSeconds of [30, 3600, 299.5, undefined]) await expect(activate({ options: { toleranceSeconds } })).resolves.toBe(true);
		await expect(activate({ options: { toleranceSeconds: '3600' } })).rejects.toThrow('Timestamp Tolerance');
	});

	it('decide() treats a tolerance that is not a finite number as "every timestamp is stale"', () => {
		const stale = { kind: 'reject', status: 401, error: 'Rejected: x-cio-timestamp is outside the accepted window (replayed or clock skew)' };
		const raw = envelope('{}', YEAR_2001);
		for (const toleranceSeconds of [NaN, Infinity, -300]) {
			expect([run(signed(raw, YEAR_2001), settings({ toleranceSeconds })), run(signed(raw, NOW), settings({ toleranceSeconds }))]).toEqual([stale, stale]);
		}
	});
});

describe('on/off settings', () => {
	it.each([
		['Verify Signature', { verifySignature: 'false' }],
		['Verify Signature', { verifySignature: 'true' }],
		['Verify Signature', { verifySignature: 0 }],
		['Verify Signature', { verifySignature: null }],
		['Register Webhook in Customer.io', { registerWebhook: 'true' }],
		['Register Webhook in Customer.io', { registerWebhook: 1 }],
	])('%s must be a boolean: %j fails activation instead of being guessed', async (label, parameters) => {
		await expect(activate(parameters)).rejects.toMatchObject({
			message: `${label} must be true or false`,
			description: expect.stringContaining('An expression there must produce a boolean'),
		});
	});

	it.each([
		['Only Unique Opens and Clicks', { uniqueOnly: 'false' }],
		['Include Message Content', { withContent: 'true' }],
	])('%s must be a boolean before a webhook is registered with it', async (label, options) => {
		// Nothing listens on port 9: a request that went out would fail differently.
		const offline = { ...LIFECYCLE, region: 'custom', trackBaseUrl: 'http://127.0.0.1:9/track', appBaseUrl: 'http://127.0.0.1:9/app', customRegion: 'us' };
		const ctx = hookContext({ parameters: { registerWebhook: true, options }, credentials: { customerIoLifecycleApi: offline } });
		await expect(trigger.webhookMethods.default.create.call(ctx)).rejects.toThrow(`${label} must be true or false`);
	});
});

describe('Signing Key From', () => {
	it.each([['another word', 'signingKeyOverride'], ['a number', 2]])('%s fails activation instead of falling back to some key', async (_label, signingKeyFrom) => {
		await expect(activate({ signingKeyFrom })).rejects.toThrow('Signing Key From must be "Lifecycle Credential" or "Signing Key Credential"');
	});
});
