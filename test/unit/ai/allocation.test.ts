import { CustomerIoAiPersonalize } from '../../../nodes/CustomerIoAiPersonalize/CustomerIoAiPersonalize.node';
import { sharesFor } from '../../../nodes/CustomerIoAiPersonalize/allocation';
import { EXAMPLE_TEMPLATES } from '../../../nodes/CustomerIoAiPersonalize/description';
import { personalize, type PersonalizeSettings } from '../../../nodes/CustomerIoAiPersonalize/personalize';
import { listedNames } from '../../../nodes/CustomerIoAiPersonalize/pii';
import { parseRequest, requestSchema } from '../../../nodes/CustomerIoAiPersonalize/request';
import { chooseVariant, inHoldout, splitPool, type Templates } from '../../../nodes/CustomerIoAiPersonalize/templates';
import { ALLOCATION_KEY } from '../../../nodes/shared/allocation';
import { fakeWebhookContext } from '../../helpers/fakeWebhookContext';

/**
 * AI Personalize with Allocation "Adaptive": the split follows the shares Update Allocation
 * wrote to the workflow's static data; the holdout, rules and a person's served variant come
 * first; anything wrong with the snapshot means the fixed split, never an error.
 */
const templates = EXAMPLE_TEMPLATES as unknown as Templates;
const NOW = Date.parse('2026-03-01T12:00:00Z');
const minutesAgo = (minutes: number) => new Date(NOW - minutes * 60_000).toISOString();
const snapshot = (shares: Record<string, number>, updatedAt = minutesAgo(5)) => ({ updatedAt, outcome: 'clicked', shares });

const settings = (over: Partial<PersonalizeSettings> = {}): PersonalizeSettings => ({
	templates,
	instructions: '',
	budgetMs: 300,
	holdoutPercent: 0,
	holdoutSalt: '',
	allocation: 'adaptive',
	snapshotMaxAgeMinutes: 60,
	piiNames: listedNames(''),
	...over,
});

async function answerFor(userId: string, allocation: unknown, over: Partial<PersonalizeSettings> = {}, request: Record<string, unknown> = {}) {
	const outcome = await personalize({
		request: requestSchema.parse({ template_id: 'welcome', user_id: userId, attrs: { plan: 'free' }, ...request }),
		settings: settings(over),
		model: undefined,
		startedAt: NOW,
		allocation,
		now: () => NOW,
	});
	if (outcome.status !== 200) throw new Error(outcome.error);
	return outcome;
}

describe('the split follows the snapshot', () => {
	it('gives each variant about its share of 10,000 people (±1.5 points)', async () => {
		const counts: Record<string, number> = { 'welcome-a': 0, 'welcome-b': 0 };
		for (let i = 0; i < 10_000; i++) {
			const { answer } = await answerFor(`user-${i}`, snapshot({ 'welcome-a': 0.2, 'welcome-b': 0.8 }));
			counts[answer.copy_id]++;
			expect(answer.allocation).toBe('adaptive');
		}
		expect(Math.abs(counts['welcome-b'] / 10_000 - 0.8)).toBeLessThan(0.015);
	});

	it('puts everyone where the fixed split does when the shares are equal', () => {
		for (let i = 0; i < 2_000; i++) {
			const fixed = chooseVariant('welcome', templates.welcome, `u${i}`, {});
			const adaptive = chooseVariant('welcome', templates.welcome, `u${i}`, {}, { shares: [0.5, 0.5] });
			expect([adaptive.variant.copy_id, adaptive.reason]).toEqual([fixed.variant.copy_id, 'adaptive']);
		}
	});

	it('never picks a variant whose share is 0', () => {
		for (let i = 0; i < 2_000; i++) {
			expect(chooseVariant('welcome', templates.welcome, `u${i}`, {}, { shares: [0, 1] }).variant.copy_id).toBe('welcome-b');
		}
	});

	it('leaves the holdout as it is: the same people get the control copy', async () => {
		const shares = snapshot({ 'welcome-a': 0.05, 'welcome-b': 0.95 });
		for (let i = 0; i < 1_000; i++) {
			const { answer } = await answerFor(`user-${i}`, shares, { holdoutPercent: 10, holdoutSalt: 's' });
			expect(answer.source === 'control').toBe(inHoldout('welcome', `user-${i}`, 's', 10));
			if (answer.source === 'control') expect(answer.copy_id).toBe('welcome-control');
		}
	});

	it('still lets a matching rule win (rules are not allocated)', async () => {
		const { answer, audit } = await answerFor('user-1', snapshot({ 'welcome-a': 0, 'welcome-b': 1 }), {}, { attrs: { plan: 'pro' } });
		expect(answer.copy_id).toBe('welcome-pro');
		expect(audit.chosen_by).toBe('rule');
	});
});

