import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { searchList } from './search';

/** "From List" of the Transactional Message locator: App `GET /v1/transactional`. */
export async function searchTransactionalMessages(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchList(this, { route: '/v1/transactional', field: 'messages' }, filter, paginationToken);
}
