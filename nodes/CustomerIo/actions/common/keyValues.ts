import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

/**
 * A key/value list plus an optional JSON object, merged (the list wins on equal keys). Used
 * for person attributes and event data, so users can map a few fields by hand or pass a
 * whole object from an earlier node.
 */
export function keyValueFields(
	prefix: string,
	label: string,
	show: { resource: string[]; operation: string[] },
): INodeProperties[] {
	return [
		{
			displayName: label,
			name: `${prefix}Ui`,
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: `Add ${label.replace(/s$/, '')}`,
			default: {},
			description: `${label} as name/value pairs; values may be expressions`,
			displayOptions: { show },
			options: [
				{
					displayName: 'Pair',
					name: 'pair',
					values: [
						{ displayName: 'Name', name: 'name', type: 'string', default: '' },
						{ displayName: 'Value', name: 'value', type: 'string', default: '' },
					],
				},
			],
		},
		{
			displayName: `${label} (JSON)`,
			name: `${prefix}Json`,
			type: 'json',
			default: '{}',
			description: `${label} as a JSON object (for example an expression returning an earlier node's object); merged with the pairs above`,
			displayOptions: { show },
		},
	];
}

export function readKeyValues(ctx: IExecuteFunctions, prefix: string, itemIndex: number): IDataObject {
	const raw = ctx.getNodeParameter(`${prefix}Json`, itemIndex, '{}') as unknown;
	let fromJson: unknown = raw;
	if (typeof raw === 'string') {
		try {
			fromJson = raw.trim() ? JSON.parse(raw) : {};
		} catch {
			throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: "${prefix} (JSON)" is not valid JSON`, {
				itemIndex,
				description: 'Enter a JSON object such as {"plan": "pro"}, or an expression that returns one.',
			});
		}
	}
	if (!fromJson || typeof fromJson !== 'object' || Array.isArray(fromJson)) {
		throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: "${prefix} (JSON)" must be a JSON object`, {
			itemIndex,
			description: 'Use an object such as {"plan": "pro"}; arrays and plain values cannot be attributes.',
		});
	}
	const pairs = (ctx.getNodeParameter(`${prefix}Ui.pair`, itemIndex, []) ?? []) as Array<{ name: string; value: unknown }>;
	const merged: IDataObject = { ...(fromJson as IDataObject) };
	for (const { name, value } of pairs) if (name) merged[name] = value as IDataObject[string];
	return merged;
}
