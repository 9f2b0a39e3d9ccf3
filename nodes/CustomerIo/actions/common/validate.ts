import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import type { z } from 'zod';
import { describeIssues } from '../../schemas/track';

/** Parses with a schema; on failure, one error naming the item, the fields and the limits. */
export function validate<S extends z.ZodTypeAny>(
	ctx: IExecuteFunctions,
	schema: S,
	value: unknown,
	itemIndex: number,
	label: string,
): z.output<S> {
	const result = schema.safeParse(value);
	if (result.success) return result.data as z.output<S>;
	throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${describeIssues(result.error, label)}`, {
		itemIndex,
		description: 'Change the input so it fits Customer.io\'s limits; nothing was sent for this item.',
	});
}