describe('a person keeps the variant they were served', () => {
	it('answers served_copy_id again even when the shares point elsewhere', async () => {
		const { answer, audit } = await answerFor('user-1', snapshot({ 'welcome-a': 0, 'welcome-b': 1 }), {}, { served_copy_id: 'welcome-a' });
		// Letters follow the template's order: welcome-pro is A.
		expect(answer).toMatchObject({ copy_id: 'welcome-a', variant: 'B', allocation: 'adaptive' });
		expect(audit.chosen_by).toBe('served');
	});

	it('ignores a served_copy_id that is not in the split (unknown, the control copy, a rule variant, or empty)', async () => {
		for (const served of ['welcome-zzz', 'welcome-control', 'welcome-pro', '', '  ']) {
			const { answer, audit } = await answerFor('user-1', snapshot({ 'welcome-a': 0, 'welcome-b': 1 }), {}, { served_copy_id: served });
			expect([answer.copy_id, audit.chosen_by]).toEqual(['welcome-b', 'adaptive']);
		}
	});

	it('does not take a served variant out of the holdout', async () => {
		const { answer } = await answerFor('user-1', snapshot({ 'welcome-a': 0.5, 'welcome-b': 0.5 }), { holdoutPercent: 100 }, { served_copy_id: 'welcome-a' });
		expect(answer.source).toBe('control');
	});

	it('validates served_copy_id in the request', () => {
		expect(parseRequest(Buffer.from(JSON.stringify({ template_id: 'welcome', user_id: 'u', served_copy_id: 42 })))).toEqual({ ok: false, reply: { error: 'served_copy_id: Expected string, received number' } });
		expect(parseRequest(Buffer.from(JSON.stringify({ template_id: 'welcome', user_id: 'u', served_copy_id: 'x'.repeat(101) })))).toMatchObject({ ok: false, reply: { error: expect.stringMatching(/^served_copy_id: /) } });
	});
});

