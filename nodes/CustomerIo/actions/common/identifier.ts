import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { byteLength, LIMITS } from '../../../shared/limits';
import { pathSegmentProblem } from '../../../shared/transport/paths';

export type IdentifierType = 'id' | 'email' | 'cio_id';

export interface PersonIdentifier {
	type: IdentifierType;
	value: string;
	/** How Track v1 paths name the person: the id, the email, or `cio_<cio_id>`. */
	pathValue: string;
}

/**
 * Which person a set of "who" fields names: the person of most operations, or one of the two
 * people of a merge (`primary` → primaryIdentifierType / primaryIdentifier).
 */
export interface PersonRole {
	/** Prefix of the parameter names; '' for the usual identifierType / identifier. */
	prefix: string;
	/** As the editor and error messages name this person, e.g. "Primary Person". */
	label: string;
	/** What this person is, shown under the identifier field. */
	hint?: string;
}

export const PERSON: PersonRole = { prefix: '', label: 'Person' };

const parameterName = (role: PersonRole, name: string) =>
	role.prefix ? `${role.prefix}${name[0].toUpperCase()}${name.slice(1)}` : name;

/** The "who" fields shared by every person operation. */
export function identifierFields(show: { resource: string[]; operation: string[] }, role: PersonRole = PERSON): INodeProperties[] {
	return [
		{
			displayName: `Identify ${role.label} By`,
			name: parameterName(role, 'identifierType'),
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
			displayName: `${role.label} Identifier`,
			name: parameterName(role, 'identifier'),
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 42 or ada@example.com',
			description: `${role.hint ? `${role.hint}. ` : ''}The value of the identifier chosen above, at most 150 bytes`,
			displayOptions: { show },
		},
	];
}

export function readIdentifier(ctx: IExecuteFunctions, itemIndex: number, role: PersonRole = PERSON): PersonIdentifier {
	const field = `${role.label} Identifier`;
	const type = ctx.getNodeParameter(parameterName(role, 'identifierType'), itemIndex) as IdentifierType;
	const value = String(ctx.getNodeParameter(parameterName(role, 'identifier'), itemIndex) ?? '').trim();
	if (!value) {
		throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${field} is empty`, {
			itemIndex,
			description: `Set "${field}" (for example an expression such as {{ $json.id }}) so every item names a person.`,
		});
	}
	if (byteLength(value) > LIMITS.identifierBytes) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Item ${itemIndex}: ${field} is ${byteLength(value)} bytes; Customer.io allows at most ${LIMITS.identifierBytes}`,
			{ itemIndex, description: 'Use a shorter identifier (an ID rather than a long string).' },
		);
	}
	// Checked for every operation, batch included: a person named "." or ".." could never be read,
	// updated or deleted one by one, because Customer.io's URLs name people by path segment.
	const problem = pathSegmentProblem(value);
	if (problem) {
		throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${field} ${problem}`, {
			itemIndex,
			description:
				'Customer.io takes the identifier as part of the URL, so it cannot be "." or "..". Map the real ID, email or cio_id of the person; nothing was sent for this item.',
		});
	}
	return { type, value, pathValue: type === 'cio_id' ? `cio_${value}` : value };
}

/** How request bodies name a person: `{"id": "42"}`, `{"email": …}` or `{"cio_id": …}` (no cio_ prefix). */
export function personIdentifiers(person: PersonIdentifier): IDataObject {
	return { [person.type]: person.value };
}

/** How output items name the person an item was about. */
export function describePerson(person: PersonIdentifier): IDataObject {
	return { type: person.type, value: person.value };
}
