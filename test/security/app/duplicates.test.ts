import { simulatorPerFile } from '../../helpers/simulatorPerFile';
import type { Fault } from '../../simulator';
import { newExecution, retryOf, runInN8n } from '../transport/n8n';

/**
 * Attack: the retries n8n offers — Retry On Fail (execute() again in the same execution, also
 * after an output whose first item has an error, i.e. under Continue On Fail) and retrying a
 * failed execution — after Customer.io carried out a broadcast trigger or a webhook create but
 * its answer was lost or was an error. A second trigger sends every message again; a second
 * webhook posts every event twice. Whatever the retries, Customer.io gets each one once.
 */
const { sim, ws } = simulatorPerFile({ appRateLimitPerSecond: false });

let workspaces = 0;
/** Triggers are spaced 11 s apart per credential: each test gets an App key of its own. */
function freshWorkspace() {
	const fresh = sim.addWorkspace({ name: `duplicates-${++workspaces}`, region: 'us' });
	sim.seedBroadcast(fresh.name, { id: 9, name: 'News' });
	return fresh;
}

/** Customer.io carried the request out, and then: */
const carriedOut: Array<[string, Omit<Fault, 'api' | 'method' | 'path'>]> = [
	['the connection dropped before the answer', { dropConnection: true, applied: true }],
	['it answered 500', { status: 500, applied: true, times: Infinity }],
	['a gateway answered a 502 page', { status: 502, body: '<html>Bad Gateway</html>', applied: true, times: Infinity }],
	['the answer was cut off half-way', { status: 200, cutOff: 'drop', applied: true }],
];

const onError = [
	['Continue On Fail', true],
	['Stop', false],
] as const;

describe('Broadcast → Trigger is sent once, whatever the retries', () => {
	const cases = carriedOut.flatMap(([what, fault]) => onError.map(([label, continueOnFail]) => [what, label, fault, continueOnFail] as const));

	it.each(cases)('when %s; On Error: %s; Retry On Fail 3 tries, then the execution retried', async (_what, _label, fault, continueOnFail) => {
		const fresh = freshWorkspace();
		sim.injectFault({ api: 'app', method: 'POST', path: '/v1/campaigns/9/triggers', ...fault });
		const input = {
			credentials: sim.credentialFor(fresh),
			continueOnFail,
			parameters: { resource: 'broadcast', operation: 'trigger', includeInputFields: false, broadcastId: { __rl: true, mode: 'id', value: '9' }, audience: 'default', data: '{"headline": "once"}' },
		};
		const first = await runInN8n(input, { maxTries: 3 });
		const again = await runInN8n(input, { execution: retryOf(first.execution), maxTries: 3 });

		expect(sim.broadcastTriggers(fresh.name, 9)).toHaveLength(1);
		expect(sim.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
		expect(first.tries).toBe(3);
		const lastError = continueOnFail ? again.output![0].json.error : again.error?.message;
		expect(lastError).toBe("Item 0: not sent again: an earlier try of this run sent it and Customer.io's answer was lost");
	});
});

describe('Reporting Webhook → Create makes each webhook once, whatever the retries', () => {
	const named = (name: string) => sim.reportingWebhooks(ws.name).filter((w) => w.name === name);
	let run = 0;

	it.each(carriedOut.flatMap(([what, fault]) => onError.map(([label, continueOnFail]) => [what, label, fault, continueOnFail] as const)))(
		'when for the middle of three %s; On Error: %s; Retry On Fail 3 tries, then the execution retried',
		async (_what, _label, fault, continueOnFail) => {
			const names = [0, 1, 2].map((i) => `hook-${++run}-${i}`);
			sim.injectFault({ api: 'app', method: 'POST', path: '/v1/reporting_webhooks', when: (r) => (r.body as { name: string }).name === names[1], ...fault });
			const input = {
				credentials: sim.credentialFor(ws),
				continueOnFail,
				items: names.map((name) => ({ name })),
				parameters: {
					resource: 'reportingWebhook',
					operation: 'create',
					includeInputFields: false,
					webhookName: (i: number) => names[i],
					endpoint: 'https://hooks.example.com/in',
					events: ['email_opened'],
					concurrency: 1,
				},
			};
			const execution = newExecution();
			await runInN8n(input, { execution, maxTries: 3 });
			const again = await runInN8n(input, { execution: retryOf(execution), maxTries: 3 });

			expect(names.map((name) => named(name).length)).toEqual([1, 1, 1]);
			expect(sim.requests.filter((r) => r.method === 'POST')).toHaveLength(3);
			if (continueOnFail) {
				expect(again.output!.map((item) => item.json.alreadySent ?? item.json.error)).toEqual([
					true,
					"Item 1: not sent again: an earlier try of this run sent it and Customer.io's answer was lost",
					true,
				]);
			}
		},
	);

	it('a 400 (Customer.io created nothing) may be sent again, and then makes the webhook once', async () => {
		const name = `hook-${++run}-refused-once`;
		sim.injectFault({ api: 'app', method: 'POST', path: '/v1/reporting_webhooks', status: 400 });
		const { output } = await runInN8n(
			{
				credentials: sim.credentialFor(ws),
				continueOnFail: true,
				parameters: { resource: 'reportingWebhook', operation: 'create', includeInputFields: false, webhookName: name, endpoint: 'https://hooks.example.com/in', events: ['email_opened'] },
			},
			{ maxTries: 3 },
		);
		expect(output![0].json).toMatchObject({ name, id: expect.any(Number) });
		expect(named(name)).toHaveLength(1);
	});
});
