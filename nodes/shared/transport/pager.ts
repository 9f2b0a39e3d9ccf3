import type { IDataObject } from 'n8n-workflow';
import type { CioRequest, CioResponse } from './types';

/** Sends one page (the client's single request, throttled and retried like any other). */
type SendOne = (req: CioRequest) => Promise<CioResponse<IDataObject>>;

/** Far more pages than any list needs: stops a server that keeps answering the same `next`. */
const MAX_PAGES = 100_000;

/**
 * Reads an App API list page by page: `start` carries the previous answer's `next`, `limit`
 * asks no more than is still wanted, and reading stops at `max` records, at an answer without
 * `next`, or at an empty page. Every page is its own request, so each waits for the
 * credential's App API budget (10 req/s). The answer is the last page's status and headers with
 * every record under `field`, plus `pages` (how many requests it took).
 */
export async function readPages(send: SendOne, req: CioRequest): Promise<CioResponse<IDataObject>> {
	const paging = req.paging!;
	const records: unknown[] = [];
	const wanted = paging.max ?? Infinity;
	let start: string | undefined;
	let pages = 0;
	let last: CioResponse<IDataObject> | undefined;
	while (records.length < wanted && pages < MAX_PAGES) {
		const qs: IDataObject = { ...req.qs };
		if (start !== undefined) qs.start = start;
		if (paging.pageSize !== undefined) qs.limit = Math.min(paging.pageSize, wanted - records.length);
		last = await send({ ...req, qs, paging: undefined });
		pages++;
		const body = (last.body ?? {}) as IDataObject;
		const page = Array.isArray(body[paging.field]) ? (body[paging.field] as unknown[]) : [];
		records.push(...page.slice(0, wanted - records.length));
		const next = body.next;
		if (page.length === 0 || typeof next !== 'string' || next === '' || next === start) break;
		start = next;
	}
	return { status: last?.status ?? 200, headers: last?.headers ?? {}, body: { [paging.field]: records as IDataObject[], pages } };
}
