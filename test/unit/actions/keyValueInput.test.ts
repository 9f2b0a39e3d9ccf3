import { NodeHelpers, Workflow, type IExecuteFunctions, type INode, type INodeProperties, type INodeTypes } from 'n8n-workflow';
import { CustomerIoLifecycle } from '../../../nodes/CustomerIo/CustomerIoLifecycle.node';
import { readKeyValues } from '../../../nodes/CustomerIo/actions/common/keyValues';
import { runNode } from '../../helpers/runNode';
import { simulatorPerFile } from '../../helpers/simulatorPerFile';

/**
 * Attributes, event data, device, object and relationship attributes: one way at a time. Since
 * node version 1.1, "{Label} Input" is "Map Each Field" (the name/value list, default) or "Use a
 * JSON Object" (the JSON field alone). Version 1 nodes keep both fields and keep sending exactly
 * what they sent (the pairs merged over the JSON, the pairs winning on equal names).
 *
 * "What n8n keeps" is computed by n8n itself: a Workflow built from the saved node applies n8n's
 * defaults and drops every parameter its display rules hide, as it does before each execution.
 */
const { sim, ws } = simulatorPerFile();

const nodeType = new CustomerIoLifecycle();
const TYPE = 'n8n-nodes-customerio-lifecycle.customerIoLifecycle';
const nodeTypes = {
	getByName: () => nodeType,
	getByNameAndVersion: () => nodeType,
	getKnownTypes: () => ({}),
} as unknown as INodeTypes;

function savedNode(parameters: INode['parameters'], typeVersion = 1.1): INode {
	return { id: 'n1', name: 'CIO', type: TYPE, typeVersion, position: [0, 0], parameters: structuredClone(parameters) };
}

/** The node's parameters as n8n runs it: defaults added, hidden parameters dropped. */
function asN8nRunsIt(parameters: INode['parameters'], typeVersion = 1.1): INode['parameters'] {
	const workflow = new Workflow({ id: 'wf', nodes: [savedNode(parameters, typeVersion)], connections: {}, active: false, nodeTypes });
	return workflow.nodes.CIO.parameters;
}

/**
 * What n8n's editor stores for these parameters (only displayed values that differ from their
 * defaults), without the resource and operation (stored only when not the default).
 */
function asN8nStoresIt(parameters: INode['parameters'], typeVersion = 1.1): INode['parameters'] {
	const node = savedNode(parameters, typeVersion);
	const stored = NodeHelpers.getNodeParameters(nodeType.description.properties, node.parameters, false, false, node, nodeType.description) ?? {};
	const { resource: _resource, operation: _operation, ...rest } = stored;
	return rest;
}

/** A context that reads parameters like n8n's getNodeParameter (dotted paths, fallback). */
function contextOf(parameters: INode['parameters']): IExecuteFunctions {
	return {
		getNode: () => savedNode(parameters),
		getNodeParameter: (name: string, _itemIndex: number, fallback?: unknown) => {
			let value: unknown = parameters;
			for (const key of name.split('.')) value = (value as Record<string, unknown> | undefined)?.[key];
			return value === undefined ? fallback : value;
		},
	} as unknown as IExecuteFunctions;
}

/** Every user of the key/value fields: its prefix and the resource/operation that shows it. */
const USERS = [
	{ prefix: 'attributes', label: 'Attributes', resource: 'person', operation: 'identify' },
	{ prefix: 'deviceAttributes', label: 'Device Attributes', resource: 'person', operation: 'addDevice' },
	{ prefix: 'data', label: 'Event Data', resource: 'event', operation: 'track' },
	{ prefix: 'data', label: 'Event Data', resource: 'event', operation: 'trackAnonymous' },
	{ prefix: 'data', label: 'Event Data', resource: 'event', operation: 'trackPageView' },
	{ prefix: 'data', label: 'Event Data', resource: 'event', operation: 'trackScreenView' },
	{ prefix: 'objectAttributes', label: 'Object Attributes', resource: 'object', operation: 'identify' },
	{ prefix: 'relationshipAttributes', label: 'Relationship Attributes', resource: 'object', operation: 'addRelationships' },
];

