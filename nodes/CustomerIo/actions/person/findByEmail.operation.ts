import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { cioPath } from '../../../shared/transport/paths';
import type { CioResponse } from '../../../shared/transport/types';
import { emailSchema } from '../../schemas/app';
import { appRead, recordsOf } from '../common/read';
import { validate } from '../common/validate';
import type { PreparedItem } from '../types';

const show = { resource: ['person'], operation: ['findByEmail'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		required: true,
		description: 'The email address to look for; several people can share one',
		displayOptions: { show },
	},
];

/** The people with an email address: App `GET /v1/customers?email=` → `{results: [{id, email, cio_id}]}`. */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const email = validate(this, emailSchema, this.getNodeParameter('email', itemIndex), itemIndex, 'Email');
	return appRead(itemIndex, cioPath('/v1/customers'), { email }, undefined, { type: 'email', value: email });
}

export function present(this: IExecuteFunctions, item: PreparedItem, response: CioResponse): IDataObject {
	const people = recordsOf(response.body, 'results');
	return { email: item.identifier?.value ?? null, found: people.length > 0, people, count: people.length };
}
