import type { ILoadOptionsFunctions } from 'n8n-workflow';
import { searchBroadcasts, searchReportingWebhooks } from '../../../nodes/CustomerIo/methods/listSearch';
import { fakeExecuteContext } from '../../helpers/fakeExecuteContext';
import { expectNoKeyIn } from '../../helpers/keyForms';
import { simulatorPerFile } from '../../helpers/simulatorPerFile';
import type { ArrivedRequest } from '../../simulator';
import { runInN8n, visible } from '../transport/n8n';

/**
 * Attack: a reporting webhook's endpoint carries its receiver's secret — a query token, a bare
 * query (`?s3cr3t`), a user name and password (also in the forms URL parsers accept:
 * `https:/\user:pw@host`, leading spaces), a fragment. Outputs and "From List" show the
 * endpoint with those parts hidden (searching for the secret finds nothing), and should
 * Customer.io quote the endpoint back in an error, the error hides them too — also where the
 * endpoint was not typed by the user but read from Customer.io (Update, Enable, Disable), and
 * in what a failed run keeps for its retry (the node's context, saved with the execution).
 */
const { sim, ws } = simulatorPerFile({ appRateLimitPerSecond: false });

const SECRET = 'S3cr3tT0ken';
/** Endpoints holding SECRET (or `pa55word`) in every hiding place. */
const endpoints: Array<[string, string, string]> = [
	['a query token', `https://hooks.example.com/in?token=${SECRET}`, 'https://hooks.example.com/in?token=[redacted]'],
	['a bare query', `https://hooks.example.com/in?${SECRET}`, 'https://hooks.example.com/in?[redacted]'],
	['an encoded query token', `https://hooks.example.com/in?t%6Fken=${encodeURIComponent(SECRET + '/+')}`, 'https://hooks.example.com/in?t%6Fken=[redacted]'],
	['a user and password', `https://bot:${SECRET}@hooks.example.com/in`, 'https://[redacted]@hooks.example.com/in'],
	['a password after a slash and backslash', `https:/\\bot:${SECRET}@hooks.example.com/in`, 'https:/\\[redacted]@hooks.example.com/in'],
	['a password behind leading spaces', `   https://bot:${SECRET}@hooks.example.com/in`, 'https://[redacted]@hooks.example.com/in'],
	['a fragment', `https://hooks.example.com/in#${SECRET}`, 'https://hooks.example.com/in'],
	['empty query parts around the token', `https://hooks.example.com/in?&&key=${SECRET}&&`, 'https://hooks.example.com/in?key=[redacted]'],
];

const expectHidden = (text: string) => {
	expect(text).not.toContain(SECRET);
	expect(text).not.toContain(encodeURIComponent(SECRET + '/+'));
};

/** Customer.io refuses the request and quotes back everything it was sent. */
const quoteBack = (request: ArrivedRequest) => ({ errors: [{ detail: `invalid webhook: ${JSON.stringify(request.body)}`, status: '400' }] });

const run = (parameters: Record<string, unknown>, items?: Array<Record<string, unknown>>) =>
	runInN8n({ credentials: sim.credentialFor(ws), continueOnFail: true, items, parameters: { includeInputFields: false, resource: 'reportingWebhook', ...parameters } });
const seed = (endpoint: string) => sim.seedReportingWebhook(ws.name, { name: 'Hook', endpoint, events: ['email_opened'] });

describe('endpoints are shown with their secrets hidden', () => {
	it.each(endpoints)('Get Many, Get and "From List" with %s', async (_what, endpoint, shown) => {
		const webhook = seed(endpoint);
		const many = await run({ operation: 'getMany', returnAll: true });
		const one = await run({ operation: 'get', webhookId: webhook.id });
		const listed = fakeExecuteContext({ credentials: sim.credentialFor(ws) }) as unknown as ILoadOptionsFunctions;
		const found = await searchReportingWebhooks.call(listed);
		const searched = await searchReportingWebhooks.call(listed, SECRET);

		expect(many.output!.find((item) => item.json.id === webhook.id)?.json.endpoint).toBe(shown);
		expect(one.output![0].json.endpoint).toBe(shown);
		expect(found.results.find((entry) => entry.value === String(webhook.id))?.name).toBe(`Hook → ${shown} (${webhook.id})`);
		expect(searched.results).toEqual([]);
		for (const text of [visible(many), visible(one), JSON.stringify(found)]) expectHidden(text);
	});
});

