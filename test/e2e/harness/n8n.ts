import { spawn, type ChildProcess } from 'child_process';
import { randomUUID } from 'crypto';
import { mkdtempSync, rmSync } from 'fs';
import { createServer, type AddressInfo } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { installBuiltPackage, PACKAGE_NAME, runtime, type Runtime } from './install';

/**
 * A real n8n (the pinned runtime) with our built package installed as a community package,
 * on loopback, with an owner and a public-API key. Tests drive it the way the editor does:
 * REST calls with the owner's cookie, and the public API with the key.
 */
export const OWNER = { email: 'owner@sandbox.local', firstName: 'Sandbox', lastName: 'Owner', password: 'Sandbox-Owner-1' };

export async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	await new Promise((resolve) => server.close(resolve));
	return port;
}

export interface StartOptions {
	/** Keep data here (the sandbox); default: a temp folder removed on stop. */
	userFolder?: string;
	port?: number;
	env?: Record<string, string>;
	/** Create the owner and an API key (skipped when the folder already has an owner). */
	setup?: boolean;
	/** Print n8n's output as it comes, each line after this label (npm run start:queue). */
	echo?: string;
	/** How the package gets into the user folder (default: the built dist/, as a community install lays it out). */
	install?: (userFolder: string) => void;
	/** Which n8n process: the main one (editor, API), or a queue-mode worker or webhook processor. */
	command?: 'start' | 'worker' | 'webhook';
	/** Which installed n8n (default: the pinned one). */
	runtime?: Runtime;
}

/** What each kind of n8n process prints once it is ready. */
const READY = {
	start: /Editor is now accessible/,
	worker: /n8n worker is now ready/,
	webhook: /Webhook listener waiting for requests/,
};

export interface WorkflowNode {
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	[key: string]: unknown;
}

export interface WorkflowInput {
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
}

export interface Execution {
	id: string;
	finished: boolean;
	status: string;
	data?: {
		resultData: {
			runData: Record<string, Array<{ data?: { main: Array<Array<{ json: Record<string, unknown>; pairedItem?: unknown }>> }; error?: unknown; executionTime?: number; startTime?: number }>>;
			error?: { message: string; description?: string };
			lastNodeExecuted?: string;
		};
	};
}

export class N8n {
	private cookie = '';
	private apiKey = '';
	private output = '';

	private constructor(
		readonly url: string,
		readonly port: number,
		readonly userFolder: string,
		private readonly child: ChildProcess,
		private readonly ownsFolder: boolean,
	) {}

	/** Node type name as n8n registers a community node: `<package>.<node>`. */
	static nodeType(node: string): string {
		return `${PACKAGE_NAME}.${node}`;
	}

	static async start(options: StartOptions = {}): Promise<N8n> {
		const n8nRuntime = options.runtime ?? runtime();
		const userFolder = options.userFolder ?? mkdtempSync(join(tmpdir(), 'n8n-e2e-'));
		(options.install ?? installBuiltPackage)(userFolder);
		const port = options.port ?? (await freePort());
		const url = `http://127.0.0.1:${port}`;
		const env: Record<string, string> = {
			PATH: process.env.PATH ?? '',
			HOME: process.env.HOME ?? userFolder,
			N8N_USER_FOLDER: userFolder,
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			WEBHOOK_URL: `${url}/`,
			N8N_EDITOR_BASE_URL: `${url}/`,
			N8N_SECURE_COOKIE: 'false',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			DB_TYPE: 'sqlite',
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
			EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
			N8N_LOG_LEVEL: 'info',
			...options.env,
		};
		const command = options.command ?? 'start';
		const child = spawn(n8nRuntime.node, [n8nRuntime.bin, command], { env, stdio: ['ignore', 'pipe', 'pipe'] });
		const n8n = new N8n(url, port, userFolder, child, !options.userFolder);
		const collect = (chunk: Buffer) => {
			const text = chunk.toString();
			n8n.output += text;
			if (options.echo !== undefined) process.stdout.write(text.replace(/^(?=.)/gm, `[${options.echo}] `));
		};
		child.stdout?.on('data', collect);
		child.stderr?.on('data', collect);
		await n8n.waitFor(READY[command], 120_000);
		if (options.setup !== false && command === 'start') await n8n.setupOwner();
		return n8n;
	}

	/** The n8n process id (for memory readings). */
	get pid(): number {
		return this.child.pid ?? -1;
	}

	/** Everything n8n printed so far. */
	get logs(): string {
		return this.output;
	}

