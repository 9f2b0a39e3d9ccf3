import { randomUUID } from 'crypto';
import { N8n } from '../../test/e2e/harness/n8n';
import type { OpenAiStub } from '../../test/stubs/openai';
import { load } from '../lib/load';
import { latencies } from '../lib/stats';

/**
 * Case 4: AI Personalize answer times with n8n's OpenAI Chat Model node on a local stub that
 * answers in a set time, or never (then the budget decides). Overhead = answer time minus the
 * model's time, measured outside (client) and inside the node (audit: answered_in_ms - model_ms).
 */
export interface AiRun {
	p50: number;
	p99: number;
	max: number;
	clientOverheadP99: number;
	/** answered_in_ms minus model, model loading and credential loading: this node's own code. */
	nodeOverheadP50: number;
	nodeOverheadP99: number;
	/** Time n8n spends loading and decrypting the node's credential per request. */
	credentialP99: number;
	/** Time n8n spends building the chat-model sub-node per request. */
	modelLoadP99: number;
	/** The node's answer time from the moment n8n hands it the request (answered_in_ms), p99. */
	answeredP99: number;
	/** Client latency minus the node's answered_in_ms, per request: n8n's own handling before the node runs (and loopback). */
	outsideP50: number;
	outsideP99: number;
	/** The slowest of the warm-up requests (the first ones load the LangChain modules). */
	coldStartMs: number;
	sources: Record<string, number>;
}

export const HEADER_SECRET = 'bench-header-secret-0123456789';

export async function setUpAi(n8n: N8n, stubUrl: string, budgetMs: number) {
	const openAi = await n8n.createCredential('Bench OpenAI stub', 'openAiApi', { apiKey: 'sk-bench-not-real', url: stubUrl });
	const auth = await n8n.createCredential('Bench webhook action', 'customerIoWebhookActionApi', { method: 'header', headerName: 'X-Api-Key', headerValue: HEADER_SECRET });
	const webhookId = randomUUID();
	const wf = await n8n.createWorkflow({
		name: `bench AI budget ${budgetMs}`,
		nodes: [
			{ name: 'AI Personalize', type: N8n.nodeType('customerIoAiPersonalize'), typeVersion: 1, position: [0, 0], webhookId, parameters: { budgetMs }, credentials: { customerIoWebhookActionApi: auth } },
			{ name: 'OpenAI Chat Model', type: '@n8n/n8n-nodes-langchain.lmChatOpenAi', typeVersion: 1.2, position: [0, 200], parameters: { model: { __rl: true, mode: 'id', value: 'stub-model' }, options: { maxRetries: 0 } }, credentials: { openAiApi: openAi } },
		],
		connections: { 'OpenAI Chat Model': { ai_languageModel: [[{ node: 'AI Personalize', type: 'ai_languageModel', index: 0 }]] } },
	});
	await n8n.activate(wf.id);
	return { workflowId: wf.id, url: `${n8n.url}/webhook/${webhookId}/personalize` };
}

export async function runAiLoad(n8n: N8n, stub: OpenAiStub, target: { workflowId: string; url: string }, modelMs: number, total: number, concurrency: number): Promise<AiRun> {
	stub.delayMs = modelMs;
	const request = (prefix: string) => (i: number) => ({
		body: JSON.stringify({ template_id: 'welcome', user_id: `${prefix}-${i}`, attrs: { plan: 'free' }, fields: { first_name: 'Ada' } }),
		headers: { 'x-api-key': HEADER_SECRET },
	});
	const warmUp = await load(target.url, concurrency, concurrency, request('warm-up'));
	const before = new Set((await n8n.executions(target.workflowId)).map((e) => e.id));
	const result = await load(target.url, total, concurrency, request('bench'));
	stub.delayMs = 0;
	// Audit items arrive as executions finish.
	const deadline = Date.now() + 30_000;
	let audits: Array<Record<string, unknown>> = [];
	while (Date.now() < deadline) {
		const fresh = (await n8n.executions(target.workflowId)).filter((e) => !before.has(e.id));
		audits = fresh
			.map((e) => e.data?.resultData.runData['AI Personalize']?.[0]?.data?.main[0]?.[0]?.json ?? {})
			.filter((a) => String((a.request as { user_id?: string } | undefined)?.user_id).startsWith('bench-'));
		if (audits.length >= total) break;
		await new Promise((r) => setTimeout(r, 300));
	}
	const sources: Record<string, number> = {};
	for (const audit of audits) {
		const source = String((audit.answer as { source?: string } | undefined)?.source);
		sources[source] = (sources[source] ?? 0) + 1;
	}
	const timed = audits.filter((a) => typeof a.model_ms === 'number');
	const overhead = latencies(timed.map((a) => Number(a.answered_in_ms) - Number(a.model_ms) - Number(a.model_load_ms) - Number(a.credential_ms)));
	const answeredIn = new Map(audits.map((a) => [String((a.request as { user_id?: string }).user_id), Number(a.answered_in_ms)]));
	const outside = latencies(result.latencies.flatMap((ms, i) => (answeredIn.has(`bench-${i}`) ? [ms - (answeredIn.get(`bench-${i}`) as number)] : [])));
	const modelTime = Number.isFinite(modelMs) ? modelMs : NaN;
	const stats = latencies(result.latencies);
	return {
		...stats,
		clientOverheadP99: Number.isFinite(modelTime) ? stats.p99 - modelTime : NaN,
		nodeOverheadP50: overhead.p50,
		nodeOverheadP99: overhead.p99,
		credentialP99: latencies(timed.map((a) => Number(a.credential_ms))).p99,
		modelLoadP99: latencies(timed.map((a) => Number(a.model_load_ms))).p99,
		answeredP99: latencies(audits.map((a) => Number(a.answered_in_ms))).p99,
		outsideP50: outside.p50,
		outsideP99: outside.p99,
		coldStartMs: Math.max(...warmUp.latencies),
		sources,
	};
}