const shows = (p: INodeProperties, resource: string, operation: string) =>
	(p.displayOptions?.show?.resource as string[] | undefined)?.includes(resource) &&
	(p.displayOptions?.show?.operation as string[] | undefined)?.includes(operation);

describe('key/value input: one way at a time', () => {
	it('every name/value list of the node has an Input switch ("Map Each Field" by default | "Use a JSON Object")', () => {
		const lists = nodeType.description.properties.filter(
			(p) => p.type === 'fixedCollection' && p.name.endsWith('Ui') && (p.options ?? []).some((o) => o.name === 'pair'),
		);
		const prefixes = [...new Set(lists.map((p) => p.name.replace(/Ui$/, '')))].sort();
		expect(prefixes).toEqual([...new Set(USERS.map((u) => u.prefix))].sort());
		for (const prefix of prefixes) {
			for (const mode of nodeType.description.properties.filter((p) => p.name === `${prefix}Input`)) {
				expect(mode).toMatchObject({ type: 'options', default: 'fields', noDataExpression: true });
				expect((mode.options ?? []).map((o) => o.name)).toEqual(['Map Each Field', 'Use a JSON Object']);
			}
		}
		for (const { prefix, resource, operation } of USERS) {
			expect(nodeType.description.properties.some((p) => p.name === `${prefix}Input` && shows(p, resource, operation))).toBe(true);
		}
	});

	describe.each(USERS)('$resource → $operation ($prefix)', ({ prefix, label, resource, operation }) => {
		const base = { resource, operation };
		const ui = `${prefix}Ui`;
		const json = `${prefix}Json`;
		const mode = `${prefix}Input`;
		const pairs = { pair: [{ name: 'plan', value: 'pro' }, { name: 'seats', value: '5' }] };

		it('a new node shows the list only; switching to JSON shows the JSON field only', () => {
			const fresh = asN8nRunsIt(base);
			expect(fresh[mode]).toBe('fields');
			expect(fresh).toHaveProperty(ui);
			expect(fresh).not.toHaveProperty(json);

			const jsonMode = asN8nRunsIt({ ...base, [mode]: 'json' });
			expect(jsonMode).toHaveProperty(json, '{}');
			expect(jsonMode).not.toHaveProperty(ui);
		});

		it('saved on version 1 with both fields: both kept and merged as before (no switch on version 1)', () => {
			const expression = '={{ { seats: 3, tier: "gold" } }}';
			const saved = { ...base, [ui]: pairs, [json]: expression };
			expect(asN8nStoresIt(saved, 1)).toEqual({ [ui]: pairs, [json]: expression });
			const run = asN8nRunsIt(saved, 1);
			expect(run).toMatchObject({ [ui]: pairs, [json]: expression });
			expect(run).not.toHaveProperty(mode);
			// Resolved JSON (n8n evaluates the expression) under the pairs, the pairs winning.
			const resolved = { ...run, [json]: { seats: 3, tier: 'gold' } };
			expect(readKeyValues(contextOf(resolved), prefix, 0, label)).toEqual({ seats: '5', tier: 'gold', plan: 'pro' });
		});

		it('saved on version 1 with the JSON field only, or the list only: sends what it sent', () => {
			const jsonOnly = asN8nRunsIt({ ...base, [json]: '{"tier": "gold"}' }, 1);
			expect(readKeyValues(contextOf(jsonOnly), prefix, 0, label)).toEqual({ tier: 'gold' });
			const listOnly = asN8nRunsIt({ ...base, [ui]: pairs }, 1);
			expect(readKeyValues(contextOf(listOnly), prefix, 0, label)).toEqual({ plan: 'pro', seats: '5' });
		});

		it('version 1.1, "Map Each Field": the pairs alone; a JSON value left from before is hidden and dropped', () => {
			const saved = { ...base, [ui]: pairs, [json]: '{"tier": "gold"}' };
			const run = asN8nRunsIt(saved);
			expect(run).toMatchObject({ [mode]: 'fields', [ui]: pairs });
			expect(run).not.toHaveProperty(json);
			expect(readKeyValues(contextOf(run), prefix, 0, label)).toEqual({ plan: 'pro', seats: '5' });
			// Even if a JSON value were still there, only the pairs count.
			expect(readKeyValues(contextOf({ ...saved, [mode]: 'fields' }), prefix, 0, label)).toEqual({ plan: 'pro', seats: '5' });
		});

		it('"Use a JSON Object": the JSON alone; a list left from before is dropped, as the editor hides it', () => {
			const saved = { ...base, [mode]: 'json', [ui]: pairs, [json]: '{"tier": "gold"}' };
			const stored = asN8nStoresIt(saved);
			expect(stored).toEqual({ [mode]: 'json', [json]: '{"tier": "gold"}' });
			const run = asN8nRunsIt(saved);
			expect(run).not.toHaveProperty(ui);
			expect(readKeyValues(contextOf(run), prefix, 0, label)).toEqual({ tier: 'gold' });
			// Even if a list were still there, only the JSON counts.
			expect(readKeyValues(contextOf(saved), prefix, 0, label)).toEqual({ tier: 'gold' });
		});

		it('names the field the user sees in errors', () => {
			expect(() => readKeyValues(contextOf({ ...base, [mode]: 'json', [json]: '{bad' }), prefix, 0, label)).toThrow(
				`Item 0: ${label} is not valid JSON`,
			);
			expect(() => readKeyValues(contextOf({ ...base, [json]: '[1]' }), prefix, 0, label)).toThrow(`Item 0: ${label} (JSON) must be a JSON object`);
		});
	});
});

