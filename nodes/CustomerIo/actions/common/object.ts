import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { objectIdSchema, objectTypeIdSchema, relationshipAttributesSchema } from '../../schemas/lifecycle';
import type { PreparedItem } from '../types';
import { entityChange } from './entity';
import { describePerson, identifierFields, personIdentifiers, readIdentifier, type PersonIdentifier } from './identifier';
import { keyValueFields, readKeyValues } from './keyValues';
import { validate } from './validate';

type Show = { resource: string[]; operation: string[] };

/** Which object an item is about: its type and its ID. */
export function objectFields(show: Show): INodeProperties[] {
	return [
		{
			displayName: 'Object Type ID',
			name: 'objectTypeId',
			type: 'string',
			default: '1',
			required: true,
			placeholder: 'e.g. 1',
			description:
				"The object type's number, such as 1 for the first type you created (Customer.io → Settings → Workspace Settings → Custom Objects)",
			displayOptions: { show },
		},
		{
			displayName: 'Object ID',
			name: 'objectId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. acme',
			description: 'Your ID of the object (a company, an account …), at most 150 characters',
			displayOptions: { show },
		},
	];
}

/** The object's identifiers as Track v2 takes them: `{object_type_id, object_id}`, both strings. */
export function readObject(ctx: IExecuteFunctions, itemIndex: number): { object_type_id: string; object_id: string } {
	return {
		object_type_id: validate(ctx, objectTypeIdSchema, ctx.getNodeParameter('objectTypeId', itemIndex), itemIndex, 'Object Type ID'),
		object_id: validate(ctx, objectIdSchema, ctx.getNodeParameter('objectId', itemIndex), itemIndex, 'Object ID'),
	};
}

/** A v2 object operation (`type: "object"`), which only Track v2 carries; `person` is the related person, if any. */
export function objectChange(
	ctx: IExecuteFunctions,
	itemIndex: number,
	action: string,
	fields: IDataObject = {},
	person?: PersonIdentifier,
): PreparedItem {
	const object = readObject(ctx, itemIndex);
	const identifier: IDataObject = person ? { ...object, person: describePerson(person) } : { ...object };
	return entityChange(ctx, itemIndex, { type: 'object', identifiers: object, action, ...fields }, identifier);
}

/** The person of a relationship, and (when adding) its attributes: shared by Add and Delete Relationships. */
export function relationshipFields(show: Show, withAttributes: boolean): INodeProperties[] {
	return [
		...objectFields(show),
		...identifierFields(show),
		...(withAttributes ? keyValueFields('relationshipAttributes', 'Relationship Attributes', show) : []),
	];
}

/**
 * Relates the item's person to the item's object, or ends that relationship: a v2 object
 * `add_relationships` / `delete_relationships` op naming one person in `cio_relationships`.
 */
export function relationshipChange(
	ctx: IExecuteFunctions,
	itemIndex: number,
	action: 'add_relationships' | 'delete_relationships',
): PreparedItem {
	const person = readIdentifier(ctx, itemIndex);
	const relationship: IDataObject = { identifiers: personIdentifiers(person) };
	if (action === 'add_relationships') {
		const label = 'Relationship Attributes';
		const attributes = validate(ctx, relationshipAttributesSchema, readKeyValues(ctx, 'relationshipAttributes', itemIndex, label), itemIndex, label);
		if (Object.keys(attributes).length > 0) relationship.relationship_attributes = attributes as IDataObject;
	}
	return objectChange(ctx, itemIndex, action, { cio_relationships: [relationship] }, person);
}