	private async waitFor(pattern: RegExp, timeoutMs: number): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (!pattern.test(this.output)) {
			if (this.child.exitCode !== null) throw new Error(`n8n exited (${this.child.exitCode}):\n${this.output.slice(-4000)}`);
			if (Date.now() > deadline) throw new Error(`n8n did not print ${pattern} within ${timeoutMs} ms:\n${this.output.slice(-4000)}`);
			await new Promise((r) => setTimeout(r, 100));
		}
	}

	/** Creates the owner (or logs in when it exists) and a public-API key. */
	private async setupOwner(): Promise<void> {
		const setup = await fetch(`${this.url}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(OWNER),
		});
		let response = setup;
		if (!setup.ok) {
			response = await fetch(`${this.url}/rest/login`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, password: OWNER.password }),
			});
			if (!response.ok) throw new Error(`owner setup and login failed: ${setup.status} / ${response.status} ${await response.text()}`);
		}
		const cookie = response.headers.getSetCookie().find((c) => c.startsWith('n8n-auth='));
		if (!cookie) throw new Error('n8n did not set the n8n-auth cookie');
		this.cookie = cookie.split(';')[0];
		// API-key scopes exist from n8n 1.9x on; older keys may do everything.
		const scopes = await this.rest<string[]>('GET', '/rest/api-keys/scopes').catch((error: unknown) => {
			if (/→ 404/.test(String(error))) return undefined;
			throw error;
		});
		const key = await this.rest<{ rawApiKey: string }>('POST', '/rest/api-keys', { label: `e2e ${Date.now()}`, expiresAt: null, ...(scopes && { scopes }) });
		this.apiKey = key.rawApiKey;
	}

	/** A REST call as the logged-in owner (what the editor does); answers `data`. */
	async rest<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.url}${path}`, {
			method,
			headers: { cookie: this.cookie, 'content-type': 'application/json', 'browser-id': 'e2e' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text.slice(0, 2000)}`);
		const parsed = text ? (JSON.parse(text) as { data?: T }) : {};
		return (parsed.data ?? parsed) as T;
	}

	/** A public-API call (`/api/v1/...`) with the API key. */
	async api<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.url}/api/v1${path}`, {
			method,
			headers: { 'x-n8n-api-key': this.apiKey, 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} /api/v1${path} → ${response.status}: ${text.slice(0, 2000)}`);
		return (text ? JSON.parse(text) : {}) as T;
	}

	async createCredential(name: string, type: string, data: Record<string, unknown>): Promise<{ id: string; name: string }> {
		const created = await this.rest<{ id: string; name: string }>('POST', '/rest/credentials', { name, type, data });
		return { id: created.id, name: created.name };
	}

	/**
	 * Saves a credential and runs its test, as the credential modal does on "Save" (n8n 2.x
	 * tests only stored credentials: an unsaved one gets 403).
	 */
	async testCredential(type: string, data: Record<string, unknown>, name = `under test ${Date.now()}`): Promise<{ status: string; message: string }> {
		const { id } = await this.createCredential(name, type, data);
		return await this.rest('POST', '/rest/credentials/test', { credentials: { id, name, type, data } });
	}

	/** Node type descriptions n8n knows (what the node creator lists). */
	async nodeTypes(): Promise<Array<{ name: string; displayName: string; credentials?: Array<{ name: string }> }>> {
		const response = await fetch(`${this.url}/types/nodes.json`, { headers: { cookie: this.cookie } });
		if (!response.ok) throw new Error(`/types/nodes.json → ${response.status}`);
		return (await response.json()) as Array<{ name: string; displayName: string }>;
	}

	async credentialTypes(): Promise<Array<{ name: string; displayName: string }>> {
		const response = await fetch(`${this.url}/types/credentials.json`, { headers: { cookie: this.cookie } });
		if (!response.ok) throw new Error(`/types/credentials.json → ${response.status}`);
		return (await response.json()) as Array<{ name: string; displayName: string }>;
	}

	/**
	 * Saves a workflow; nodes without an id get one, as the editor gives them (n8n's API does not,
	 * and Remove Duplicates keys its history on the node id).
	 */
	async createWorkflow(workflow: WorkflowInput): Promise<{ id: string; versionId: string }> {
		const nodes = workflow.nodes.map((node) => ({ id: randomUUID(), ...node }));
		return await this.rest('POST', '/rest/workflows', { settings: { executionOrder: 'v1' }, ...workflow, nodes, active: false });
	}

	/** Activates a workflow as the editor's toggle does (n8n before 1.1xx has no `/activate`: it saves `active: true`). */
	async activate(id: string): Promise<void> {
		const workflow = await this.rest<{ versionId: string }>('GET', `/rest/workflows/${id}`);
		try {
			await this.rest('POST', `/rest/workflows/${id}/activate`, { versionId: workflow.versionId });
		} catch (error) {
			if (!/→ 404/.test(String(error))) throw error;
			await this.rest('PATCH', `/rest/workflows/${id}`, { active: true, versionId: workflow.versionId });
		}
	}

	async deactivate(id: string): Promise<void> {
		try {
			await this.rest('POST', `/rest/workflows/${id}/deactivate`, {});
		} catch (error) {
			if (!/→ 404/.test(String(error))) throw error;
			const workflow = await this.rest<{ versionId: string }>('GET', `/rest/workflows/${id}`);
			await this.rest('PATCH', `/rest/workflows/${id}`, { active: false, versionId: workflow.versionId });
		}
	}

	/**
	 * Waits until a production webhook is registered (newer n8n activates asynchronously: a webhook
	 * is 404 or 500 for a moment after "activate"). A CORS preflight asks without running the
	 * workflow: n8n answers it 204 only once it finds the webhook.
	 */
	async waitForWebhook(url: string, timeoutMs = 15_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const response = await fetch(url, { method: 'OPTIONS', headers: { origin: this.url, 'access-control-request-method': 'POST' } });
			if (response.ok) return;
			if (Date.now() > deadline) throw new Error(`webhook ${url} was not registered within ${timeoutMs} ms of activation`);
			await new Promise((r) => setTimeout(r, 100));
		}
	}

	/** POSTs JSON to a production webhook path (`/webhook/<path>`), once it is registered. */
	async callWebhook(path: string, body: unknown): Promise<Response> {
		const url = `${this.url}/webhook/${path}`;
		await this.waitForWebhook(url);
		return await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	}

	/** Runs a saved workflow from its Manual Trigger, as the editor's "Execute workflow" does, and waits for it. */
	async runManually(id: string, triggerName = 'Manual Trigger', timeoutMs = 120_000): Promise<Execution> {
		const workflow = await this.rest<Record<string, unknown>>('GET', `/rest/workflows/${id}`);
		const started = await this.rest<{ executionId?: string }>('POST', `/rest/workflows/${id}/run`, {
			workflowData: workflow,
			triggerToStartFrom: { name: triggerName },
		});
		if (!started.executionId) throw new Error(`n8n did not start an execution: ${JSON.stringify(started)}`);
		return await this.waitForExecution(started.executionId, timeoutMs);
	}

	async waitForExecution(executionId: string, timeoutMs = 120_000): Promise<Execution> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			try {
				const execution = await this.api<Execution>('GET', `/executions/${executionId}?includeData=true`);
				if (execution.status !== 'running' && execution.status !== 'new' && execution.status !== 'waiting') return execution;
			} catch (error) {
				// Not yet saved: manual executions are written when they finish. A poll whose kept-alive
				// connection n8n closed while busy (ECONNRESET) is asked again on a new one.
				const dropped = error instanceof TypeError && /fetch failed/.test(error.message);
				if (!/→ 404/.test(String(error)) && !dropped) throw error;
			}
			if (Date.now() > deadline) throw new Error(`execution ${executionId} did not finish within ${timeoutMs} ms`);
			await new Promise((r) => setTimeout(r, 200));
		}
	}

	/** Executions of a workflow, newest first. */
	async executions(workflowId: string): Promise<Execution[]> {
		const list = await this.api<{ data: Execution[] }>('GET', `/executions?workflowId=${workflowId}&includeData=true&limit=250`);
		return list.data;
	}

	async stop(): Promise<void> {
		if (this.child.exitCode === null) {
			const exited = new Promise((resolve) => this.child.once('exit', resolve));
			this.child.kill('SIGTERM');
			const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
			await exited;
			clearTimeout(timer);
		}
		if (this.ownsFolder) rmSync(this.userFolder, { recursive: true, force: true });
	}
}

/** The output items of one node in a finished execution (`output` 1 is the error output under "Continue (using error output)"). */
export function nodeOutput(execution: Execution, nodeName: string, output = 0): Array<{ json: Record<string, unknown>; pairedItem?: unknown }> {
	const runs = execution.data?.resultData.runData[nodeName];
	if (!runs) throw new Error(`node "${nodeName}" did not run: ${JSON.stringify(execution.data?.resultData.error ?? execution.status)}`);
	return runs.flatMap((run) => run.data?.main[output] ?? []);
}

/** How long a node ran in an execution (ms, all its runs). */
export function nodeRunTime(execution: Execution, nodeName: string): number {
	const runs = execution.data?.resultData.runData[nodeName];
	if (!runs) throw new Error(`node "${nodeName}" did not run`);
	return runs.reduce((total, run) => total + (run.executionTime ?? 0), 0);
}
