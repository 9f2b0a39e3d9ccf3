import { CustomerIoSimulator, makeReportingEvent, sendReportingEvent, signedHeaders, type ReportingEvent, type Workspace } from '../simulator';
import { OpenAiStub } from '../stubs/openai';
import { loadExample, withCredentials } from './harness/examples';
import { N8n, nodeOutput, type Execution } from './harness/n8n';
import { QueueCluster } from './harness/queue';
import { aiPersonalizeWithModel, code, customerIo, manualTrigger, workflow } from './harness/workflows';

/**
 * Our nodes in n8n's queue mode (PostgreSQL + Redis, a main process, two workers, two webhook
 * processors): webhook code runs in whichever webhook processor took the request, executions run
 * on whichever worker took the job, and nothing our nodes decide may depend on which one that was.
 */
const sim = new CustomerIoSimulator();
const stub = new OpenAiStub();
let cluster: QueueCluster;
let ws: Workspace;
let credential: { id: string; name: string };
let postgresCredential: { id: string; name: string };

beforeAll(async () => {
	await sim.start(0);
	await stub.start();
	ws = sim.addWorkspace({ name: 'acme', region: 'us' });
	cluster = await QueueCluster.start({ workers: 2, webhookProcessors: 2 });
	credential = await cluster.main.createCredential('Acme (US)', 'customerIoLifecycleApi', sim.credentialFor(ws));
	postgresCredential = await cluster.main.createCredential('Dedupe store (PostgreSQL)', 'postgres', cluster.postgresCredential(cluster.createDedupeStore()));
}, 240_000);
afterAll(async () => {
	await cluster?.stop();
	await stub.stop();
	await sim.stop();
});

const both = () => cluster.webhookProcessors;

const webhookUrl = (processor: N8n, webhookId: string, path: string) => `${processor.url}/webhook/${webhookId}/${path}`;

/** Waits until the workflow has `count` finished executions, then a little longer to catch extras. */
async function finishedExecutions(workflowId: string, count: number): Promise<Execution[]> {
	const deadline = Date.now() + 60_000;
	const finished = async () => (await cluster.main.executions(workflowId)).filter((e) => e.status !== 'running' && e.status !== 'new');
	let executions = await finished();
	while (executions.length < count && Date.now() < deadline) {
		await new Promise((r) => setTimeout(r, 250));
		executions = await finished();
	}
	await new Promise((r) => setTimeout(r, 1000));
	return await finished();
}

/**
 * Which processes logged a line about this execution (n8n logs enqueueing and finishing at info
 * level). A worker saves the execution first and prints "Worker finished execution" only after
 * reading the saved result back (slow for 10,000 items), so the main process can already report
 * the execution finished: wait until some process has logged it.
 */
