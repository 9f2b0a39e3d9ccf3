import { NodeApiError, type IDataObject, type IHttpRequestOptions, type INode, type INodeExecutionData } from 'n8n-workflow';
import { CustomerIoLifecycleApi } from '../../../credentials/CustomerIoLifecycleApi.credentials';
import { CustomerIoLifecycle } from '../../../nodes/CustomerIo/CustomerIoLifecycle.node';
import { fakeExecuteContext, type FakeContextInput } from '../../helpers/fakeExecuteContext';

/**
 * The parts of n8n that the attack tests depend on, modelled on n8n-core's source (1.88 … 2.x)
 * closely enough that the node cannot tell the difference:
 * - `httpRequestWithAuthentication` (request-helper-functions.ts + axios): the credential's
 *   authenticate(); redirects followed unless `disableFollowRedirect` (axios maxRedirects 0),
 *   with the Authorization header re-added on every hop to any host (getBeforeRedirectFn:
 *   sendCredentialsOnCrossOriginRedirect defaults to true) and a POST turned into a GET on
 *   301/302/303 (follow-redirects); every status accepted with `ignoreHttpStatusErrors`; any
 *   failure thrown as `new NodeApiError(node, axiosError)`, whose config holds the headers.
 * - the execution: `getContext('node')` lives in the execution data (contextData), which
 *   Retry On Fail shares between tries and a retried execution gets back from the database;
 *   `getExecutionId()`; `$runIndex`; and a debug log where n8n writes every error a node throws.
 */
export interface Execution {
	id: string;
	/** runExecutionData.executionData.contextData */
	contextData: Record<string, IDataObject>;
	/** Everything "n8n" logged: serialized errors, as n8n's debug log has them. */
	log: string[];
}

let executions = 0;

export function newExecution(): Execution {
	return { id: String(++executions), contextData: {}, log: [] };
}

/** "Retry" on a failed execution: a new execution id, the stored execution data (a JSON round trip). */
export function retryOf(previous: Execution): Execution {
	return { id: String(++executions), contextData: JSON.parse(JSON.stringify(previous.contextData)) as Execution['contextData'], log: [] };
}

export interface Hop {
	url: string;
	method: string;
	headers: Record<string, string>;
}

const credentialType = new CustomerIoLifecycleApi();

/** Every request line n8n would put on the wire, in order (redirect hops included). */
export const wire: Hop[] = [];

async function n8nHttpRequestWithAuthentication(
	node: INode,
	credentials: FakeContextInput['credentials'],
	raw: IHttpRequestOptions,
): Promise<unknown> {
	const authenticate = credentialType.authenticate as (c: typeof credentials, o: IHttpRequestOptions) => Promise<IHttpRequestOptions>;
	const options = await authenticate(credentials, raw);
	const headers: Record<string, string> = {};
	for (const [k, v] of Object.entries(options.headers ?? {})) headers[k] = String(v);
	let body = options.body === undefined ? undefined : JSON.stringify(options.body);
	if (body !== undefined) headers['Content-Type'] = 'application/json';
	let method = options.method ?? 'GET';
	let url = new URL(options.url);
	for (const [k, v] of Object.entries(options.qs ?? {})) url.searchParams.set(k, String(v));
	const signal = AbortSignal.timeout(options.timeout ?? 300_000);
	let partial: { status: number; headers: Record<string, string>; data?: string } | undefined;
	try {
		for (let hop = 0; ; hop++) {
			wire.push({ url: url.href, method, headers: { ...headers } });
			const response = await fetch(url, { method, headers, body, redirect: 'manual', signal });
			partial = { status: response.status, headers: Object.fromEntries(response.headers) };
			const location = response.headers.get('location');
			const follow = response.status >= 300 && response.status < 400 && location && !options.disableFollowRedirect && hop < 21;
			if (follow) {
				await response.arrayBuffer();
				if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
					method = 'GET';
					body = undefined;
					delete headers['Content-Type'];
				}
				url = new URL(location, url);
				// getBeforeRedirectFn: the original Authorization goes along to the new host.
				continue;
			}
			const text = await response.text();
			partial.data = text;
			let parsed: unknown = text;
			try {
				parsed = text ? JSON.parse(text) : '';
			} catch {
				// non-JSON answers stay text
			}
			if (!options.ignoreHttpStatusErrors && (response.status < 200 || response.status >= 300)) {
				throw Object.assign(new Error(`Request failed with status code ${response.status}`), {
					code: 'ERR_BAD_RESPONSE',
					response: { status: response.status, data: parsed, headers: partial.headers },
				});
			}
			return options.returnFullResponse ? { statusCode: response.status, body: parsed, headers: partial.headers } : parsed;
		}
	} catch (error) {
		const timedOut = (error as Error).name === 'TimeoutError';
		const cause = (error as { cause?: { code?: string; message?: string } }).cause;
		// What axios throws, everything included: the request config with its Authorization header,
		// and whatever part of the answer had arrived.
		const axiosError = Object.assign(
			new Error(timedOut ? `timeout of ${options.timeout}ms exceeded` : (cause?.message ?? (error as Error).message)),
			{
				// axios reports a socket closed mid-answer as ECONNRESET (undici: UND_ERR_SOCKET).
				code: timedOut ? 'ECONNABORTED' : cause?.code === 'UND_ERR_SOCKET' ? 'ECONNRESET' : (cause?.code ?? 'ECONNRESET'),
				config: { url: options.url, method, headers, data: body },
				response: (error as { response?: unknown }).response ?? partial,
			},
		);
		throw new NodeApiError(node, axiosError as never);
	}
}

