import type { ILoadOptionsFunctions } from 'n8n-workflow';
import { searchReportingWebhooks } from '../../../nodes/CustomerIo/methods/listSearch';
import { fakeExecuteContext } from '../../helpers/fakeExecuteContext';
import { runNode, runNodeError } from '../../helpers/runNode';
import { simulatorPerFile } from '../../helpers/simulatorPerFile';

/**
 * Reporting Webhook → Get Many / Get / Create / Update / Enable / Disable / Delete against the
 * simulator, which answers as the official App OpenAPI says: create and update (PUT) both
 * require name, endpoint and events, and a PUT replaces the whole webhook — so Update, Enable
 * and Disable read the webhook first and send back what the user did not change. Endpoint query
 * values and any secret-looking field never reach the output.
 */
const { sim, ws } = simulatorPerFile();

const run = (parameters: Record<string, unknown>, items?: Array<Record<string, unknown>>, more: Record<string, unknown> = {}) =>
	runNode({ credentials: sim.credentialFor(ws), items, parameters: { includeInputFields: false, resource: 'reportingWebhook', ...parameters }, ...more });
const fails = (parameters: Record<string, unknown>) =>
	runNodeError({ credentials: sim.credentialFor(ws), parameters: { resource: 'reportingWebhook', ...parameters } });
const calls = () => sim.requests.map((r) => `${r.method} ${r.path}`);
const stored = (id: unknown) => sim.reportingWebhooks(ws.name).find((w) => w.id === id);
const seed = (name: string, more: Record<string, unknown> = {}) =>
	sim.seedReportingWebhook(ws.name, { name, endpoint: `https://hooks.example.com/${name}`, events: ['email_opened', 'email_clicked'], ...more });
const byId = (id: number) => ({ __rl: true, mode: 'id', value: String(id) });

describe('Reporting Webhook → Get Many / Get', () => {
	it('lists the webhooks, one item each, the endpoint\'s query values hidden; Limit cuts the list', async () => {
		const warehouse = seed('warehouse', { endpoint: 'https://hooks.example.com/in?token=s3cr3t&source=cio' });
		const all = await run({ operation: 'getMany', returnAll: true });
		expect(calls()).toEqual(['GET /v1/reporting_webhooks']);
		const item = all.find((o) => o.json.id === warehouse.id);
		expect(item).toEqual({
			json: expect.objectContaining({ name: 'warehouse', type: 'webhook', endpoint: 'https://hooks.example.com/in?token=[redacted]&source=[redacted]', events: ['email_opened', 'email_clicked'] }),
			pairedItem: { item: 0 },
		});
		expect(JSON.stringify(all)).not.toContain('s3cr3t');
		seed('second');
		expect(await run({ operation: 'getMany', returnAll: false, limit: 1 })).toHaveLength(1);
	});

	it.each([
		['From List', (id: number) => ({ __rl: true, mode: 'list', value: String(id) })],
		['By ID', byId],
		['By URL (the API address)', (id: number) => ({ __rl: true, mode: 'url', value: `https://api.customer.io/v1/reporting_webhooks/${id}` })],
		['as a plain number from an expression', (id: number) => id],
	])('gets one webhook picked %s', async (_how, locator) => {
		const webhook = seed('one');
		const [output] = await run({ operation: 'get', webhookId: locator(webhook.id) });
		expect(calls()).toEqual([`GET /v1/reporting_webhooks/${webhook.id}`]);
		expect(output.json).toMatchObject({ id: webhook.id, name: 'one', endpoint: 'https://hooks.example.com/one', disabled: false });
	});

	it('fails with Customer.io\'s 404 for a webhook that does not exist', async () => {
		const error = await fails({ operation: 'get', webhookId: byId(9999) });
		expect(error.message).toMatch(/404/);
		expect(error.message).toContain('The webhook ID does not exist.');
	});

	it('outputs no field that looks like a secret, should Customer.io ever answer one', async () => {
		const webhook = seed('keyed');
		Object.assign(webhook, { signing_secret: 'whsec-live-123', api_key: 'k-456' });
		const [output] = await run({ operation: 'get', webhookId: byId(webhook.id) });
		expect(output.json).not.toHaveProperty('signing_secret');
		expect(output.json).not.toHaveProperty('api_key');
		expect(JSON.stringify(await run({ operation: 'getMany', returnAll: true }))).not.toMatch(/whsec-live-123|k-456/);
	});
});

