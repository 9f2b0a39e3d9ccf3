import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { parseJsonObject } from './json';

/** How a key/value parameter is given: a name/value list, or one JSON object. */
export type KeyValueInput = 'fields' | 'json';

/** The name of the mode switch of `keyValueFields(prefix, …)`. */
export const inputModeName = (prefix: string) => `${prefix}Input`;

/**
 * Person attributes, event data, object and relationship attributes: one clear way at a time.
 * "{label} Input" switches between "Map Each Field" (a name/value list, the default) and "Use a
 * JSON Object" (one JSON field, for example an expression returning an earlier node's object);
 * only the chosen field is shown.
 *
 * Saved workflows keep what they send. Before this switch both fields were shown and merged (the
 * list wins on equal names), and n8n stores only non-default values, so a saved node has no mode
 * (= "Map Each Field") and may have a JSON value. That JSON value stays shown under the list while
 * it is set (the second `${prefix}Json` entry, hidden only when it is the default `{}`), so n8n
 * keeps it and `readKeyValues` merges it as before; new nodes never see it. Choosing "Use a JSON
 * Object" moves it to the JSON-only field, and the list is then dropped by n8n.
 */
export function keyValueFields(
	prefix: string,
	label: string,
	show: { resource: string[]; operation: string[] },
): INodeProperties[] {
	const mode = inputModeName(prefix);
	const json = `${prefix}Json`;
	const lower = label.toLowerCase();
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
			displayOptions: { show },
		},
		{
			displayName: label,
			name: `${prefix}Ui`,
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: `Add ${label.replace(/s$/, '')}`,
			default: {},
			description: `${label} as name/value pairs; values may be expressions`,
			displayOptions: { show: { ...show, [mode]: ['fields'] } },
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
			displayName: label,
			name: json,
			type: 'json',
			default: '{}',
			description: `${label} as one JSON object, for example {"plan": "pro"} or an expression returning an earlier node's object`,
			displayOptions: { show: { ...show, [mode]: ['json'] } },
		},
		{
			// Only nodes saved before the switch have a value here (see above).
			displayName: `${label} (JSON)`,
			name: json,
			type: 'json',
			default: '{}',
			description: `Saved by an earlier version of this node: merged with the pairs above (the pairs win on equal names). To give the ${lower} as JSON only, choose "Use a JSON Object" above.`,
			displayOptions: { show: { ...show, [mode]: ['fields'] }, hide: { [json]: ['{}'] } },
		},
	];
}

/**
 * What the user gave through `keyValueFields(prefix, label)`: with "Use a JSON Object" the JSON
 * object alone; otherwise the pairs, merged over a JSON value saved before the switch (none on new
 * nodes). `label` names the JSON field in errors.
 */
export function readKeyValues(
	ctx: IExecuteFunctions,
	prefix: string,
	itemIndex: number,
	label = prefix === 'data' ? 'Event Data' : 'Attributes',
): IDataObject {
	const input = ctx.getNodeParameter(inputModeName(prefix), itemIndex, 'fields') as KeyValueInput;
	const jsonValue = ctx.getNodeParameter(`${prefix}Json`, itemIndex, '{}');
	if (input === 'json') return { ...parseJsonObject(ctx, jsonValue, label, itemIndex) };
	const fromJson = parseJsonObject(ctx, jsonValue, `${label} (JSON)`, itemIndex);
	const pairs = (ctx.getNodeParameter(`${prefix}Ui.pair`, itemIndex, []) ?? []) as Array<{ name: string; value: unknown }>;
	const merged: IDataObject = { ...fromJson };
	for (const { name, value } of pairs) if (name) merged[name] = value as IDataObject[string];
	return merged;
}
