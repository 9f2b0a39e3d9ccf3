import type { IDataObject } from 'n8n-workflow';
import { CustomerIoLifecycleTrigger } from '../../../nodes/CustomerIoLifecycleTrigger/CustomerIoLifecycleTrigger.node';
import { CustomerIoReportingTrigger } from '../../../nodes/CustomerIoReportingTrigger/CustomerIoReportingTrigger.node';
import { ALL_EVENTS, EVENT_OPTIONS } from '../../../nodes/CustomerIoReportingTrigger/events';
import { appProblems } from '../../helpers/officialApp';
import { CustomerIoSimulator, makeReportingEvent, signedHeaders, type Workspace } from '../../simulator';
import { hookContext as triggerHookContext, TRIGGER_URL as URL, webhookContext as triggerWebhookContext } from './contexts';
import { OFFICIAL_EVENTS } from './officialSpec';

/**
 * The trigger node's n8n entry points: webhook() answering each request, and the webhook
 * methods that register the reporting webhook in Customer.io (against the simulator).
 */
const sim = new CustomerIoSimulator();
let ws: Workspace;
const trigger = new CustomerIoLifecycleTrigger();

beforeAll(async () => {
	await sim.start(0);
	ws = sim.addWorkspace({ name: 'acme', region: 'us' });
});
afterAll(() => sim.stop());

function hookContext(parameters: Record<string, unknown>, staticData: IDataObject, mode = 'trigger', credentials = sim.credentialFor(ws)) {
	return triggerHookContext({ parameters, staticData, mode, credentials: { customerIoLifecycleApi: credentials } });
}

function webhookContext(rawBody: string, headers: Record<string, string>, parameters: Record<string, unknown> = {}, signing?: string) {
	const credentials = { customerIoLifecycleApi: sim.credentialFor(ws), ...(signing ? { customerIoReportingSigningApi: { signingKey: signing } } : {}) };
	return triggerWebhookContext({ rawBody, headers }, { parameters, credentials });
}

describe('webhook()', () => {
	const event = makeReportingEvent('email', 'opened');
	const raw = JSON.stringify(event);

	it('starts the workflow with one item for a signed event', async () => {
		const { ctx } = webhookContext(raw, signedHeaders(ws.signingKey, raw));
		const result = await trigger.webhook.call(ctx);
		expect(result.workflowData?.[0]).toEqual([{ json: expect.objectContaining({ event_id: event.event_id, event: 'email_opened' }) }]);
	});

	it('answers 401 itself and starts nothing for a bad signature', async () => {
		const { ctx, answer } = webhookContext(raw, signedHeaders('wrong', raw));
		expect(await trigger.webhook.call(ctx)).toEqual({ noWebhookResponse: true });
		expect(answer).toEqual({ status: 401, body: { error: 'Rejected: signature does not match the signing key' } });
	});

	it('starts the workflow for a subscription change made from an email, chosen as Customer Subscription Preferences Changed', async () => {
		const change = JSON.stringify(makeReportingEvent('email', 'cio_subscription_preferences_changed'));
		const { ctx } = webhookContext(change, signedHeaders(ws.signingKey, change), { events: ['customer_subscription_preferences_changed'] });
		const result = await trigger.webhook.call(ctx);
		expect(result.workflowData?.[0]).toEqual([{ json: expect.objectContaining({ event: 'email_cio_subscription_preferences_changed', channel: 'email' }) }]);
	});

	it('answers 200 without starting the workflow for a filtered-out event', async () => {
		const { ctx } = webhookContext(raw, signedHeaders(ws.signingKey, raw), { events: ['email_bounced'] });
		expect(await trigger.webhook.call(ctx)).toEqual({ webhookResponse: { received: true, ignored: 'filtered out by events' } });
	});

	it('verifies with a Signing Key credential when Signing Key From says so (a second webhook of the workspace)', async () => {
		const parameters = { signingKeyFrom: 'signingCredential' };
		const { ctx } = webhookContext(raw, signedHeaders('second-webhook-key', raw), parameters, 'second-webhook-key');
		expect((await trigger.webhook.call(ctx)).workflowData).toHaveLength(1);
		const lifecycleSigned = webhookContext(raw, signedHeaders(ws.signingKey, raw), parameters, 'second-webhook-key');
		expect(await trigger.webhook.call(lifecycleSigned.ctx)).toEqual({ noWebhookResponse: true });
		expect(lifecycleSigned.answer.status).toBe(401);
	});
});

