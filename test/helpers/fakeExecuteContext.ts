import {
	NodeApiError,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type INode,
	type INodeExecutionData,
} from 'n8n-workflow';
import { CustomerIoLifecycleApi } from '../../credentials/CustomerIoLifecycleApi.credentials';

/**
 * A small stand-in for n8n's execute context: real HTTP (so requests reach the simulator),
 * the credential's own `authenticate`, and n8n's error shape for transport failures (a
 * NodeApiError whose cause carries the axios-style `code`). End-to-end tests cover the real n8n.
 */
export interface FakeContextInput {
	credentials: ICredentialDataDecryptedObject;
	credentialName?: string;
	/** Node parameters; a function receives the item index. */
	parameters?: Record<string, unknown | ((itemIndex: number) => unknown)>;
	/** Plain JSON objects, or full items (`{json, binary}`). */
	items?: ReadonlyArray<object>;
	continueOnFail?: boolean;
	/** The node's "On Error" setting, e.g. 'continueErrorOutput'. */
	onError?: INode['onError'];
	/** More context methods (hook and webhook contexts: getMode, getRequestObject …). */
	extra?: Record<string, unknown>;
	/** Hook and webhook contexts read parameters as (name, fallback), without an item index. */
	itemless?: boolean;
}

export interface SentRequest {
	options: IHttpRequestOptions;
	headers: Record<string, string>;
}

const credentialType = new CustomerIoLifecycleApi();

export function fakeExecuteContext(input: FakeContextInput): IExecuteFunctions & { sent: SentRequest[] } {
	const node: INode = {
		id: 'node-1',
		name: 'Customer.io Lifecycle',
		type: 'n8n-nodes-customerio-lifecycle.customerIoLifecycle',
		typeVersion: 1,
		position: [0, 0],
		// As n8n stores them: a value computed per item is an expression ("=…").
		parameters: Object.fromEntries(
			Object.entries(input.parameters ?? {}).map(([name, value]) => [name, typeof value === 'function' ? '={{ per item }}' : value]),
		) as INode['parameters'],
		credentials: { customerIoLifecycleApi: { id: 'cred-1', name: input.credentialName ?? 'Client A' } },
		onError: input.onError,
	};
	const sent: SentRequest[] = [];
	const items: INodeExecutionData[] = (input.items ?? [{}]).map((item) =>
		'json' in item && typeof item.json === 'object' ? (item as INodeExecutionData) : { json: item as IDataObject },
	);
	const binaryOf = (itemIndex: number, property: string) => {
		const binary = items[itemIndex]?.binary?.[property];
		if (!binary) throw new Error(`Item ${itemIndex} has no binary property "${property}"`);
		return binary;
	};

	async function httpRequestWithAuthentication(_type: string, raw: IHttpRequestOptions): Promise<unknown> {
		if (typeof credentialType.authenticate !== 'function') throw new Error('credential has no authenticate');
		const options = await credentialType.authenticate(input.credentials, raw);
		const headers: Record<string, string> = {};
		for (const [k, v] of Object.entries(options.headers ?? {})) headers[k] = String(v);
		if (options.body !== undefined) headers['Content-Type'] = 'application/json';
		sent.push({ options, headers });
		const url = new URL(options.url);
		for (const [k, v] of Object.entries(options.qs ?? {})) url.searchParams.set(k, String(v));
		let response: Response;
		try {
			response = await fetch(url, {
				method: options.method ?? 'GET',
				headers,
				body: options.body === undefined ? undefined : JSON.stringify(options.body),
				// As n8n-core: disableFollowRedirect means axios maxRedirects 0, the 3xx comes back.
				redirect: options.disableFollowRedirect ? 'manual' : 'follow',
				signal: AbortSignal.timeout(options.timeout ?? 300_000),
			});
		} catch (error) {
			const cause = (error as { cause?: { code?: string } }).cause;
			const timedOut = (error as Error).name === 'TimeoutError';
			const axiosLike = Object.assign(new Error(timedOut ? `timeout of ${options.timeout}ms exceeded` : 'socket hang up'), {
				code: timedOut ? 'ECONNABORTED' : (cause?.code ?? 'ECONNRESET'),
				// n8n's real error carries the request config, Authorization included: errors must not leak it.
				config: { headers },
			});
			throw new NodeApiError(node, axiosLike as never);
		}
		const text = await response.text();
		let body: unknown = text;
		try {
			body = text ? JSON.parse(text) : '';
		} catch {
			// non-JSON answers stay text, as n8n's helper returns them
		}
		const responseHeaders: Record<string, string> = {};
		response.headers.forEach((value, key) => (responseHeaders[key] = value));
		if (!options.ignoreHttpStatusErrors && response.status >= 400) {
			throw new NodeApiError(node, { message: `Request failed with status code ${response.status}` });
		}
		return options.returnFullResponse ? { statusCode: response.status, body, headers: responseHeaders } : body;
	}

	const ctx = {
		sent,
		getNode: () => node,
		getInputData: () => items,
		continueOnFail: () => input.continueOnFail ?? false,
		getCredentials: async () => input.credentials,
		getNodeParameter: (name: string, ...args: unknown[]) => {
			const [itemIndex, fallback] = input.itemless ? [0, args[0]] : [args[0] as number, args[1]];
			const [head, ...rest] = name.split('.');
			let value = input.parameters?.[head];
			if (typeof value === 'function') value = (value as (i: number) => unknown)(itemIndex);
			for (const key of rest) value = (value as Record<string, unknown> | undefined)?.[key];
			return value === undefined ? fallback : value;
		},
		helpers: {
			httpRequestWithAuthentication,
			assertBinaryData: binaryOf,
			getBinaryDataBuffer: async (itemIndex: number, property: string) =>
				Buffer.from(binaryOf(itemIndex, property).data, 'base64'),
		},
		...input.extra,
	};
	return ctx as unknown as IExecuteFunctions & { sent: SentRequest[] };
}
