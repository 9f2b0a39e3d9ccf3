import { randomUUID } from 'crypto';
import { EXAMPLE_TEMPLATES } from '../../nodes/CustomerIoAiPersonalize/description';
import { chooseVariant, inHoldout, type Templates } from '../../nodes/CustomerIoAiPersonalize/templates';
import { N8n } from './harness/n8n';
import { QueueCluster } from './harness/queue';
import { code } from './harness/workflows';

/**
 * The closed loop in a real n8n: one active workflow holds AI Personalize (Allocation: Adaptive)
 * and Webhook → Code (results) → Customer.io AI Results "Update Allocation". Update Allocation
 * writes the shares to the workflow's static data; n8n saves them when that production execution
 * ends, and AI Personalize reads them with the workflow on its next request, in whichever process
 * answers it.
 */
const templates = EXAMPLE_TEMPLATES as unknown as Templates;
const HOLDOUT = 10;
const SALT = 'e2e';
// welcome-b is clearly better: 8% against 2% of 1,000 answers each.
const RESULTS = [
	{ template_id: 'welcome', copy_id: 'welcome-a', source: 'ai', served: 1000, successes: 20 },
	{ template_id: 'welcome', copy_id: 'welcome-b', source: 'ai', served: 1000, successes: 80 },
	{ template_id: 'welcome', copy_id: 'welcome-control', source: 'control', served: 200, successes: 2 },
];

interface Loop {
	personalizeUrls: string[];
	updateUrl: string;
}

async function createLoop(main: N8n, bases: string[]): Promise<Loop> {
	const personalizeId = randomUUID();
	const updateId = randomUUID();
	const { id } = await main.createWorkflow({
		name: 'Closed loop',
		nodes: [
			{
				name: 'AI Personalize',
				type: N8n.nodeType('customerIoAiPersonalize'),
				typeVersion: 1,
				position: [0, 0],
				webhookId: personalizeId,
				parameters: {
					authentication: 'none',
					templates: JSON.stringify(EXAMPLE_TEMPLATES),
					holdoutPercent: HOLDOUT,
					allocation: 'adaptive',
					snapshotMaxAgeMinutes: 60,
					options: { holdoutSalt: SALT },
				},
			},
			{
				name: 'Results Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 300],
				webhookId: updateId,
				parameters: { httpMethod: 'POST', path: updateId, responseMode: 'lastNode', responseData: 'firstEntryJson', options: {} },
			},
			code('Results', `return ${JSON.stringify(RESULTS.map((json) => ({ json })))};`),
			{
				name: 'Update Allocation',
				type: N8n.nodeType('customerIoAiResults'),
				typeVersion: 1,
				position: [600, 300],
				parameters: { operation: 'updateAllocation', outcome: 'clicked' },
			},
		],
		connections: {
			'Results Webhook': { main: [[{ node: 'Results', type: 'main', index: 0 }]] },
			Results: { main: [[{ node: 'Update Allocation', type: 'main', index: 0 }]] },
		},
	});
	await main.activate(id);
	const personalizeUrls = bases.map((base) => `${base}/webhook/${personalizeId}/personalize`);
	for (const url of personalizeUrls) await main.waitForWebhook(url);
	return { personalizeUrls, updateUrl: `${bases[0]}/webhook/${updateId}` };
}

async function personalize(url: string, userId: string, servedCopyId?: string): Promise<Record<string, unknown>> {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ template_id: 'welcome', user_id: userId, attrs: { plan: 'free' }, ...(servedCopyId !== undefined && { served_copy_id: servedCopyId }) }),
	});
	expect(response.status).toBe(200);
	return (await response.json()) as Record<string, unknown>;
}

/** Runs the loop: fixed split before, the shares after Update Allocation, sticky variants. */
async function closeTheLoop(loop: Loop): Promise<void> {
	const urls = loop.personalizeUrls;
	expect(await personalize(urls[0], 'before')).toMatchObject({ allocation: 'fixed' });

	const update = await fetch(loop.updateUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
	expect(update.status).toBe(200);
	const updated = (await update.json()) as { shares: Record<string, number>; saved: boolean };
	expect(updated.saved).toBe(true);
	expect(updated.shares['welcome-b']).toBeGreaterThan(0.9);
	expect(updated.shares['welcome-a']).toBeCloseTo(0.05, 6);

	// n8n saves static data when the execution ends; every answering process must see it.
	for (const url of urls) {
		const deadline = Date.now() + 20_000;
		while ((await personalize(url, 'probe')).allocation !== 'adaptive') {
			if (Date.now() > deadline) throw new Error(`${url} did not see the allocation within 20 s`);
			await new Promise((r) => setTimeout(r, 200));
		}
	}

	const users = Array.from({ length: 300 }, (_, i) => `person-${i}`);
	const answers: Array<Record<string, unknown>> = [];
	for (let i = 0; i < users.length; i += 10) {
		answers.push(...(await Promise.all(users.slice(i, i + 10).map((user, j) => personalize(urls[(i + j) % urls.length], user)))));
	}
	const treated = answers.filter((answer) => answer.source !== 'control');
	// The holdout is exactly who it was before: the same hash, untouched by the allocation.
	expect(users.filter((_, i) => answers[i].source === 'control')).toEqual(users.filter((user) => inHoldout('welcome', user, SALT, HOLDOUT)));
	expect(treated.every((answer) => answer.allocation === 'adaptive')).toBe(true);
	// welcome-b gets its share of the people outside the holdout (±5 points on ~270 people).
	const bShare = treated.filter((answer) => answer.copy_id === 'welcome-b').length / treated.length;
	expect(Math.abs(bShare - updated.shares['welcome-b'])).toBeLessThan(0.05);
	// And each person got exactly the variant their hash picks against the shares.
	const shares = [updated.shares['welcome-a'], updated.shares['welcome-b']];
	users.forEach((user, i) => {
		if (answers[i].source !== 'control') expect(answers[i].copy_id).toBe(chooseVariant('welcome', templates.welcome, user, {}, { shares }).variant.copy_id);
	});

	// A person served welcome-a before keeps it, although the shares now favour welcome-b.
	const movedOn = users.find((_, i) => answers[i].copy_id === 'welcome-b') as string;
	expect(await personalize(urls[urls.length - 1], movedOn, 'welcome-a')).toMatchObject({ copy_id: 'welcome-a', source: 'fallback', allocation: 'adaptive' });
}

describe('adaptive allocation in n8n (single process)', () => {
	let n8n: N8n;
	beforeAll(async () => {
		n8n = await N8n.start();
	}, 180_000);
	afterAll(async () => {
		await n8n?.stop();
	});

	it('moves traffic to the better copy after Update Allocation, keeps the holdout and served variants', async () => {
		await closeTheLoop(await createLoop(n8n, [n8n.url]));
	}, 120_000);
});

describe('adaptive allocation in n8n queue mode (update on a worker, answers in two webhook processors)', () => {
	let cluster: QueueCluster;
	beforeAll(async () => {
		cluster = await QueueCluster.start({ workers: 1, webhookProcessors: 2 });
	}, 240_000);
	afterAll(async () => {
		await cluster?.stop();
	});

	it('every webhook processor answers with the shares the worker saved', async () => {
		await closeTheLoop(await createLoop(cluster.main, cluster.webhookProcessors.map((processor) => processor.url)));
	}, 180_000);
});
