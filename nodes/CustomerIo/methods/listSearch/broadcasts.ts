import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { searchList } from './search';

/** "From List" of the Broadcast locator: App `GET /v1/broadcasts` (API-triggered broadcasts). */
export async function searchBroadcasts(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await searchList(this, { route: '/v1/broadcasts', field: 'broadcasts' }, filter, paginationToken);
}
