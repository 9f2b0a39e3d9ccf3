import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';
import { withFastParameters } from '../../../nodes/CustomerIo/actions/common/fastParameters';

/**
 * Batch mode reads parameters faster than n8n's getNodeParameter (tens of microseconds per call,
 * about 50 µs per expression): a value without an expression once per execution, and an
 * expression that only names a field of the item (`{{ $json.id }}`) straight from the item,
 * after checking on the first item that n8n reads it the same. Any other expression still goes
 * through n8n for every item.
 */
function context(parameters: INode['parameters'], items: IDataObject[], n8nReads: (name: string, json: IDataObject) => unknown) {
	const calls: string[] = [];
	const ctx = {
		marker: 'original',
		getNode: () => ({ parameters }) as INode,
		getInputData: () => items.map((json) => ({ json })),
		getNodeParameter: (name: string, itemIndex: number) => {
			calls.push(`${name}@${itemIndex}`);
			return n8nReads(name, items[itemIndex]);
		},
		whoAmI() {
			return (this as { marker: string }).marker;
		},
	};
	return { ctx: ctx as unknown as IExecuteFunctions & { whoAmI(): string }, calls };
}

const people: IDataObject[] = [
	{ id: 'u-1', plan: 'pro', 'first name': 'Ada', seats: 3 },
	{ id: 'u-2', plan: 'free', 'first name': 'Grace', seats: 0 },
	{ id: 'u-3', 'first name': 'Linus', seats: 12 },
];
/** What n8n answers for the parameters below: the referenced fields, values kept as they are. */
const n8n = (name: string, json: IDataObject): unknown =>
	({
		identifierType: 'id',
		identifier: json.id,
		'attributesUi.pair': [
			{ name: 'plan', value: json.plan },
			{ name: 'first_name', value: json['first name'] },
			{ name: 'source', value: 'import' },
		],
		seatsPlusOne: Number(json.seats) + 1,
		greeting: `Hi ${String(json['first name'])}`,
		identifyOptions: {},
	})[name];

describe('withFastParameters', () => {
	it('reads a parameter without expressions once per execution', () => {
		const { ctx, calls } = context({ identifierType: 'id' }, people, n8n);
		const fast = withFastParameters(ctx);
		for (const itemIndex of [0, 1, 2]) expect(fast.getNodeParameter('identifierType', itemIndex)).toBe('id');
		// Left at its default, a parameter is static too.
		for (const itemIndex of [0, 1, 2]) fast.getNodeParameter('identifyOptions', itemIndex);
		expect(calls).toEqual(['identifierType@0', 'identifyOptions@0']);
	});

	it('fills field references from each item, nested ones too, after n8n confirmed the first item', () => {
		const parameters = {
			identifier: '={{ $json.id }}',
			attributesUi: {
				pair: [
					{ name: 'plan', value: '={{$json.plan}}' },
					{ name: 'first_name', value: '={{ $json["first name"] }}' },
					{ name: 'source', value: 'import' },
				],
			},
		};
		const { ctx, calls } = context(parameters, people, n8n);
		const fast = withFastParameters(ctx);
		for (const [itemIndex, json] of people.entries()) {
			expect(fast.getNodeParameter('identifier', itemIndex)).toBe(json.id);
			expect(fast.getNodeParameter('attributesUi.pair', itemIndex)).toEqual(n8n('attributesUi.pair', json));
		}
		// A field the item lacks is undefined, as in n8n (u-3 has no plan).
		expect((fast.getNodeParameter('attributesUi.pair', 2) as Array<{ value: unknown }>)[0].value).toBeUndefined();
		expect(calls).toEqual(['identifier@0', 'attributesUi.pair@0']);
	});

	it('sends every other expression through n8n for every item', () => {
		const parameters = { seatsPlusOne: '={{ $json.seats + 1 }}', greeting: '=Hi {{ $json["first name"] }}', deep: '={{ $json.address.city }}' };
		const { ctx, calls } = context(parameters, people, n8n);
		const fast = withFastParameters(ctx);
		for (const itemIndex of [0, 1, 2]) {
			expect(fast.getNodeParameter('seatsPlusOne', itemIndex)).toBe(Number(people[itemIndex].seats) + 1);
			expect(fast.getNodeParameter('greeting', itemIndex)).toBe(`Hi ${String(people[itemIndex]['first name'])}`);
		}
		expect(calls).toEqual(['seatsPlusOne@0', 'greeting@0', 'seatsPlusOne@1', 'greeting@1', 'seatsPlusOne@2', 'greeting@2']);
	});

	it('sends a part of a collection that is itself one expression through n8n for every item', () => {
		// e.g. Attributes given as "={{ … }}" in the workflow's JSON, read as attributesUi.pair
		const { ctx, calls } = context({ attributesUi: '={{ { pair: [{ name: "plan", value: $json.plan }] } }}' }, people, n8n);
		const fast = withFastParameters(ctx);
		expect([0, 1].map((itemIndex) => fast.getNodeParameter('attributesUi.pair', itemIndex))).toEqual([n8n('attributesUi.pair', people[0]), n8n('attributesUi.pair', people[1])]);
		expect(calls).toEqual(['attributesUi.pair@0', 'attributesUi.pair@1']);
	});

	it('falls back to n8n for every item when n8n reads the first item differently', () => {
		const { ctx, calls } = context({ identifier: '={{ $json.id }}' }, people, (_name, json) => `user:${String(json.id)}`);
		const fast = withFastParameters(ctx);
		expect([0, 1, 2].map((itemIndex) => fast.getNodeParameter('identifier', itemIndex))).toEqual(['user:u-1', 'user:u-2', 'user:u-3']);
		expect(calls).toEqual(['identifier@0', 'identifier@1', 'identifier@2']);
	});

	it('never reads inherited properties as fields', () => {
		const items: IDataObject[] = [{ id: 'a' }, { id: 'b' }];
		const { ctx } = context({ identifier: '={{ $json.constructor }}' }, items, () => undefined);
		const fast = withFastParameters(ctx);
		expect([0, 1].map((itemIndex) => fast.getNodeParameter('identifier', itemIndex))).toEqual([undefined, undefined]);
	});

	it('passes calls with options to n8n and leaves every other method of the context as it was', () => {
		const { ctx, calls } = context({ identifierType: 'id' }, people, n8n);
		const fast = withFastParameters(ctx) as typeof ctx;
		fast.getNodeParameter('identifierType', 0, undefined, { rawExpressions: true });
		fast.getNodeParameter('identifierType', 1, undefined, { rawExpressions: true });
		expect(calls).toEqual(['identifierType@0', 'identifierType@1']);
		expect(fast.whoAmI()).toBe('original');
	});
});
