import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { parseJsonObject } from './json';

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

/** The pairs and JSON of `keyValueFields(prefix, label)`, merged; `label` names the JSON field in errors. */
export function readKeyValues(
	ctx: IExecuteFunctions,
	prefix: string,
	itemIndex: number,
	label = prefix === 'data' ? 'Event Data' : 'Attributes',
): IDataObject {
	const fromJson = parseJsonObject(ctx, ctx.getNodeParameter(`${prefix}Json`, itemIndex, '{}'), `${label} (JSON)`, itemIndex);
	const pairs = (ctx.getNodeParameter(`${prefix}Ui.pair`, itemIndex, []) ?? []) as Array<{ name: string; value: unknown }>;
	const merged: IDataObject = { ...fromJson };
	for (const { name, value } of pairs) if (name) merged[name] = value as IDataObject[string];
	return merged;
}