describe('Reporting Webhook → Create', () => {
	const create = (more: Record<string, unknown> = {}) => ({
		operation: 'create',
		webhookName: 'Warehouse',
		endpoint: 'https://hooks.example.com/cio?token=abc123',
		events: ['email_opened', 'customer_subscription_preferences_changed'],
		webhookOptions: {},
		...more,
	});

	it('sends every setting (the spec\'s full_resolution default is not the option\'s) and outputs the new webhook', async () => {
		const [output] = await run(create({ webhookOptions: { withContent: true } }));
		expect(calls()).toEqual(['POST /v1/reporting_webhooks']);
		expect(sim.requests[0].body).toEqual({
			name: 'Warehouse',
			endpoint: 'https://hooks.example.com/cio?token=abc123',
			events: ['email_opened', 'customer_subscription_preferences_changed'],
			disabled: false,
			full_resolution: true,
			with_content: true,
		});
		expect(output.json).toMatchObject({ id: expect.any(Number), name: 'Warehouse', endpoint: 'https://hooks.example.com/cio?token=[redacted]', full_resolution: true });
		expect(stored(output.json.id)).toMatchObject({ endpoint: 'https://hooks.example.com/cio?token=abc123', with_content: true, disabled: false });
	});

	it('creates it disabled, unique opens and clicks only, when asked', async () => {
		const [output] = await run(create({ webhookOptions: { disabled: true, uniqueOnly: true } }));
		expect(stored(output.json.id)).toMatchObject({ disabled: true, full_resolution: false });
	});

	it('takes events as text from an expression ("a, b")', async () => {
		await run(create({ events: 'email_bounced, sms_failed' }));
		expect((sim.requests[0].body as { events: string[] }).events).toEqual(['email_bounced', 'sms_failed']);
	});

	it.each([
		['an empty name', { webhookName: ' ' }, 'Item 0: Name: is empty: give the webhook a name'],
		['an endpoint that is not a URL', { endpoint: 'hooks.example.com?token=abc123' }, 'Item 0: Endpoint URL: is not an http(s) URL, e.g. https://example.com/hooks/customerio'],
		['an ftp endpoint', { endpoint: 'ftp://hooks.example.com/?token=abc123' }, 'Item 0: Endpoint URL: is not an http(s) URL, e.g. https://example.com/hooks/customerio'],
		['no events', { events: [] }, 'Item 0: Events: choose at least one event'],
		[
			'an event name the API does not know',
			{ events: 'email_opened, customer_cio_subscription_preferences_changed' },
			'Item 0: Events: customer_cio_subscription_preferences_changed is not an event Customer.io can send to a webhook',
		],
	])('refuses %s before sending, without echoing the URL', async (_label, params, message) => {
		const error = await fails(create(params));
		expect(error.message).toBe(message);
		expect(`${error.message} ${error.description}`).not.toContain('abc123');
		expect(sim.requests).toHaveLength(0);
	});

	describe('on a retry of the run (Retry On Fail, or retrying the execution)', () => {
		const n8nExecution = (context: object) => ({ extra: { getContext: () => context, getWorkflowDataProxy: () => ({ $runIndex: 0 }) } });
		const named = (name: string) => sim.reportingWebhooks(ws.name).filter((w) => w.name === name);

		it('does not create again a webhook Customer.io created but whose answer was lost', async () => {
			const context = {};
			sim.injectFault({ api: 'app', method: 'POST', path: '/v1/reporting_webhooks', applied: true, dropConnection: true });
			const params = create({ webhookName: 'Lost answer' });
			const [first] = await run(params, undefined, { continueOnFail: true, ...n8nExecution(context) });
			expect(first.json.error).toBeDefined();
			expect(named('Lost answer')).toHaveLength(1);
			sim.clearRequests();

			const error = await runNodeError({ credentials: sim.credentialFor(ws), parameters: { resource: 'reportingWebhook', ...params }, ...n8nExecution(context) });
			expect(error.message).toBe("Item 0: not sent again: an earlier try of this run sent it and Customer.io's answer was lost");
			expect(calls()).toEqual([]);
			expect(named('Lost answer')).toHaveLength(1);
		});

		it('outputs again the webhook an earlier try created, and creates only what failed', async () => {
			const context = {};
			// A 400: Customer.io surely did not create it, so a retry may.
			sim.injectFault({ api: 'app', method: 'POST', status: 400, when: (r) => (r.body as { name: string }).name === 'Retry 1', times: Infinity });
			const params = create({ webhookName: (i: number) => `Retry ${i}` });
			const first = await run(params, [{}, {}], { continueOnFail: true, ...n8nExecution(context) });
			expect(first.map((o) => o.json.error === undefined)).toEqual([true, false]);
			sim.clearFaults();
			sim.clearRequests();

			const retried = await run(params, [{}, {}], { continueOnFail: true, ...n8nExecution(context) });
			expect(calls()).toEqual(['POST /v1/reporting_webhooks']);
			expect(retried[0].json).toMatchObject({ id: first[0].json.id, alreadySent: true, endpoint: 'https://hooks.example.com/cio?token=[redacted]' });
			expect(retried[1].json).toMatchObject({ name: 'Retry 1', id: expect.any(Number) });
			expect([named('Retry 0'), named('Retry 1')].map((list) => list.length)).toEqual([1, 1]);
		});
	});
});

