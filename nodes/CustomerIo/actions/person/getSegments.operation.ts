import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { cioPath } from '../../../shared/transport/paths';
import { identifierFields, readIdentifier } from '../common/identifier';
import { appRead, presentList } from '../common/read';
import type { PreparedItem } from '../types';

const show = { resource: ['person'], operation: ['getSegments'] };

export const description: INodeProperties[] = identifierFields(show);

/** The segments a person is in: App `GET /v1/customers/{id}/segments?id_type=` → `{segments: [...]}`. */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedItem {
	const person = readIdentifier(this, itemIndex);
	return appRead(
		itemIndex,
		// The App API takes the raw value plus id_type (no cio_ prefix).
		cioPath('/v1/customers/{identifier}/segments', { identifier: person.value }),
		{ id_type: person.type },
		undefined,
		{ type: person.type, value: person.value },
	);
}

export const present = presentList('segments');
