import { join } from 'path';
import { startSandboxSimulator } from '../test/simulator/sandbox';
import { exampleNames, loadExample, withCredentials } from '../test/e2e/harness/examples';
import { N8n, OWNER } from '../test/e2e/harness/n8n';
import { OpenAiStub } from '../test/stubs/openai';
import { REPO_ROOT } from '../test/e2e/harness/install';

/**
 * The sandbox behind `npm start`: the Customer.io simulator plus a real n8n editor (data kept
 * in .sandbox/ between runs) with our package installed and one credential per simulated
 * client, so a newcomer can build and run a workflow at once.
 */
const N8N_PORT = Number(process.env.N8N_PORT ?? 5678);
const SIMULATOR_PORT = Number(process.env.CIO_SIMULATOR_PORT ?? 4010);
const MODEL_STUB_PORT = Number(process.env.MODEL_STUB_PORT ?? 4011);
const WEBHOOK_ACTION_SECRET = 'sandbox-webhook-action-secret';

async function main(): Promise<void> {
	const { sim, workspaces } = await startSandboxSimulator({ port: SIMULATOR_PORT, log: (line) => console.log(`[simulator] ${line}`) });
	console.log(`Customer.io simulator on ${sim.url}`);
	console.log('Starting n8n (about 10 s)…');
	const n8n = await N8n.start({ userFolder: join(REPO_ROOT, '.sandbox/n8n'), port: N8N_PORT });

	// A local OpenAI-compatible model, so the AI example runs without any real LLM.
	const stub = new OpenAiStub();
	await stub.start(MODEL_STUB_PORT);

	const existing = await n8n.rest<Array<{ id: string; name: string }>>('GET', '/rest/credentials');
	const ensure = async (name: string, type: string, data: Record<string, unknown>) =>
		existing.find((c) => c.name === name) ?? (await n8n.createCredential(name, type, data));
	const clients: Record<string, { id: string; name: string }> = {};
	for (const ws of workspaces) {
		clients[ws.region] = await ensure(`Sandbox client ${ws.region.toUpperCase()} (simulator)`, 'customerIoLifecycleApi', sim.credentialFor(ws));
	}
	const byType = {
		customerIoLifecycleApi: clients.us,
		customerIoWebhookActionApi: await ensure('Sandbox webhook action secret', 'customerIoWebhookActionApi', { method: 'header', headerName: 'X-Api-Key', headerValue: WEBHOOK_ACTION_SECRET }),
		openAiApi: await ensure('Local model stub (OpenAI API)', 'openAiApi', { apiKey: 'sk-local-stub', url: stub.url }),
	};

	// The examples/ workflows, once; the two webhook ones active so their URLs answer at once.
	const workflows = await n8n.rest<Array<{ id: string; name: string; active: boolean }>>('GET', '/rest/workflows');
	const urls: string[] = [];
	for (const name of exampleNames()) {
		const example = loadExample(name);
		let workflow = workflows.find((w) => w.name === example.name);
		if (!workflow) workflow = { ...(await n8n.createWorkflow(withCredentials(example, byType))), name: example.name, active: false };
		const webhookNode = example.nodes.find((node) => node.webhookId);
		if (!webhookNode) continue;
		if (!workflow.active) await n8n.activate(workflow.id);
		const path = name === 'ai-personalize' ? 'personalize' : 'customerio-reporting';
		urls.push(`${example.name}: ${n8n.url}/webhook/${String(webhookNode.webhookId)}/${path}`);
	}

	console.log(`
  n8n editor:   ${n8n.url}
  login:        ${OWNER.email} / ${OWNER.password}
  credentials:  "Sandbox client US (simulator)" and "Sandbox client EU (simulator)" are ready to pick
  examples:     ${exampleNames().length} workflows from examples/ (open one and press "Execute workflow")
  webhooks:     ${urls.join('\n                ')}
  try:          npx tsx scripts/send-event.ts <reporting URL above> email bounced
                curl -s -H 'X-Api-Key: ${WEBHOOK_ACTION_SECRET}' -H 'content-type: application/json' -d '{"template_id":"welcome","user_id":"u-1001","attrs":{"plan":"pro"},"fields":{"first_name":"Ada"}}' <AI URL above>
  model stub:   ${stub.url} (OpenAI-compatible, answers the copy it is given)
  simulator:    ${sim.url} (keys below; Region: Custom URLs)
${workspaces
	.map(
		(ws) => `    ${ws.name}: Track ${sim.trackBaseUrl(ws.region)}  App ${sim.appBaseUrl(ws.region)}
      Site ID ${ws.siteId}  Track key ${ws.trackApiKey}  App key ${ws.appApiKey}  Signing key ${ws.signingKey}`,
	)
	.join('\n')}

  Press Ctrl+C to stop.`);

	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		console.log('\nStopping n8n and the simulator…');
		await n8n.stop();
		await stub.stop();
		await sim.stop();
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
