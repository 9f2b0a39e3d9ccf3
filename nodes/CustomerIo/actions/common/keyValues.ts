import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { parseJsonObject } from './json';

/** How a key/value parameter is given: a name/value list, or one JSON object. */
export type KeyValueInput = 'fields' | 'json';

/** The name of the mode switch of `keyValueFields(prefix, …)`. */
export const inputModeName = (prefix: string) => `${prefix}Input`;

/**
 * Person attributes, event data, object and relationship attributes: one clear way at a time.
 * Since node version 1.1, "{label} Input" switches between "Map Each Field" (a name/value list,
 * the default) and "Use a JSON Object" (one JSON field, for example an expression returning an
 * earlier node's object); only the chosen field is shown. Version 1 nodes keep both fields,
 * merged (the list wins on equal names), exactly as they were saved.
 */
export function keyValueFields(
	prefix: string,
	label: string,
	show: { resource: string[]; operation: string[] },
): INodeProperties[] {
	const mode = inputModeName(prefix);
	const lower = label.toLowerCase();
	const v1 = { ...show, '@version': [1] };
	const list = (displayShow: NonNullable<INodeProperties["displayOptions"]>["show"]): INodeProperties => ({
		displayName: label,
		name: `${prefix}Ui`,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: `Add ${label.replace(/s$/, '')}`,
		default: {},
		description: `${label} as name/value pairs; values may be expressions`,
		displayOptions: { show: displayShow },
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
	});
	return [
		{
			displayName: `${label} Input`,
			name: mode,
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Map Each Field',
					value: 'fields',
					description: `Give the ${lower} one by one as name/value pairs (values may be expressions)`,
				},
				{
					name: 'Use a JSON Object',
					value: 'json',
					description: `Give all the ${lower} as one JSON object, for example an expression returning an earlier node's object`,
				},
			],
			default: 'fields',
			displayOptions: { show: { ...show, '@version': [1.1] } },
		},
		list(v1),
		list({ ...show, '@version': [1.1], [mode]: ['fields'] }),
		{
			displayName: `${label} (JSON)`,
			name: `${prefix}Json`,
			type: 'json',
			default: '{}',
			description: `${label} as a JSON object (for example an expression returning an earlier node's object); merged with the pairs above`,
			displayOptions: { show: v1 },
		},
		{
			displayName: label,
			name: `${prefix}Json`,
			type: 'json',
			default: '{}',
			description: `${label} as one JSON object, for example {"plan": "pro"} or an expression returning an earlier node's object`,
			displayOptions: { show: { ...show, '@version': [1.1], [mode]: ['json'] } },
		},
	];
}

/**
 * What the user gave through `keyValueFields(prefix, label)`: the JSON object alone ("Use a JSON
 * Object"), the pairs alone ("Map Each Field"), or, on version 1 nodes (no switch), the pairs
 * merged over the JSON object. `label` names the JSON field in errors.
 */
export function readKeyValues(
	ctx: IExecuteFunctions,
	prefix: string,
	itemIndex: number,
	label = prefix === 'data' ? 'Event Data' : 'Attributes',
): IDataObject {
	// Version 1 nodes have no switch: n8n then answers the fallback, both fields merged.
	const input = ctx.getNodeParameter(inputModeName(prefix), itemIndex, 'both') as KeyValueInput | 'both';
	const jsonValue = input === 'fields' ? '{}' : ctx.getNodeParameter(`${prefix}Json`, itemIndex, '{}');
	if (input === 'json') return { ...parseJsonObject(ctx, jsonValue, label, itemIndex) };
	const fromJson = parseJsonObject(ctx, jsonValue, `${label} (JSON)`, itemIndex);
	const pairs = (ctx.getNodeParameter(`${prefix}Ui.pair`, itemIndex, []) ?? []) as Array<{ name: string; value: unknown }>;
	const merged: IDataObject = { ...fromJson };
	for (const { name, value } of pairs) if (name) merged[name] = value as IDataObject[string];
	return merged;
}
