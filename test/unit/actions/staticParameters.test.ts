import type { IExecuteFunctions, INode } from 'n8n-workflow';
import { withStaticParameters } from '../../../nodes/CustomerIo/actions/common/staticParameters';

/**
 * Batch mode reads a parameter without an expression once per execution: n8n's
 * getNodeParameter costs tens of microseconds per call, and such a value is the same for
 * every item. Expressions are still evaluated for every item.
 */
function context(parameters: INode['parameters']) {
	const calls: string[] = [];
	const ctx = {
		marker: 'original',
		getNode: () => ({ parameters }) as INode,
		getNodeParameter: (name: string, itemIndex: number) => {
			calls.push(`${name}@${itemIndex}`);
			return `${name} for item ${itemIndex}`;
		},
		whoAmI() {
			return (this as { marker: string }).marker;
		},
	};
	return { ctx: ctx as unknown as IExecuteFunctions & { whoAmI(): string }, calls };
}

describe('withStaticParameters', () => {
	it('reads a static value once and an expression for every item', () => {
		const { ctx, calls } = context({ identifierType: 'id', identifier: '={{ $json.id }}', options: { nested: { deep: '={{ $json.x }}' } } });
		const perItem = withStaticParameters(ctx);
		for (const itemIndex of [0, 1, 2]) {
			expect(perItem.getNodeParameter('identifierType', itemIndex)).toBe('identifierType for item 0');
			expect(perItem.getNodeParameter('identifier', itemIndex)).toBe(`identifier for item ${itemIndex}`);
			// An expression anywhere inside a collection makes the whole value per item.
			expect(perItem.getNodeParameter('options', itemIndex)).toBe(`options for item ${itemIndex}`);
		}
		expect(calls).toEqual(['identifierType@0', 'identifier@0', 'options@0', 'identifier@1', 'options@1', 'identifier@2', 'options@2']);
	});

	it('follows dotted paths and treats parameters left at their default as static', () => {
		const { ctx, calls } = context({ attributesUi: { pair: [{ name: 'plan', value: '={{ $json.plan }}' }] } });
		const perItem = withStaticParameters(ctx);
		perItem.getNodeParameter('attributesUi.pair', 0);
		perItem.getNodeParameter('attributesUi.pair', 1);
		perItem.getNodeParameter('identifyOptions', 0);
		perItem.getNodeParameter('identifyOptions', 1);
		expect(calls).toEqual(['attributesUi.pair@0', 'attributesUi.pair@1', 'identifyOptions@0']);
	});

	it('leaves every other method of the context as it was', () => {
		const { ctx } = context({});
		expect((withStaticParameters(ctx) as typeof ctx).whoAmI()).toBe('original');
	});
});