describe('an error quoting the endpoint back hides its secrets', () => {
	it.each(endpoints)('Create, with %s', async (_what, endpoint) => {
		sim.injectFault({ api: 'app', method: 'POST', path: '/v1/reporting_webhooks', status: 400, body: quoteBack });
		const result = await run({ operation: 'create', webhookName: 'Hook', endpoint: endpoint.trim(), events: ['email_opened'] });
		expect(result.output![0].json.error).toMatch(/^Customer\.io rejected the request \(400\): invalid webhook: .*\[redacted\]/);
		expect(JSON.stringify(sim.requests[0].responseBody)).toContain(SECRET.slice(0, 6));
		expectHidden(visible(result));
	});

	it.each(endpoints)('Enable, with %s that Customer.io holds (the user never typed it)', async (_what, endpoint) => {
		const webhook = seed(endpoint);
		sim.injectFault({ api: 'app', method: 'PUT', status: 400, body: quoteBack });
		const result = await run({ operation: 'enable', webhookId: webhook.id });
		expect(sim.requests.map((r) => r.method)).toEqual(['GET', 'PUT']);
		expect(result.output![0].json.error).toMatch(/^Customer\.io rejected the request \(400\)/);
		expectHidden(visible(result));
	});

	it('a failed run keeps, for its retry, the webhook it created, secret hidden', async () => {
		// Item 1 is refused: the run fails, and keeps item 0's answer so a retry outputs it instead of creating it again.
		sim.injectFault({ api: 'app', method: 'POST', status: 400, when: (r) => (r.body as { name: string }).name === 'Second', times: Infinity });
		const result = await run({ operation: 'create', webhookName: (i: number) => ['First', 'Second'][i], endpoint: `https://hooks.example.com/in?token=${SECRET}`, events: ['email_opened'] }, [{}, {}]);
		expect(result.output!.map((item) => item.json.error === undefined)).toEqual([true, false]);
		expect(JSON.stringify(result.execution.contextData)).toContain('"answer"');
		expectHidden(JSON.stringify(result.execution.contextData));
		expectHidden(visible(result));
	});
});

describe('the App key, quoted back by a hostile answer, is hidden in the new operations', () => {
	const echo = (r: ArrivedRequest) => `${r.authorization} ${r.authorization.replace(/^Bearer /, '')}`;

	it('in "From List" names (a broadcast named after the key)', async () => {
		sim.injectFault({ api: 'app', method: 'GET', path: '/v1/broadcasts', status: 200, body: (r: ArrivedRequest) => ({ broadcasts: [{ id: 4, name: echo(r) }] }) });
		const listed = await searchBroadcasts.call(fakeExecuteContext({ credentials: sim.credentialFor(ws) }) as unknown as ILoadOptionsFunctions);
		expect(listed.results).toHaveLength(1);
		expectNoKeyIn(ws, JSON.stringify(listed));
	});

	it.each([
		['Broadcast → Trigger, refused', { resource: 'broadcast', operation: 'trigger', broadcastId: 9, audience: 'default' }, 'POST', 400],
		['Broadcast → Get Trigger Status, answered', { resource: 'broadcast', operation: 'getTriggerStatus', broadcastId: 9, triggerId: '3' }, 'GET', 200],
		['Delivery → Get Many, answered', { resource: 'delivery', operation: 'getMany', returnAll: true }, 'GET', 200],
	])('in %s', async (_label, parameters, method, status) => {
		sim.injectFault({ api: 'app', method, status, body: (r: ArrivedRequest) => ({ id: 1, messages: [{ id: echo(r) }], errors: [{ detail: echo(r) }] }) });
		const result = await runInN8n({ credentials: sim.credentialFor(ws), continueOnFail: true, parameters: { includeInputFields: false, ...parameters } });
		expect(JSON.stringify(sim.requests[0].responseBody)).toContain(ws.appApiKey);
		expectNoKeyIn(ws, visible(result));
	});
});
