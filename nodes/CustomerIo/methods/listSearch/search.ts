import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';
import { CustomerIoClient } from '../../../shared/transport/client';
import { cioPath } from '../../../shared/transport/paths';
import { recordsOf } from '../../actions/common/read';

/** Entries shown per page of a "From List" picker; the editor asks for more as the user scrolls. */
export const LIST_PAGE_SIZE = 100;

export interface ListSource {
	/** App API list route, e.g. `/v1/campaigns`. */
	route: string;
	/** The answer's field holding the records. */
	field: string;
	/** Which records belong in the list (e.g. manual segments only). */
	keep?: (record: IDataObject) => boolean;
	/** Shown after the name and searched too, e.g. a webhook's endpoint. */
	detail?: (record: IDataObject) => string;
	/** For lists the API pages (`start`/`next`): records asked per page; every page is read. */
	pageSize?: number;
}

const hasId = (record: IDataObject) => (typeof record.id === 'number' && Number.isSafeInteger(record.id)) || (typeof record.id === 'string' && /^\d+$/.test(record.id));

/**
 * Fills a resource locator's "From List": reads the App API list with the node's credential
 * through our transport (the credential's 10 req/s App throttle, retries, redaction), keeps the
 * records whose name or ID contains the search text, sorts them by name and hands them out a
 * page at a time (`paginationToken` is the offset of the next page). Each entry shows the name
 * and the ID, so two records with one name stay apart.
 */
export async function searchList(
	ctx: ILoadOptionsFunctions,
	source: ListSource,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const client = await CustomerIoClient.create(ctx);
	const paging = source.pageSize ? { field: source.field, pageSize: source.pageSize } : undefined;
	const response = await client.request({ api: 'app', method: 'GET', path: cioPath(source.route), idempotent: true, paging });
	const needle = (filter ?? '').trim().toLowerCase();
	const entries: INodeListSearchItems[] = recordsOf(response.body, source.field)
		// A record without a usable ID could not be chosen: picking it would fill in "undefined".
		.filter((record) => hasId(record) && (source.keep ? source.keep(record) : true))
		.map((record) => ({ id: String(record.id), name: String(record.name ?? '').trim() || `#${String(record.id)}`, detail: source.detail?.(record) ?? '' }))
		.filter(({ id, name, detail }) => !needle || name.toLowerCase().includes(needle) || detail.toLowerCase().includes(needle) || id === needle)
		.sort((a, b) => a.name.localeCompare(b.name) || Number(a.id) - Number(b.id))
		.map(({ id, name, detail }) => ({ name: detail ? `${name} → ${detail} (${id})` : `${name} (${id})`, value: id }));
	const offset = paginationToken && /^\d+$/.test(paginationToken) ? Number(paginationToken) : 0;
	const end = offset + LIST_PAGE_SIZE;
	return { results: entries.slice(offset, end), paginationToken: end < entries.length ? String(end) : undefined };
}
