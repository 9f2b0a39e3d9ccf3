import { EXAMPLE_TEMPLATES } from '../../../nodes/CustomerIoAiPersonalize/description';
import { MAX_BLOCK_MS } from '../../helpers/eventLoopProbe';
import { AUTHORIZED, body, call, modelAnswering, warmUp } from './harness';

/**
 * What is answered stays within the node's promises whatever the request holds: the answer
 * comes within the time budget counted from the request's arrival, and every var, whether
 * written by the model, the variant (fallback) or the control copy, fits its character limit.
 */
beforeAll(warmUp);

const goodVars = JSON.stringify({ subject: 'Grace, Pro is on', preheader: 'p', body: 'b', cta: 'Go' });

describe('the time budget covers the whole answer', () => {
	it('answers within the budget when the chat model sub-node takes longer than that to load', async () => {
		const slowLoad = () => new Promise((resolve) => setTimeout(() => resolve(modelAnswering(goodVars)), 2000).unref());
		const result = await call({ raw: body(), parameters: { budgetMs: 300 }, model: slowLoad });
		expect(result.elapsedMs).toBeLessThan(300 + 150);
		expect(result).toMatchObject({ status: 200, body: { source: 'fallback', vars: { subject: 'Welcome to Pro, Grace' } } });
		expect(result.audit).toMatchObject({ model_error: expect.stringMatching(/^the chat model sub-node did not load within \d+ ms$/) });
		expect(result.blockedMs).toBeLessThan(MAX_BLOCK_MS);
	});

	it('does not ask the model when reading the request used up the budget', async () => {
		const model = { asked: 0, invoke: async () => (model.asked++, { content: goodVars }) };
		// The clock jumps by the whole budget between the request's arrival and everything after it.
		const arrival = Date.now();
		const clock = jest.spyOn(Date, 'now').mockImplementationOnce(() => arrival).mockImplementation(() => arrival + 600);
		try {
			const result = await call({ raw: body(), parameters: { budgetMs: 500 }, model });
			expect(result).toMatchObject({ status: 200, body: { source: 'fallback' }, audit: { reason: 'no time left for the model' } });
		} finally {
			clock.mockRestore();
		}
		expect(model.asked).toBe(0);
	});
});

describe('every answered var fits its limit', () => {
	const longName = 'G'.repeat(10_000);
	const withControl = JSON.stringify({
		welcome: {
			...EXAMPLE_TEMPLATES.welcome,
			control: { copy_id: 'welcome-control', vars: { subject: 'Welcome, {{fields.first_name | default: "friend"}}', preheader: 'p', body: 'b', cta: 'c' } },
		},
	});

	const modelCopyingTheField = modelAnswering(JSON.stringify({ subject: 'Hi {{fields.first_name}}', preheader: 'p', body: 'b', cta: 'c' }));
	it.each([
		['fallback', {}, undefined, 'Welcome to Pro, there', ['subject', 'body']],
		['control', { holdoutPercent: 100, templates: withControl }, undefined, 'Welcome, friend', ['subject']],
		['fallback after a model that wrote the long field into the copy', {}, modelCopyingTheField, 'Welcome to Pro, there', ['subject', 'body']],
	])('%s: a 10,000-character first_name is left out, the slot answers its default', async (source, parameters, model, subject, defaulted) => {
		const result = await call({ raw: body({ fields: { first_name: longName } }), parameters, model, headers: AUTHORIZED });
		expect(result).toMatchObject({ status: 200, body: { source: source.split(' ')[0], vars: { subject } } });
		expect(result.audit).toMatchObject({ defaulted_vars: defaulted });
		expect(JSON.stringify(result.body)).not.toContain('GGGG');
		expect(result.blockedMs).toBeLessThan(MAX_BLOCK_MS);
	});
});
