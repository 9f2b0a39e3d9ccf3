import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';
import type { CioPath } from '../../../shared/transport/paths';
import type { CioPaging, CioResponse } from '../../../shared/transport/types';
import { digitsAsNumber } from '../../schemas/app';
import type { PreparedItem } from '../types';
import { validate } from './validate';

/**
 * What the App API read operations share: "Return All" / "Limit" fields, the GET request
 * (paged through the transport's pager, under the App API's 10 req/s budget) and the output.
 */

type Show = { resource: string[]; operation: string[] };

/** "Return All" and "Limit", as n8n's own nodes name them. */
export function returnAllFields(show: Show): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: { show },
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { ...show, returnAll: [false] } },
		},
	];
}

const limitSchema = z.preprocess(digitsAsNumber, z.number({ invalid_type_error: 'must be a number' }).int('must be a whole number').min(1, 'must be 1 or more'));

/** The paging of a list read: every record, or at most "Limit". */
export function readPaging(ctx: IExecuteFunctions, itemIndex: number, field: string, pageSize?: number): CioPaging {
	const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const max = returnAll ? undefined : validate(ctx, limitSchema, ctx.getNodeParameter('limit', itemIndex, 50), itemIndex, 'Limit');
	return { field, max, pageSize };
}

/** A read: App API GET, safe to repeat, never remembered by RunState (router's isWrite). */
export function appRead(itemIndex: number, path: CioPath, qs?: IDataObject, paging?: CioPaging, identifier?: IDataObject): PreparedItem {
	return {
		itemIndex,
		identifier,
		request: { api: 'app', method: 'GET', path, qs, paging, idempotent: true, itemIndex },
	};
}

/**
 * An answer (or part of one) as an object: anything else — null, text, a number, an array —
 * is {}. Customer.io answers objects; a proxy or a broken answer may not, and spreading a
 * 10 MB text would make an object with a key per character.
 */
export function objectOf(value: unknown): IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as IDataObject) : {};
}

/** The records under `field` of a list answer; one that is not an object is output as `{value}` (n8n items must be objects). */
export function recordsOf(body: unknown, field: string): IDataObject[] {
	const records = objectOf(body)[field];
	if (!Array.isArray(records)) return [];
	return records.map((record: unknown) => (objectOf(record) === record ? (record as IDataObject) : { value: record as IDataObject[string] }));
}

/**
 * A list read's output: one n8n item per record under `field` (none for an empty list), as
 * n8n's own "Get Many" operations answer, so the next node runs once per campaign, segment …
 */
export function presentList(field: string) {
	return function present(this: IExecuteFunctions, _item: PreparedItem, response: CioResponse): IDataObject[] {
		return recordsOf(response.body, field);
	};
}

/** A single record's output: the object Customer.io answers under `field` (`{campaign: {...}}`). */
export function presentRecord(field: string) {
	return function present(this: IExecuteFunctions, _item: PreparedItem, response: CioResponse): IDataObject {
		return objectOf(objectOf(response.body)[field]);
	};
}
