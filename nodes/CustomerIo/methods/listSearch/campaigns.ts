import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { searchList } from './search';

/** "From List" of the Campaign locator: App `GET /v1/campaigns`. */
export async function searchCampaigns(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await searchList(this, { route: '/v1/campaigns', field: 'campaigns' }, filter, paginationToken);
}
