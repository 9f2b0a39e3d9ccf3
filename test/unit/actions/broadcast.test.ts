import { runNode, runNodeError } from '../../helpers/runNode';
import { simulatorPerFile } from '../../helpers/simulatorPerFile';

/**
 * Broadcast → Trigger / Get Trigger Status / Get / Get Many / Get Metrics against the simulator.
 * A trigger (App `POST /v1/campaigns/{broadcast_id}/triggers`) sends messages: it is checked
 * against Customer.io's limits before sending, never sent twice by a retry of the run, and
 * spaced to Customer.io's one trigger per 10 seconds.
 */
const { sim, ws } = simulatorPerFile();

let workspaces = 0;
/** Triggers are spaced per credential: a test that triggers gets a workspace (App key) of its own. */
function freshWorkspace() {
	const fresh = sim.addWorkspace({ name: `broadcasts-${++workspaces}`, region: 'us' });
	sim.seedBroadcast(fresh.name, { id: 9, name: 'Breaking news' });
	sim.seedPerson(fresh.name, { id: 'ada', email: 'ada@example.com' });
	sim.seedPerson(fresh.name, { id: 'alan', email: 'alan@example.com' });
	return fresh;
}

beforeAll(() => {
	sim.seedBroadcast(ws.name, { id: 9, name: 'Breaking news', tags: ['news'] });
	sim.seedBroadcast(ws.name, { id: 11, name: 'Outage notice', state: 'stopped', active: false });
	const ada = sim.seedPerson(ws.name, { id: 'ada', email: 'ada@example.com' });
	const t0 = Math.floor(Date.now() / 1000) - 3600;
	sim.seedMessage(ws.name, ada, { broadcast_id: 9, type: 'email', created: t0, metrics: { sent: t0, delivered: t0, opened: t0 } });
	sim.seedMessage(ws.name, ada, { broadcast_id: 9, type: 'push', created: t0, metrics: { sent: t0 } });
});

const trigger = (credentials: Record<string, string>, parameters: Record<string, unknown>, rest: Record<string, unknown> = {}) => ({
	credentials,
	parameters: { resource: 'broadcast', operation: 'trigger', includeInputFields: false, broadcastId: { __rl: true, mode: 'id', value: '9' }, ...parameters },
	...rest,
});