describe('webhook registration', () => {
	const methods = trigger.webhookMethods.default;
	// Every request registration sends is one Customer.io's official App schema takes.
	afterEach(() => expect(sim.requests.filter((r) => r.api === 'app').flatMap((r) => appProblems(r.method, r.path, { query: r.query, body: r.body }))).toEqual([]));
	it('creates the webhook with the chosen events, finds it again, and deletes only it', async () => {
		const stored: IDataObject = {};
		const ctx = hookContext({ registerWebhook: true, events: ['email_bounced'], options: { uniqueOnly: true } }, stored);
		expect(await methods.checkExists.call(ctx)).toBe(false);
		expect(await methods.create.call(ctx)).toBe(true);
		const [created] = sim.reportingWebhooks('acme');
		expect(created).toMatchObject({ name: 'n8n: Acme bounces', endpoint: URL, events: ['email_bounced'], full_resolution: false, with_content: false });
		expect(stored).toEqual({ webhookId: created.id, endpoint: URL });
		expect(await methods.checkExists.call(ctx)).toBe(true);
		expect(await methods.delete.call(ctx)).toBe(true);
		expect(sim.reportingWebhooks('acme')).toHaveLength(0);
		expect(stored).toEqual({});
	});

	it('subscribes to every event when none is selected, under the official names only (the simulator refuses others with 400)', async () => {
		const stored: IDataObject = {};
		const ctx = hookContext({ registerWebhook: true, events: [] }, stored);
		await methods.create.call(ctx);
		expect(sim.reportingWebhooks('acme')[0].events).toEqual(OFFICIAL_EVENTS);
		await methods.delete.call(ctx);
	});

	it('registers a workflow saved with the old subscription-preferences value under the name Customer.io knows', async () => {
		const stored: IDataObject = {};
		const ctx = hookContext({ registerWebhook: true, events: ['customer_cio_subscription_preferences_changed', 'email_bounced'] }, stored);
		await methods.create.call(ctx);
		expect(sim.reportingWebhooks('acme')[0].events).toEqual(['customer_subscription_preferences_changed', 'email_bounced']);
		await methods.delete.call(ctx);
	});

	it('fails activation, registering nothing, when no chosen event can be registered', async () => {
		sim.clearRequests();
		const ctx = hookContext({ registerWebhook: true, events: ['slack_undeliverable'] }, {});
		await expect(methods.create.call(ctx)).rejects.toThrow('None of the chosen Events can be registered in Customer.io');
		expect(sim.requests).toHaveLength(0);
	});

	it('recreates a webhook that was deleted in Customer.io meanwhile', async () => {
		const stored: IDataObject = { webhookId: 999, endpoint: URL };
		expect(await methods.checkExists.call(hookContext({ registerWebhook: true }, stored))).toBe(false);
		expect(stored).toEqual({});
	});

	it('registers nothing while listening for a test event, or when registration is off', async () => {
		sim.clearRequests();
		for (const ctx of [hookContext({ registerWebhook: true }, {}, 'manual'), hookContext({ registerWebhook: false }, {})]) {
			expect(await methods.checkExists.call(ctx)).toBe(true);
			expect(await methods.create.call(ctx)).toBe(true);
		}
		expect(sim.requests).toHaveLength(0);
	});

	it('fails activation without a signing key, unless verification is off', async () => {
		const keyless = { ...sim.credentialFor(ws), signingKey: '' };
		await expect(methods.checkExists.call(hookContext({}, {}, 'trigger', keyless))).rejects.toThrow(
			'No signing key to verify Customer.io reporting webhooks',
		);
		expect(await methods.checkExists.call(hookContext({ verifySignature: false }, {}, 'trigger', keyless))).toBe(true);
	});
});

describe('Signing Key credential', () => {
	const test = trigger.methods.credentialTest.customerIoReportingSigningApiTest;
	const run = (signingKey: string) => test.call({} as never, { id: 'c', name: 'Second webhook', type: 'customerIoReportingSigningApi', data: { signingKey } });

	it('has its own test in the credential modal, which never repeats the key', async () => {
		expect(await run('  9f86d081884c7d659a2feaa0c55ad015  ')).toMatchObject({ status: 'OK' });
		expect(await run('')).toEqual({ status: 'Error', message: "Paste the reporting webhook's Signing Key" });
		const pasted = await run('9f86d081 884c7d65');
		expect(pasted).toEqual({ status: 'Error', message: 'The key contains spaces or line breaks: paste only the Signing Key' });
	});

	it('fails activation when the chosen Signing Key credential is empty', async () => {
		const ctx = triggerHookContext({
			parameters: { signingKeyFrom: 'signingCredential' },
			credentials: { customerIoLifecycleApi: sim.credentialFor(ws), customerIoReportingSigningApi: { signingKey: ' ' } },
		});
		await expect(trigger.webhookMethods.default.checkExists.call(ctx)).rejects.toMatchObject({
			message: 'No signing key to verify Customer.io reporting webhooks',
			description: expect.stringContaining('into the selected Signing Key credential'),
		});
	});
});

describe('events catalog', () => {
	it('offers each event as its own node-creator action ("On email opened")', () => {
		const opened = EVENT_OPTIONS.find((o) => o.value === 'email_opened');
		expect(opened).toMatchObject({ name: 'Email Opened', action: 'On email opened' });
		expect(EVENT_OPTIONS.find((o) => o.value === 'customer_subscription_preferences_changed')).toMatchObject({
			name: 'Customer Subscription Preferences Changed',
			action: 'On customer subscription preferences changed',
		});
		expect(EVENT_OPTIONS).toHaveLength(ALL_EVENTS.length);
	});
});

describe('node types', () => {
	it('is named after the action node plus "Trigger", which is how n8n lists its events under "Customer.io Lifecycle"', () => {
		expect(trigger.description).toMatchObject({ name: 'customerIoLifecycleTrigger', displayName: 'Customer.io Reporting Trigger', group: ['trigger'] });
		// n8n's node creator turns the Events options into "On …" triggers only when the display name contains "Trigger".
		expect(trigger.description.properties.find((p) => p.displayName === 'Events')?.options).toEqual(EVENT_OPTIONS);
		expect(trigger.description.hidden).toBeUndefined();
	});

	it('keeps the first type name, customerIoReportingTrigger, as the same trigger hidden from the node creator', () => {
		const legacy = new CustomerIoReportingTrigger();
		const { name, hidden, ...rest } = legacy.description;
		const { name: currentName, ...current } = trigger.description;
		expect({ name, hidden, currentName }).toEqual({ name: 'customerIoReportingTrigger', hidden: true, currentName: 'customerIoLifecycleTrigger' });
		// Same parameters, versions, credentials and webhook, and the same code: saved workflows open, activate and run as before.
		expect(rest).toEqual(current);
		expect(legacy).toBeInstanceOf(CustomerIoLifecycleTrigger);
		expect(legacy.webhook).toBe(trigger.webhook);
	});
});
