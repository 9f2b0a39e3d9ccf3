import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { maskEndpoint } from '../../actions/common/reportingWebhook';
import { searchList } from './search';

/** "From List" of the Reporting Webhook locator: App `GET /v1/reporting_webhooks`, each with its endpoint (query values hidden). */
export async function searchReportingWebhooks(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchList(
		this,
		{ route: '/v1/reporting_webhooks', field: 'reporting_webhooks', detail: (webhook) => String(maskEndpoint(webhook.endpoint) ?? '') },
		filter,
		paginationToken,
	);
}
