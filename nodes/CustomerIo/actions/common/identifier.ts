import { NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { byteLength, LIMITS } from '../../../shared/limits';
import { pathSegmentProblem } from '../../../shared/transport/paths';

export type IdentifierType = 'id' | 'email' | 'cio_id';

export interface PersonIdentifier {
	type: IdentifierType;
	value: string;
	/** How Track v1 paths name the person: the id, the email, or `cio_<cio_id>`. */
	pathValue: string;
}

/** The "who" fields shared by every person operation. */
export function identifierFields(show: { resource: string[]; operation: string[] }): INodeProperties[] {
	return [
		{
			displayName: 'Identify Person By',
			name: 'identifierType',
			type: 'options',
			options: [
				{ name: 'ID', value: 'id', description: 'Your own unique ID for the person' },
				{ name: 'Email', value: 'email', description: 'The email address (workspaces that identify by email)' },
				{ name: 'Customer.io ID', value: 'cio_id', description: 'The cio_id Customer.io assigned' },
			],
			default: 'id',
			description: 'Which identifier the value below is',
			displayOptions: { show },
		},
		{
			displayName: 'Person Identifier',
			name: 'identifier',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 42 or ada@example.com',
			description: 'The value of the identifier chosen above, at most 150 bytes',
			displayOptions: { show },
		},
	];
}

export function readIdentifier(ctx: IExecuteFunctions, itemIndex: number): PersonIdentifier {
	const type = ctx.getNodeParameter('identifierType', itemIndex) as IdentifierType;
	const value = String(ctx.getNodeParameter('identifier', itemIndex) ?? '').trim();
	if (!value) {
		throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: Person Identifier is empty`, {
			itemIndex,
			description: 'Set "Person Identifier" (for example an expression such as {{ $json.id }}) so every item names a person.',
		});
	}
	if (byteLength(value) > LIMITS.identifierBytes) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Item ${itemIndex}: Person Identifier is ${byteLength(value)} bytes; Customer.io allows at most ${LIMITS.identifierBytes}`,
			{ itemIndex, description: 'Use a shorter identifier (an ID rather than a long string).' },
		);
	}
	// Checked for every operation, batch included: a person named "." or ".." could never be read,
	// updated or deleted one by one, because Customer.io's URLs name people by path segment.
	const problem = pathSegmentProblem(value);
	if (problem) {
		throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: Person Identifier ${problem}`, {
			itemIndex,
			description:
				'Customer.io takes the identifier as part of the URL, so it cannot be "." or "..". Map the real ID, email or cio_id of the person; nothing was sent for this item.',
		});
	}
	return { type, value, pathValue: type === 'cio_id' ? `cio_${value}` : value };
}