describe('Broadcast → Trigger', () => {
	it('sends to the broadcast\'s own audience with data, and outputs the trigger ID', async () => {
		const fresh = freshWorkspace();
		const [output] = await runNode(trigger(sim.credentialFor(fresh), { audience: 'default', data: '{"headline": "Roadrunner spotted"}' }));
		expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v1/campaigns/9/triggers']);
		expect(sim.requests[0].body).toEqual({ data: { headline: 'Roadrunner spotted' } });
		expect(output.json).toEqual({ broadcast_id: 9, trigger_id: 1 });
		expect(sim.broadcastTriggers(fresh.name, 9)).toHaveLength(1);
	});

	it.each([
		['IDs (text with commas)', { audience: 'ids', ids: 'ada, alan', triggerOptions: { ignoreMissing: true } }, { ids: ['ada', 'alan'], id_ignore_missing: true }],
		['IDs (array from an expression)', { audience: 'ids', ids: ['ada'] }, { ids: ['ada'] }],
		['emails', { audience: 'emails', emails: 'ada@example.com\nalan@example.com', triggerOptions: { addDuplicates: true } }, { emails: ['ada@example.com', 'alan@example.com'], email_add_duplicates: true }],
		['people with their own data', { audience: 'perUserData', perUserData: '[{"id": "ada", "data": {"coupon": "A1"}}, {"email": "alan@example.com"}]' }, { per_user_data: [{ id: 'ada', data: { coupon: 'A1' } }, { email: 'alan@example.com' }] }],
		['people by a numeric ID (sent as a string: the spec types per_user_data ids as strings)', { audience: 'perUserData', perUserData: [{ id: 42 }] }, { per_user_data: [{ id: '42' }] }],
		['a filter', { audience: 'recipients', recipients: { segment: { id: 7 } } }, { recipients: { segment: { id: 7 } } }],
		['a data file', { audience: 'dataFileUrl', dataFileUrl: 'https://example.com/people.ndjson' }, { data_file_url: 'https://example.com/people.ndjson' }],
	])('names the audience as %s, one audience form per trigger', async (_how, parameters, body) => {
		const fresh = freshWorkspace();
		await runNode(trigger(sim.credentialFor(fresh), parameters));
		expect(sim.requests[0].body).toEqual(body);
		expect(sim.requests[0].status).toBe(200);
	});

	it.each([
		['no IDs', { audience: 'ids', ids: ' , ' }, 'Item 0: IDs: is empty'],
		['more than 10,000 IDs', { audience: 'ids', ids: Array.from({ length: 10_001 }, (_, i) => `p${i}`) }, 'Item 0: IDs: at most 10000 per trigger'],
		['an address that is not an email', { audience: 'emails', emails: 'ada@example.com, nobody' }, 'Item 0: Emails.1: holds something that is not an email address'],
		['a person with both id and email', { audience: 'perUserData', perUserData: [{ id: 'ada', email: 'ada@example.com' }] }, 'Item 0: People (JSON).0: each person needs exactly one of "id" and "email"'],
		['people that are not JSON', { audience: 'perUserData', perUserData: '[{"id": ' }, 'Item 0: People (JSON) is not valid JSON'],
		['an empty filter', { audience: 'recipients', recipients: '{}' }, 'Item 0: Filter (JSON): is empty'],
		['a data file that is not a URL', { audience: 'dataFileUrl', dataFileUrl: 'people.csv' }, 'Item 0: Data File URL: is not an http(s) URL'],
		['data over 50,000 bytes', { data: { blob: 'x'.repeat(50_000) } }, 'Item 0: Data (JSON) is 50011 bytes of JSON; Customer.io takes at most 50000'],
	])('refuses %s before sending', async (_what, parameters, message) => {
		const error = await runNodeError(trigger(sim.credentialFor(ws), parameters));
		expect(error.message).toBe(message);
		expect(sim.requests).toHaveLength(0);
	});

	it('answers Customer.io\'s 404 for a broadcast that does not exist', async () => {
		const fresh = freshWorkspace();
		const error = await runNodeError(trigger(sim.credentialFor(fresh), { broadcastId: 404 }));
		expect(error.message).toMatch(/404|not found/i);
	});

	it('spaces two triggers of one run over 10 s apart (Customer.io takes one per 10 s), and both go out', async () => {
		const fresh = freshWorkspace();
		const output = await runNode(
			trigger(sim.credentialFor(fresh), { audience: 'ids', ids: (i: number) => (i === 0 ? 'ada' : 'alan') }, { items: [{}, {}] }),
		);
		expect(output.map((item) => item.json.trigger_id)).toEqual([1, 2]);
		const sent = sim.requests.filter((r) => r.path === '/v1/campaigns/9/triggers');
		// Spaced by the transport before sending: the simulator, which answers 429 inside 10 s, never had to.
		expect(sent.map((r) => r.status)).toEqual([200, 200]);
		expect(sent[1].at - sent[0].at).toBeGreaterThanOrEqual(10_000);
	}, 30_000);

	it('waits out a 429 from a trigger sent elsewhere moments before, then sends once', async () => {
		const fresh = freshWorkspace();
		sim.injectFault({ api: 'app', status: 429, times: 1, when: (r) => r.path === '/v1/campaigns/9/triggers' });
		const [output] = await runNode(trigger(sim.credentialFor(fresh), {}));
		expect(output.json.trigger_id).toBe(1);
		expect(sim.requests.map((r) => r.status)).toEqual([429, 200]);
		expect(sim.broadcastTriggers(fresh.name, 9)).toHaveLength(1);
	}, 30_000);

	it('is not sent again when the run is retried after a later item failed', async () => {
		const fresh = freshWorkspace();
		const context = {};
		const n8nExecution = { getContext: () => context, getWorkflowDataProxy: () => ({ $runIndex: 0 }) };
		const input = trigger(sim.credentialFor(fresh), { audience: 'ids', ids: (i: number) => (i === 0 ? 'ada' : ' ') }, { items: [{}, {}], continueOnFail: true, extra: n8nExecution });
		const first = await runNode(input);
		expect(first[0].json).toEqual({ broadcast_id: 9, trigger_id: 1 });
		expect(first[1].json.error).toBe('Item 1: IDs: is empty');

		sim.clearRequests();
		const retried = await runNode(input);
		expect(retried[0].json).toEqual({ broadcast_id: 9, trigger_id: 1, alreadySent: true });
		expect(sim.requests).toHaveLength(0);
		expect(sim.broadcastTriggers(fresh.name, 9)).toHaveLength(1);
	});
});

