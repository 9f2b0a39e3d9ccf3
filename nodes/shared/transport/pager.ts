import type { IDataObject } from 'n8n-workflow';
import type { CioRequest, CioResponse } from './types';

/** Sends one page (the client's single request, throttled and retried like any other). */
type SendOne = (req: CioRequest) => Promise<CioResponse<IDataObject>>;

/**
 * How far "Return All" reads before it gives up with an error. Customer.io's longest pages hold
 * 1,000 records; a list past these ceilings is more than one n8n run can hold, or a server
 * whose `next` never ends: either way the user needs a Limit or narrower filters, not a run
 * that pages for hours (the App API takes 10 requests a second).
 */
export const PAGING_CEILING = { pages: 5_000, records: 1_000_000 } as const;

/** Makes the error for a list past PAGING_CEILING (the client's names the API and says what to change). */
type TooLong = (pages: number, records: number) => Error;

const tooLongError: TooLong = (pages, records) => new Error(`List did not end within ${pages} pages (${records} records)`);

/**
 * Reads an App API list page by page: `start` carries the previous answer's `next`, `limit`
 * asks no more than is still wanted, and reading stops at `max` records, at an answer without
 * `next`, at an empty page, or at a `next` already followed (a server going round in circles
 * would otherwise be paged forever). Every page is its own request, so each waits for the
 * credential's App API budget (10 req/s). The answer is the last page's status and headers with
 * every record under `field`, plus `pages` (how many requests it took).
 */
export async function readPages(send: SendOne, req: CioRequest, tooLong: TooLong = tooLongError): Promise<CioResponse<IDataObject>> {
	const paging = req.paging!;
	const records: unknown[] = [];
	const wanted = paging.max ?? Infinity;
	const followed = new Set<string>();
	let start: string | undefined;
	let pages = 0;
	let last: CioResponse<IDataObject> | undefined;
	while (records.length < wanted) {
		if (pages >= PAGING_CEILING.pages) throw tooLong(pages, records.length);
		const qs: IDataObject = { ...req.qs };
		if (start !== undefined) qs.start = start;
		if (paging.pageSize !== undefined) qs.limit = Math.min(paging.pageSize, wanted - records.length);
		last = await send({ ...req, qs, paging: undefined });
		pages++;
		const body = (last.body ?? {}) as IDataObject;
		const page = Array.isArray(body[paging.field]) ? (body[paging.field] as unknown[]) : [];
		const taken = Math.min(page.length, wanted - records.length);
		if (records.length + taken > PAGING_CEILING.records) throw tooLong(pages, records.length + taken);
		// One at a time: push(...page) overflows the stack for a page of some 120,000 records.
		for (let i = 0; i < taken; i++) records.push(page[i]);
		const next = body.next;
		if (page.length === 0 || typeof next !== 'string' || next === '' || followed.has(next)) break;
		followed.add(next);
		start = next;
	}
	return { status: last?.status ?? 200, headers: last?.headers ?? {}, body: { [paging.field]: records as IDataObject[], pages } };
}
