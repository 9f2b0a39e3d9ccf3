import { DEFAULT_COPY_ID_SOURCES } from '../../../nodes/CustomerIoReportingTrigger/copyId';
import { decide, type TriggerSettings } from '../../../nodes/CustomerIoReportingTrigger/decide';
import type { EventFilters } from '../../../nodes/CustomerIoReportingTrigger/filters';
import { signV0 } from '../../../nodes/shared/signature';

/** Requests for the pure decide(): exact bytes, v0 headers made with a key, a fixed clock. */
export const KEY = 'whsec-client-a-0123456789';
export const NOW = 1_795_000_000;

export const noFilters: EventFilters = {
	events: [],
	objectTypes: [],
	metrics: [],
	campaignIds: [],
	journeyIds: [],
	broadcastIds: [],
	newsletterIds: [],
	transactionalMessageIds: [],
	recipientDomains: [],
};

export const settings = (over: Partial<TriggerSettings> = {}, filters: Partial<EventFilters> = {}): TriggerSettings => ({
	signingKey: KEY,
	toleranceSeconds: 300,
	filters: { ...noFilters, ...filters },
	copyIdSources: DEFAULT_COPY_ID_SOURCES,
	...over,
});

export interface Request {
	rawBody: Buffer;
	headers: Record<string, unknown>;
}

export function signed(raw: string | Buffer, timestamp = NOW, key = KEY): Request {
	const rawBody = Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
	return { rawBody, headers: { 'x-cio-timestamp': String(timestamp), 'x-cio-signature': signV0(key, timestamp, rawBody) } };
}

export const run = (request: Request, s = settings()) => decide({ ...request, settings: s, nowSeconds: NOW });