describe('what reaches Customer.io', () => {
	const people = [{ id: 'kv-1' }, { id: 'kv-2' }];
	const identify = (parameters: INode['parameters'], typeVersion = 1.1) => ({
		credentials: sim.credentialFor(ws),
		items: people,
		parameters: { ...asN8nRunsIt({ resource: 'person', operation: 'identify', identifierType: 'id', ...parameters }, typeVersion), identifier: (i: number) => people[i].id },
	});

	it('a version 1 node with both fields sends the merged attributes, as before the switch', async () => {
		await runNode(identify({ attributesUi: { pair: [{ name: 'plan', value: 'pro' }] }, attributesJson: '{"plan": "free", "seats": 4}' }, 1));
		expect(sim.person('client-a', { id: 'kv-1' })?.attributes).toMatchObject({ plan: 'pro', seats: 4 });
	});

	it('a new node in JSON mode sends the JSON object alone', async () => {
		await runNode(identify({ attributesInput: 'json', attributesUi: { pair: [{ name: 'ignored', value: 'x' }] }, attributesJson: '{"tier": "gold"}' }));
		const attributes = sim.person('client-a', { id: 'kv-2' })?.attributes;
		expect(attributes).toMatchObject({ tier: 'gold' });
		expect(attributes).not.toHaveProperty('ignored');
	});

	it('event data: a version 1 Track node with both fields sends both; JSON mode sends the JSON', async () => {
		const track = (parameters: INode['parameters'], typeVersion = 1.1) => ({
			credentials: sim.credentialFor(ws),
			items: [{ id: 'kv-1' }],
			parameters: { ...asN8nRunsIt({ resource: 'event', operation: 'track', identifierType: 'id', identifier: 'kv-1', eventName: 'kv', ...parameters }, typeVersion) },
		});
		await runNode(track({ dataUi: { pair: [{ name: 'a', value: '1' }] }, dataJson: '{"b": 2}' }, 1));
		await runNode(track({ dataInput: 'json', dataJson: '{"c": 3}' }));
		expect(sim.person('client-a', { id: 'kv-1' })?.events.map((e) => e.data)).toEqual([{ b: 2, a: '1' }, { c: 3 }]);
	});
});
