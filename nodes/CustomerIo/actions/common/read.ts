import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';
import type { CioPath } from '../../../shared/transport/paths';
import type { CioPaging, CioResponse } from '../../../shared/transport/types';
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

const limitSchema = z.coerce.number({ invalid_type_error: 'must be a number' }).int('must be a whole number').min(1, 'must be 1 or more');

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

/** A list read's output: the records under `field` and how many there are. */
export function presentList(field: string) {
	return function present(this: IExecuteFunctions, item: PreparedItem, response: CioResponse): IDataObject {
		const records = ((response.body as IDataObject)[field] ?? []) as IDataObject[];
		return { ...(item.identifier ? { identifier: item.identifier } : {}), [field]: records, count: records.length };
	};
}

/** A single record's output: the object Customer.io answers under `field` (`{campaign: {...}}`). */
export function presentRecord(field: string) {
	return function present(this: IExecuteFunctions, _item: PreparedItem, response: CioResponse): IDataObject {
		return ((response.body as IDataObject)[field] ?? {}) as IDataObject;
	};
}