/** An execute context of one try of the node in `execution`, talking HTTP the way n8n does. */
export function n8nContext(input: FakeContextInput, execution: Execution, runIndex = 0) {
	const ctx = fakeExecuteContext(input);
	const node = ctx.getNode();
	const logger = Object.fromEntries(
		['debug', 'info', 'warn', 'error'].map((level) => [level, (message: string, meta?: unknown) => execution.log.push(`${level} ${message} ${JSON.stringify(meta ?? {})}`)]),
	);
	return Object.assign(ctx, {
		helpers: { ...ctx.helpers, httpRequestWithAuthentication: (_type: string, options: IHttpRequestOptions) => n8nHttpRequestWithAuthentication(node, input.credentials, options) },
		getContext: (type: 'node' | 'flow') => (execution.contextData[type === 'node' ? `node:${node.name}` : 'flow'] ??= {}),
		getExecutionId: () => execution.id,
		getWorkflowDataProxy: () => ({ $runIndex: runIndex }),
		logger,
	});
}

/** An error with everything n8n could show, store or log of it. */
export function logged(error: unknown): string {
	const e = error as NodeApiError;
	return JSON.stringify({
		message: e.message,
		description: e.description,
		messages: e.messages,
		context: e.context,
		httpCode: e.httpCode,
		cause: e.cause,
		stack: e.stack,
		errorResponse: (e as unknown as { errorResponse?: unknown }).errorResponse,
		all: e,
	});
}

/** Everything a run leaves where a person or a log could read it: error, output items, n8n's log. */
export function visible(result: RunResult & { execution: Execution }): string {
	return [result.error ? logged(result.error) : '', JSON.stringify(result.output ?? null), ...result.execution.log].join('\n');
}

export interface RunResult {
	output?: INodeExecutionData[];
	error?: Error & { description?: string | null };
	tries: number;
}

/**
 * One node run as WorkflowExecute does it: with Retry On Fail, execute() is called again (same
 * execution, same run index, same context data) after a thrown error — or after an output whose
 * first item has `json.error` (Continue On Fail) — up to `maxTries` times.
 */
export async function runInN8n(
	input: FakeContextInput,
	{ execution = newExecution(), maxTries = 1, runIndex = 0 }: { execution?: Execution; maxTries?: number; runIndex?: number } = {},
): Promise<RunResult & { execution: Execution }> {
	let last: RunResult = { tries: 0 };
	for (let tryIndex = 0; tryIndex < maxTries; tryIndex++) {
		try {
			const [output] = await new CustomerIoLifecycle().execute.call(n8nContext(input, execution, runIndex));
			last = { output, tries: tryIndex + 1 };
			if (output[0]?.json.error === undefined) break;
		} catch (error) {
			execution.log.push(`debug Running node "${input.credentialName ?? 'Customer.io Lifecycle'}" finished with error ${logged(error)}`);
			last = { error: error as RunResult['error'], tries: tryIndex + 1 };
		}
	}
	return { ...last, execution };
}
