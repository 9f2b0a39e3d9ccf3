import { Workflow, type INode, type INodeTypes } from 'n8n-workflow';
import { CustomerIoLifecycle, operationSentences, subtitleExpression } from '../../../nodes/CustomerIo/CustomerIoLifecycle.node';
import { properties } from '../../../nodes/CustomerIo/actions/description';

/**
 * The subtitle under the node on the canvas reads like a sentence: the chosen operation's
 * `action` ("Identify a person", "Track an event", "Send a transactional email"), for every
 * resource and operation of the pickers. It is evaluated here as n8n's editor does it
 * (`workflow.expression.getSimpleParameterValue(node, subtitle, 'internal', {})`).
 */
const nodeType = new CustomerIoLifecycle();
const nodeTypes = {
	getByName: () => nodeType,
	getByNameAndVersion: () => nodeType,
	getKnownTypes: () => ({}),
} as unknown as INodeTypes;

type Option = { name: string; value: string; action?: string };

/** Every resource/operation pair the pickers offer, with the operation's option. */
function pairs(): Array<{ resource: string; operation: Option }> {
	const resources = (properties.find((p) => p.name === 'resource')?.options ?? []) as Option[];
	return resources.flatMap(({ value: resource }) => {
		const picker = properties.find((p) => p.name === 'operation' && (p.displayOptions?.show?.resource as string[] | undefined)?.includes(resource));
		expect(picker).toBeDefined();
		return ((picker?.options ?? []) as Option[]).map((operation) => ({ resource, operation }));
	});
}

/** The subtitle n8n's editor shows for a node with these (stored) parameters. */
function subtitleFor(parameters: INode['parameters'], typeVersion = 1.1): unknown {
	const node: INode = {
		id: 'n1',
		name: 'Customer.io Lifecycle',
		type: 'n8n-nodes-customerio-lifecycle.customerIoLifecycle',
		typeVersion,
		position: [0, 0],
		parameters: { ...parameters },
	};
	const workflow = new Workflow({ id: 'wf', nodes: [node], connections: {}, active: false, nodeTypes });
	const subtitle = nodeType.description.subtitle as string;
	return workflow.expression.getSimpleParameterValue(workflow.nodes[node.name], subtitle, 'internal', {}, undefined, 'fallback');
}

describe('node subtitle', () => {
	it('has a sentence for every resource/operation pair of the pickers: the operation\'s action text', () => {
		const all = pairs();
		expect(all.length).toBeGreaterThanOrEqual(21);
		const sentences = operationSentences();
		for (const { resource, operation } of all) {
			const sentence = sentences[`${resource}.${operation.value}`];
			expect(sentence).toBe(operation.action);
			// A sentence: a capitalized verb and more words, not "identify: person".
			expect(sentence).toMatch(/^[A-Z][a-z]+( \S+)+$/);
			expect(sentence).not.toContain(':');
		}
		expect(Object.keys(sentences).sort()).toEqual(all.map(({ resource, operation }) => `${resource}.${operation.value}`).sort());
	});

	it('shows that sentence in n8n\'s editor for every pair (the expression n8n evaluates)', () => {
		for (const { resource, operation } of pairs()) {
			for (const typeVersion of [1, 1.1]) {
				expect(subtitleFor({ resource, operation: operation.value }, typeVersion)).toBe(operation.action);
			}
		}
	});

	it('reads as examples in the issue: "Identify a person", "Track an event", "Send a transactional email"', () => {
		// A new node stores no parameter at its defaults: Person → Identify.
		expect(subtitleFor({})).toBe('Identify a person');
		expect(subtitleFor({ resource: 'event' })).toBe('Track an event');
		expect(subtitleFor({ resource: 'transactional', operation: 'sendEmail' })).toBe('Send a transactional email');
	});

	it('is one flat object literal: nothing in it closes the expression early', () => {
		const subtitle = subtitleExpression();
		expect(subtitle.startsWith('={{ (')).toBe(true);
		expect(subtitle.indexOf('}}')).toBe(subtitle.length - 2);
		expect(subtitle.indexOf('{{')).toBe(1);
		expect(nodeType.description.subtitle).toBe(subtitle);
	});

	it('falls back to the operation\'s value for a pair it does not know', () => {
		expect(subtitleExpression({})).toContain('|| $parameter["operation"]');
		expect(subtitleFor({ resource: 'person', operation: 'notAnOperation' })).toBe('notAnOperation');
	});
});
