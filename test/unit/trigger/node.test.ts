import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { CustomerIoReportingTrigger } from '../../../nodes/CustomerIoReportingTrigger/CustomerIoReportingTrigger.node';
import { ALL_EVENTS, EVENT_OPTIONS } from '../../../nodes/CustomerIoReportingTrigger/events';
import { fakeExecuteContext } from '../../helpers/fakeExecuteContext';
import { fakeResponse } from '../../helpers/fakeResponse';
import { CustomerIoSimulator, makeReportingEvent, signedHeaders, type Workspace } from '../../simulator';

/**
 * The trigger node's n8n entry points: webhook() answering each request, and the webhook
 * methods that register the reporting webhook in Customer.io (against the simulator).
 */
const sim = new CustomerIoSimulator();
let ws: Workspace;
const trigger = new CustomerIoReportingTrigger();
const URL = 'https://n8n.example.com/webhook/abc/customerio-reporting';

beforeAll(async () => {
	await sim.start(0);
	ws = sim.addWorkspace({ name: 'acme', region: 'us' });
});
afterAll(() => sim.stop());

function hookContext(parameters: Record<string, unknown>, staticData: IDataObject, mode = 'trigger', credentials = sim.credentialFor(ws)) {
	return fakeExecuteContext({
		credentials,
		parameters,
		itemless: true,
		extra: {
			getMode: () => mode,
			getWorkflowStaticData: () => staticData,
			getNodeWebhookUrl: () => URL,
			getWorkflow: () => ({ id: 'wf1', name: 'Acme bounces', active: true }),
		},
	}) as unknown as IHookFunctions;
}

function webhookContext(rawBody: string, headers: Record<string, string>, parameters: Record<string, unknown> = {}) {
	const { answer, response } = fakeResponse();
	const ctx = fakeExecuteContext({
		credentials: sim.credentialFor(ws),
		parameters,
		itemless: true,
		extra: {
			getRequestObject: () => ({ rawBody: Buffer.from(rawBody), headers, readRawBody: async () => {} }),
			getResponseObject: () => response,
		},
	}) as unknown as IWebhookFunctions;
	return { ctx, answer };
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

	it('answers 200 without starting the workflow for a filtered-out event', async () => {
		const { ctx } = webhookContext(raw, signedHeaders(ws.signingKey, raw), { events: ['email_bounced'] });
		expect(await trigger.webhook.call(ctx)).toEqual({ webhookResponse: { received: true, ignored: 'filtered out by events' } });
	});

	it('uses the node\'s signing-key override when set', async () => {
		const { ctx } = webhookContext(raw, signedHeaders('second-webhook-key', raw), { options: { signingKey: 'second-webhook-key' } });
		expect((await trigger.webhook.call(ctx)).workflowData).toHaveLength(1);
	});
});

describe('webhook registration', () => {
	const methods = trigger.webhookMethods.default;
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

	it('subscribes to every event when none is selected', async () => {
		const stored: IDataObject = {};
		const ctx = hookContext({ registerWebhook: true, events: [] }, stored);
		await methods.create.call(ctx);
		expect(sim.reportingWebhooks('acme')[0].events).toEqual(ALL_EVENTS);
		await methods.delete.call(ctx);
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

describe('events catalog', () => {
	it('offers each event as its own node-creator action ("On email opened")', () => {
		const opened = EVENT_OPTIONS.find((o) => o.value === 'email_opened');
		expect(opened).toMatchObject({ name: 'Email Opened', action: 'On email opened' });
		expect(EVENT_OPTIONS.find((o) => o.value === 'customer_cio_subscription_preferences_changed')?.action).toBe(
			'On customer subscription preferences changed',
		);
		expect(EVENT_OPTIONS).toHaveLength(ALL_EVENTS.length);
	});
});