async function whoLogged(pattern: (executionId: string) => RegExp, processes: N8n[], executionId: string): Promise<number[]> {
	const logged = () => processes.flatMap((process, index) => (pattern(executionId).test(process.logs) ? [index] : []));
	const deadline = Date.now() + 30_000;
	while (logged().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
	return logged();
}
const ranOn = (executionId: string) => whoLogged((id) => new RegExp(`Worker finished execution ${id} `), cluster.workers, executionId);
const enqueuedBy = (executionId: string) => whoLogged((id) => new RegExp(`Enqueued execution ${id} `), cluster.webhookProcessors, executionId);

describe('n8n queue mode: main, two workers, two webhook processors', () => {
	/**
	 * The "reporting events at scale" example: each event_id is recorded with one atomic
	 * INSERT … ON CONFLICT DO NOTHING in PostgreSQL, so only its first delivery goes on, whichever
	 * processes take it. (n8n's Remove Duplicates node is not enough here: it reads, merges and
	 * rewrites one history row per node, so executions running at the same time lose each other's
	 * event ids and a later redelivery gets through — see the README's "Running at scale".)
	 */
	it('verifies reporting events in both webhook processors and runs each once on a worker; redeliveries are dropped atomically', async () => {
		const example = loadExample('reporting-trigger-at-scale');
		const wf = await cluster.main.createWorkflow(withCredentials(example, { customerIoLifecycleApi: credential, postgres: postgresCredential }));
		await cluster.main.activate(wf.id);
		const url = (i: number) => webhookUrl(both()[i % 2], String(example.nodes[0].webhookId), 'customerio-reporting');
		const send = (event: ReportingEvent, i: number) => sendReportingEvent(url(i), event, { signingKey: ws.signingKey });
		const bounce = (person: string, metric = 'bounced') => makeReportingEvent('email', metric, { customer_id: person, identifiers: { id: person } });
		sim.clearRequests();

		// 40 bounces and complaints at once, alternating between the two webhook processors, plus forgeries to each.
		const events = Array.from({ length: 40 }, (_, i) => bounce(`scale-${i}`, i % 2 ? 'spammed' : 'bounced'));
		const answers = await Promise.all(events.map(send));
		expect(answers.map((a) => a.status)).toEqual(events.map(() => 200));
		const forged = await Promise.all([0, 1].flatMap((i) => [
			sendReportingEvent(url(i), bounce('forged-1'), { signingKey: 'not-the-key' }),
			sendReportingEvent(url(i), bounce('forged-2'), { signingKey: ws.signingKey, tamper: 'body' }),
		]));
		expect(forged.map((a) => a.status)).toEqual([401, 401, 401, 401]);
		expect(await finishedExecutions(wf.id, events.length)).toHaveLength(events.length);

		// Customer.io redelivers 10 of them, freshly signed, to the other webhook processor; and one
		// new event arrives twice at the same moment, once in each processor.
		const redelivered = events.slice(0, 10);
		const twin = bounce('scale-twin');
		const again = await Promise.all([...redelivered.map((event, i) => send(event, i + 1)), send(twin, 0), send(twin, 1)]);
		expect(again.map((a) => a.status)).toEqual(again.map(() => 200));
		const total = events.length + redelivered.length + 2;
		const executions = await finishedExecutions(wf.id, total);
		expect(executions).toHaveLength(total);
		expect(executions.filter((e) => e.status !== 'success').map((e) => e.data?.resultData.error)).toEqual([]);

		// Customer.io heard of every person exactly once; redeliveries stopped at "First Time Only".
		const identified = sim.requests
			.filter((r) => r.path === '/api/v2/batch')
			.flatMap((r) => (r.body as { batch: Array<{ identifiers: { id: string } }> }).batch.map((op) => op.identifiers.id));
		expect(identified.sort()).toEqual([...events, twin].map((e) => e.data.customer_id as string).sort());
		expect(sim.person(ws.name, { id: 'scale-1' })).toMatchObject({ unsubscribed: true, attributes: { email_status: 'spammed' } });
		expect(cluster.psql('SELECT count(*) FROM cio_seen_events', 'cio_dedupe').trim()).toBe(String(events.length + 1));

		// Each execution was enqueued by one webhook processor and ran on one worker; both of each took part.
		const enqueuers: number[][] = [];
		const runners: number[][] = [];
		for (const execution of executions) {
			enqueuers.push(await enqueuedBy(execution.id));
			runners.push(await ranOn(execution.id));
		}
		expect(enqueuers.filter((who) => who.length !== 1)).toEqual([]);
		expect(runners.filter((who) => who.length !== 1)).toEqual([]);
		expect(new Set(enqueuers.flat())).toEqual(new Set([0, 1]));
		expect(new Set(runners.flat())).toEqual(new Set([0, 1]));
		await cluster.main.deactivate(wf.id);
	}, 180_000);

	it('batches 10,000 identifies on a worker into Customer.io exactly once', async () => {
		const count = 10_000;
		const wf = await cluster.main.createWorkflow(
			workflow(
				'10,000 identifies in queue mode',
				[
					manualTrigger(),
					code('People', `return Array.from({ length: ${count} }, (_, i) => ({ json: { id: 'queue-' + i, plan: i % 2 ? 'pro' : 'free' } }));`),
					customerIo('Identify', credential, {
						resource: 'person',
						operation: 'identify',
						identifierType: 'id',
						identifier: '={{ $json.id }}',
						attributesJson: '={{ { plan: $json.plan } }}',
					}),
				],
				['Manual Trigger', 'People', 'Identify'],
			),
		);
		sim.clearRequests();
		const execution = await cluster.main.runManually(wf.id, 'Manual Trigger', 180_000);
		expect(execution.status).toBe('success');
		expect(await ranOn(execution.id)).toHaveLength(1);
		expect(nodeOutput(execution, 'Identify')).toHaveLength(count);

		const batches = sim.requests.filter((r) => r.path === '/api/v2/batch');
		expect(batches.every((r) => r.status === 200)).toBe(true);
		expect(sim.requests.filter((r) => r.path !== '/api/v2/batch')).toEqual([]);
		const sent = batches.flatMap((r) => (r.body as { batch: Array<{ identifiers: { id: string } }> }).batch.map((op) => op.identifiers.id));
		expect(sent).toHaveLength(count);
		expect(new Set(sent).size).toBe(count);
		expect(sim.person(ws.name, { id: 'queue-9999' })?.attributes).toMatchObject({ plan: 'pro' });
		expect(await cluster.main.executions(wf.id)).toHaveLength(1);
	}, 240_000);

	it('keeps Customer.io\'s App API limit when two workers call it at once: each paces itself, 429 retries cover the rest, nothing fails', async () => {
		const count = 40;
		for (let i = 0; i < count; i++) sim.seedPerson(ws.name, { id: `rate-${i}`, attributes: { seats: i } });
		const lookup = async (name: string) =>
			(
				await cluster.main.createWorkflow(
					workflow(
						name,
						[
							manualTrigger(),
							code('Ids', `return Array.from({ length: ${count} }, (_, i) => ({ json: { id: 'rate-' + i } }));`),
							customerIo('Get Attributes', credential, { resource: 'person', operation: 'getAttributes', identifierType: 'id', identifier: '={{ $json.id }}', whenNotFound: 'fail' }),
						],
						['Manual Trigger', 'Ids', 'Get Attributes'],
					),
				)
			).id;
		const workflows = [await lookup('lookups A'), await lookup('lookups B')];
		await new Promise((r) => setTimeout(r, 1500)); // let the simulator's bucket refill
		sim.clearRequests();
		const executions = await Promise.all(workflows.map((id) => cluster.main.runManually(id, 'Manual Trigger', 120_000)));
		for (const execution of executions) {
			expect({ status: execution.status, error: execution.data?.resultData.error }).toEqual({ status: 'success', error: undefined });
			expect(nodeOutput(execution, 'Get Attributes').map((item) => (item.json.attributes as { seats?: unknown })?.seats)).toEqual(Array.from({ length: count }, (_, i) => i));
		}
		const lookups = sim.requests.filter((r) => r.api === 'app');
		expect(lookups.filter((r) => r.status !== 200 && r.status !== 429)).toEqual([]);
		expect(lookups.filter((r) => r.status === 200)).toHaveLength(2 * count);
	}, 180_000);

	it('AI Personalize gives a person the same variant and holdout group in either webhook processor', async () => {
		const SIGNING_KEY = 'queue-webhook-action-signing-key';
		const { id: workflowId, webhookId } = await aiPersonalizeWithModel(cluster.main, {
			name: 'AI copy in queue mode',
			stubUrl: stub.url,
			signingKey: SIGNING_KEY,
			parameters: { budgetMs: 2000, holdoutPercent: 30, instructions: 'Warm, short.' },
		});
		await cluster.main.activate(workflowId);

		const ask = async (processor: N8n, userId: string) => {
			const raw = JSON.stringify({ template_id: 'welcome', user_id: userId, attrs: { plan: 'free' }, fields: { first_name: 'Ada' } });
			const response = await fetch(webhookUrl(processor, webhookId, 'personalize'), {
				method: 'POST',
				headers: { 'content-type': 'application/json', ...signedHeaders(SIGNING_KEY, raw) },
				body: raw,
			});
			expect(response.status).toBe(200);
			return (await response.json()) as { copy_id: string; source: string };
		};
		const users = Array.from({ length: 30 }, (_, i) => `queue-user-${i}`);
		const assignments = new Map<string, Set<string>>();
		for (let round = 0; round < 2; round++) {
			for (const [i, user] of users.entries()) {
				// Round 0 sends user i to processor i % 2, round 1 to the other one.
				const answer = await ask(both()[(i + round) % 2], user);
				const seen = assignments.get(user) ?? new Set<string>();
				seen.add(`${answer.copy_id}/${answer.source === 'control' ? 'control' : 'treated'}`);
				assignments.set(user, seen);
			}
		}
		// One assignment per person, whichever process answered; both groups and both A/B variants occur.
		for (const [user, seen] of assignments) expect({ user, assignments: [...seen] }).toEqual({ user, assignments: [expect.any(String)] });
		const all = [...assignments.values()].map((seen) => [...seen][0]);
		expect(all.some((a) => a.endsWith('/control'))).toBe(true);
		expect(all.some((a) => a.endsWith('/treated'))).toBe(true);
		expect(new Set(all.filter((a) => a.endsWith('/treated')).map((a) => a.split('/')[0])).size).toBeGreaterThan(1);
		await cluster.main.deactivate(workflowId);
	}, 120_000);
});