describe('Reporting Webhook → Update / Enable / Disable', () => {
	it('changes only the fields set: the PUT carries the rest as Customer.io has it, so nothing is wiped', async () => {
		const webhook = seed('keep', { disabled: true, with_content: true, full_resolution: false, events: ['sms_sent', 'sms_failed'] });
		const [output] = await run({ operation: 'update', webhookId: byId(webhook.id), updateFields: { webhookName: 'Renamed' } });
		expect(calls()).toEqual([`GET /v1/reporting_webhooks/${webhook.id}`, `PUT /v1/reporting_webhooks/${webhook.id}`]);
		expect(sim.requests[1].body).toEqual({
			name: 'Renamed',
			endpoint: 'https://hooks.example.com/keep',
			events: ['sms_sent', 'sms_failed'],
			disabled: true,
			full_resolution: false,
			with_content: true,
		});
		expect(stored(webhook.id)).toMatchObject({ name: 'Renamed', disabled: true, with_content: true, full_resolution: false, events: ['sms_sent', 'sms_failed'] });
		expect(output.json).toMatchObject({ id: webhook.id, name: 'Renamed', disabled: true });
	});

	it('sets events, endpoint and settings; two items on one webhook build on each other', async () => {
		const webhook = seed('twice');
		const output = await run(
			{
				operation: 'update',
				webhookId: byId(webhook.id),
				updateFields: (i: number) => (i === 0 ? { events: ['email_bounced'], uniqueOnly: true } : { endpoint: 'https://new.example.com/in?key=zzz' }),
			},
			[{}, {}],
		);
		expect(calls()).toEqual([`GET /v1/reporting_webhooks/${webhook.id}`, `PUT /v1/reporting_webhooks/${webhook.id}`, `PUT /v1/reporting_webhooks/${webhook.id}`]);
		expect(stored(webhook.id)).toMatchObject({ events: ['email_bounced'], full_resolution: false, endpoint: 'https://new.example.com/in?key=zzz' });
		expect(output[1].json.endpoint).toBe('https://new.example.com/in?key=[redacted]');
	});

	it('refuses an empty Update Fields and bad values before sending anything', async () => {
		const webhook = seed('untouched');
		expect((await fails({ operation: 'update', webhookId: byId(webhook.id), updateFields: {} })).message).toBe('Item 0: Update Fields is empty');
		expect((await fails({ operation: 'update', webhookId: byId(webhook.id), updateFields: { events: [] } })).message).toBe('Item 0: Events: choose at least one event');
		expect((await fails({ operation: 'update', webhookId: byId(webhook.id), updateFields: { endpoint: 'mailto:a@b.c' } })).message).toMatch(/^Item 0: Endpoint URL: is not an http\(s\) URL/);
		expect(sim.requests).toHaveLength(0);
	});

	it('fails with the 404 of the read for a webhook that does not exist, and writes nothing', async () => {
		const error = await fails({ operation: 'disable', webhookId: byId(9998) });
		expect(error.message).toMatch(/404/);
		expect(calls()).toEqual(['GET /v1/reporting_webhooks/9998']);
	});

	it('disables and enables a webhook, keeping its settings', async () => {
		const webhook = seed('switch', { with_content: true });
		const [off] = await run({ operation: 'disable', webhookId: byId(webhook.id) });
		expect(off.json).toMatchObject({ id: webhook.id, disabled: true });
		expect(stored(webhook.id)).toMatchObject({ disabled: true, with_content: true, events: ['email_opened', 'email_clicked'] });
		await run({ operation: 'enable', webhookId: byId(webhook.id) });
		expect(stored(webhook.id)).toMatchObject({ disabled: false, with_content: true, full_resolution: true });
		expect((sim.requests.at(-1)?.body as { disabled: boolean }).disabled).toBe(false);
	});
});

describe('Reporting Webhook → Delete', () => {
	it('deletes the webhook; deleting it again fails with Customer.io\'s 404', async () => {
		const webhook = seed('gone');
		const [output] = await run({ operation: 'delete', webhookId: byId(webhook.id) });
		expect(calls()).toEqual([`DELETE /v1/reporting_webhooks/${webhook.id}`]);
		expect(output).toEqual({ json: { id: webhook.id, deleted: true }, pairedItem: { item: 0 } });
		expect(stored(webhook.id)).toBeUndefined();
		expect((await fails({ operation: 'delete', webhookId: byId(webhook.id) })).message).toMatch(/404/);
	});
});

describe('Reporting Webhook locator: From List', () => {
	const context = () => fakeExecuteContext({ credentials: sim.credentialFor(ws) }) as unknown as ILoadOptionsFunctions;

	it('shows each webhook\'s name and endpoint (query values hidden), and searches both', async () => {
		const webhook = seed('Listed', { endpoint: 'https://listed.example.org/hook?token=t0k3n' });
		const results = (await searchReportingWebhooks.call(context(), 'listed.example')).results;
		expect(results).toEqual([{ name: `Listed → https://listed.example.org/hook?token=[redacted] (${webhook.id})`, value: String(webhook.id) }]);
		expect((await searchReportingWebhooks.call(context(), 't0k3n')).results).toEqual([]);
		expect(calls()).toEqual(['GET /v1/reporting_webhooks', 'GET /v1/reporting_webhooks']);
	});
});