describe('the fixed split answers whenever the snapshot cannot be used', () => {
	const fixedFor = (userId: string) => chooseVariant('welcome', templates.welcome, userId, {}).variant.copy_id;

	it.each([
		['there is none', undefined, /^no allocation for this template yet/],
		['it is older than Snapshot Max Age', snapshot({ 'welcome-a': 0, 'welcome-b': 1 }, minutesAgo(61)), /^the allocation is 61 minutes old \(Snapshot Max Age is 60\)$/],
		['updatedAt is not a date', { ...snapshot({ 'welcome-a': 0, 'welcome-b': 1 }), updatedAt: 'yesterday' }, /^the allocation is invalid: updatedAt: /],
		['a share is negative', snapshot({ 'welcome-a': -0.5, 'welcome-b': 1.5 }), /^the allocation is invalid: shares\.welcome-a: /],
		['the shares do not add up to 1', snapshot({ 'welcome-a': 0.2, 'welcome-b': 0.2 }), /^the allocation is invalid: shares: do not add up to 1$/],
		['it is not an object', 'welcome-b', /^the allocation is invalid: \(root\): /],
		['it lacks a variant of the template (a new one)', snapshot({ 'welcome-b': 1 }), /^the allocation has no share for copy_id "welcome-a"/],
		['it only names other copy_ids', snapshot({ 'old-a': 0.5, 'old-b': 0.5 }), /^the allocation has no share for copy_id "welcome-a"/],
		['the variants have no share', snapshot({ 'welcome-a': 0, 'welcome-b': 0, 'old-c': 1 }), /no share$/],
	])('when %s', async (_label, entry, reason) => {
		for (const userId of ['user-1', 'user-2', 'user-3', 'user-4']) {
			const { answer, audit } = await answerFor(userId, entry);
			expect([answer.copy_id, answer.allocation, audit.chosen_by]).toEqual([fixedFor(userId), 'fixed', 'split']);
			expect(audit.allocation_fallback).toMatch(reason);
		}
	});

	it('leaves out copy_ids the template no longer has and scales the rest up', () => {
		const result = sharesFor(snapshot({ 'welcome-a': 0.1, 'welcome-b': 0.3, 'removed-c': 0.6 }), splitPool(templates.welcome), 3_600_000, NOW);
		expect(result.ok && result.shares.map((share) => share.toFixed(6))).toEqual(['0.250000', '0.750000']);
	});

	it('says "fixed" and gives no fallback reason with Allocation "Fixed Split", whatever the snapshot holds', async () => {
		const { answer, audit } = await answerFor('user-1', undefined, { allocation: 'fixed' });
		expect(answer.allocation).toBe('fixed');
		expect(audit.allocation_fallback).toBeUndefined();
	});
});

describe('in the node', () => {
	const node = new CustomerIoAiPersonalize();
	const call = async (staticData: Record<string, unknown>, parameters: Record<string, unknown>) => {
		const { ctx, answer } = fakeWebhookContext(
			{ rawBody: JSON.stringify({ template_id: 'welcome', user_id: 'user-7', attrs: {} }), headers: {} },
			{
				credentials: {},
				parameters: { authentication: 'none', budgetMs: 500, templates: JSON.stringify(EXAMPLE_TEMPLATES), instructions: '', holdoutPercent: 0, ...parameters },
				extra: { getInputConnectionData: async () => undefined, getWorkflowStaticData: () => staticData },
			},
		);
		const result = await node.webhook.call(ctx);
		return { answer: answer.body as Record<string, unknown>, audit: result.workflowData?.[0][0].json ?? {} };
	};

	it("reads the template's shares from the workflow's static data, without changing it", async () => {
		const staticData = { [ALLOCATION_KEY]: { welcome: { updatedAt: new Date().toISOString(), outcome: 'clicked', shares: { 'welcome-a': 0, 'welcome-b': 1 } } } };
		const before = JSON.stringify(staticData);
		const { answer } = await call(staticData, { allocation: 'adaptive', snapshotMaxAgeMinutes: 60 });
		expect(answer).toMatchObject({ copy_id: 'welcome-b', allocation: 'adaptive' });
		expect(JSON.stringify(staticData)).toBe(before);
	});

	it('answers with the fixed split when static data has no snapshot', async () => {
		const { answer, audit } = await call({}, { allocation: 'adaptive' });
		expect(answer.allocation).toBe('fixed');
		expect(audit.allocation_fallback).toMatch(/^no allocation/);
	});

	it('refuses a Snapshot Max Age outside 1 to 10080 minutes at activation', async () => {
		const { ctx } = fakeWebhookContext({ rawBody: '{}', headers: {} }, { credentials: {}, parameters: { authentication: 'none', templates: JSON.stringify(EXAMPLE_TEMPLATES), allocation: 'adaptive', snapshotMaxAgeMinutes: 0 } });
		await expect(node.webhookMethods.default.checkExists.call(ctx)).rejects.toThrow('Snapshot Max Age (Minutes) must be a number from 1 to 10080');
	});
});
