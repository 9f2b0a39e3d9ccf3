import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { searchList } from './search';

/** "From List" of the Segment locator of the segment reads: every segment, App `GET /v1/segments`. */
export async function searchSegments(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await searchList(this, { route: '/v1/segments', field: 'segments' }, filter, paginationToken);
}

/** "From List" of Add People / Remove People: only manual segments take people through the API. */
export async function searchManualSegments(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await searchList(this, { route: '/v1/segments', field: 'segments', keep: (segment) => segment.type === 'manual' }, filter, paginationToken);
}
