import { NodeHelpers, type INodeProperties } from 'n8n-workflow';
import { hookContext, webhookContext } from '../../unit/trigger/contexts';
import { envelope, LIFECYCLE, signedHeaders, trigger } from './harness';

/**
 * Secrets live only in credentials. Version 1 of the trigger had a "Signing Key (Override)"
 * node parameter: n8n returns node parameters through its workflow APIs and stores them in
 * every execution. Version 1.1 has no such parameter; a version-1 workflow that still carries
 * a key is refused (activation and requests) with directions, never silently accepted.
 */
const OLD_KEY = 'whsec-second-webhook-9876543210';
const credentials = { customerIoLifecycleApi: LIFECYCLE };
const { description } = trigger;

describe('a key left in the removed Signing Key (Override) option', () => {
	const refusal = {
		message: 'The Signing Key (Override) option is no longer supported: signing keys live only in credentials',
		description: expect.stringMatching(/Create a "Customer\.io Reporting Webhook Signing API" credential .* delete Options → Signing Key \(Override\)/),
	};

	it.each([
		['verification on', {}],
		['verification off', { verifySignature: false }],
	])('with %s: activation fails saying where the key goes now, without repeating it', async (_label, parameters) => {
		const ctx = hookContext({ parameters: { ...parameters, options: { signingKey: OLD_KEY } }, credentials });
		const error = await trigger.webhookMethods.default.checkExists.call(ctx).catch((e: Error & { description?: string }) => e);
		expect(error).toMatchObject(refusal);
		expect(JSON.stringify([(error as Error).message, (error as { description?: string }).description])).not.toContain(OLD_KEY);
	});

	it('a request signed with that key, or unsigned with verification off, starts nothing', async () => {
		const raw = envelope();
		for (const [parameters, headers] of [
			[{ options: { signingKey: OLD_KEY } }, signedHeaders(raw, OLD_KEY)],
			[{ verifySignature: false, options: { signingKey: OLD_KEY } }, {}],
		] as const) {
			const { ctx } = webhookContext({ rawBody: raw, headers }, { parameters, credentials });
			await expect(trigger.webhook.call(ctx)).rejects.toMatchObject(refusal);
		}
	});
});

describe('node parameters hold no secret', () => {
	const stored = (typeVersion: number) =>
		NodeHelpers.getNodeParameters(description.properties, { options: { signingKey: OLD_KEY, toleranceSeconds: 60 } }, false, false, { typeVersion }, description);

	it('new triggers are version 1.1, for which n8n drops a signing key from the saved parameters', () => {
		expect(description.defaultVersion).toBe(1.1);
		expect(stored(1.1)?.options).toEqual({ toleranceSeconds: 60 });
		// Version 1 keeps the value only so the trigger can see and refuse it.
		expect(stored(1)?.options).toEqual({ signingKey: OLD_KEY, toleranceSeconds: 60 });
	});

	it('no parameter of version 1.1 is a password field', () => {
		const all = (properties: INodeProperties[]): INodeProperties[] =>
			properties.flatMap((p) => [p, ...all((p.options ?? []).filter((o): o is INodeProperties => 'type' in o))]);
		const shownIn11 = (p: INodeProperties) => p.displayOptions?.show?.['@version']?.includes(1.1) ?? true;
		expect(all(description.properties).filter((p) => p.typeOptions?.password && shownIn11(p)).map((p) => p.name)).toEqual([]);
	});
});
