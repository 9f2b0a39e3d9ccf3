import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { searchList } from './search';

/** "From List" of the Newsletter locator: App `GET /v1/newsletters`, which pages (every page is read). */
export async function searchNewsletters(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await searchList(this, { route: '/v1/newsletters', field: 'newsletters', pageSize: 100 }, filter, paginationToken);
}
