import type { IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { fakeExecuteContext, type FakeContextInput } from './fakeExecuteContext';
import { fakeResponse } from './fakeResponse';

export interface FakeRequest {
	/** A string is sent as UTF-8. */
	rawBody: Buffer | string;
	headers: Record<string, unknown>;
	/** Replaces fields of the request object (rawBody, readRawBody …). */
	fields?: Record<string, unknown>;
}

/**
 * A webhook node's context for one request, as n8n gives it: the request with its raw body
 * already read, a response that records what the node answers (`answer`), and parameters read
 * without an item index. The same context serves the node's webhook methods (activation).
 */
export function fakeWebhookContext(request: FakeRequest, input: Omit<FakeContextInput, 'itemless'>) {
	const { answer, response } = fakeResponse();
	const rawBody = Buffer.isBuffer(request.rawBody) ? request.rawBody : Buffer.from(request.rawBody);
	const ctx = fakeExecuteContext({
		...input,
		itemless: true,
		extra: {
			getRequestObject: () => ({ rawBody, headers: request.headers, readRawBody: async () => {}, ...request.fields }),
			getResponseObject: () => response,
			...input.extra,
		},
	}) as unknown as IWebhookFunctions & IHookFunctions;
	return { ctx, answer };
}
