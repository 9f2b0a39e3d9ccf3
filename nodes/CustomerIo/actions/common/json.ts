import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

/**
 * A JSON-object parameter, given as text or as an object from an expression. Anything else
 * (bad JSON, an array, a plain value) is an error naming the item and the field.
 */
export function parseJsonObject(ctx: IExecuteFunctions, value: unknown, label: string, itemIndex: number): IDataObject {
	let parsed: unknown = value ?? {};
	if (typeof parsed === 'string') {
		try {
			parsed = parsed.trim() ? (JSON.parse(parsed) as unknown) : {};
		} catch {
			throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${label} is not valid JSON`, {
				itemIndex,
				description: `Enter a JSON object for ${label}, such as {"plan": "pro"}, or an expression that returns one.`,
			});
		}
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${label} must be a JSON object`, {
			itemIndex,
			description: `Use an object such as {"plan": "pro"} for ${label}; arrays and plain values are not accepted.`,
		});
	}
	return parsed as IDataObject;
}