describe('Broadcast → Get Trigger Status', () => {
	it('reads a trigger by broadcast and trigger ID', async () => {
		const fresh = freshWorkspace();
		const [triggered] = await runNode(trigger(sim.credentialFor(fresh), {}));
		const [status] = await runNode({
			credentials: sim.credentialFor(fresh),
			parameters: { resource: 'broadcast', operation: 'getTriggerStatus', includeInputFields: false, broadcastId: 9, triggerId: String(triggered.json.trigger_id) },
		});
		expect(sim.requests.at(-1)?.path).toBe('/v1/campaigns/9/triggers/1');
		expect(status.json).toMatchObject({ id: 1, broadcast_id: 9 });
		expect(typeof status.json.processed_at).toBe('number');
	});

	it('fails with Customer.io\'s 404 for an unknown trigger', async () => {
		const error = await runNodeError({
			credentials: sim.credentialFor(ws),
			parameters: { resource: 'broadcast', operation: 'getTriggerStatus', broadcastId: 9, triggerId: '77' },
		});
		expect(error.message).toMatch(/404|not found/i);
	});
});

describe('Broadcast → Get / Get Many / Get Metrics', () => {
	const read = (parameters: Record<string, unknown>) =>
		runNode({ credentials: sim.credentialFor(ws), parameters: { resource: 'broadcast', includeInputFields: false, ...parameters } });

	it('lists the broadcasts, one item each, cut to Limit', async () => {
		expect((await read({ operation: 'getMany', returnAll: true })).map((o) => o.json.name)).toEqual(['Breaking news', 'Outage notice']);
		expect((await read({ operation: 'getMany', returnAll: false, limit: 1 })).map((o) => o.json.id)).toEqual([9]);
		expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/broadcasts', 'GET /v1/broadcasts']);
	});

	it('reads a broadcast picked by URL, and fails with 404 for an unknown one', async () => {
		const [output] = await read({ operation: 'get', broadcastId: { __rl: true, mode: 'url', value: 'https://fly.customer.io/workspaces/3/journeys/broadcasts/11/overview' } });
		expect(sim.requests[0].path).toBe('/v1/broadcasts/11');
		expect(output.json).toMatchObject({ id: 11, name: 'Outage notice', type: 'triggered_broadcast', state: 'stopped' });
		await expect(read({ operation: 'get', broadcastId: 12 })).rejects.toThrow(/404|does not exist/i);
	});

	it('reads metrics by period, oldest step first, per message type (the spec gives broadcasts no version 2)', async () => {
		const [output] = await read({ operation: 'getMetrics', broadcastId: 9, period: 'hours', broadcastMetricsOptions: { steps: 2, type: 'email' } });
		expect(sim.requests[0].query).toEqual({ period: 'hours', steps: '2', type: 'email' });
		const series = (output.json.metric as { series: Record<string, number[]> }).series;
		expect(output.json.broadcast_id).toBe(9);
		// The email went out an hour ago: the older of the two hours.
		expect(series.sent).toEqual([1, 0]);
		expect(series.opened).toEqual([1, 0]);
	});

	it('refuses more steps than the period has before sending', async () => {
		await expect(read({ operation: 'getMetrics', broadcastId: 9, period: 'weeks', broadcastMetricsOptions: { steps: 13 } })).rejects.toThrow('Steps: must be at most 12 for weeks');
		expect(sim.requests).toEqual([]);
	});
});
