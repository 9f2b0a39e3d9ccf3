import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { objectAttributesSchema } from '../../schemas/lifecycle';
import { keyValueFields, readKeyValues } from '../common/keyValues';
import { objectChange, objectFields } from '../common/object';
import { validate } from '../common/validate';
import type { PreparedItem } from '../types';

const show = { resource: ['object'], operation: ['identify'] };

export const description: INodeProperties[] = [
	...objectFields(show),
	...keyValueFields('objectAttributes', 'Object Attributes', show),
];

/**
 * Create an object or update its attributes (an empty value removes one): a v2 object
 * `identify` op. Customer.io creates the object, and even its type, if they do not exist yet.
 */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const label = 'Object Attributes';
	const attributes = validate(this, objectAttributesSchema, readKeyValues(this, 'objectAttributes', itemIndex, label), itemIndex, label);
	return objectChange(this, itemIndex, 'identify', { attributes: attributes as IDataObject });
}
