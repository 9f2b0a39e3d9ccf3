import { exampleNames, loadExample, missingCredentialTypes, withCredentials } from '../test/e2e/harness/examples';
import { N8n, OWNER } from '../test/e2e/harness/n8n';
import type { CustomerIoSimulator, Workspace } from '../test/simulator';
import type { OpenAiStub } from '../test/stubs/openai';

/**
 * What `npm start` and `npm run start:queue` put into a fresh n8n: one credential per simulated
 * client, the Webhook Action secret, the local model, and the examples/ workflows, with the
 * webhook ones active. Existing credentials and workflows (by name) are kept, so restarts of a
 * kept sandbox add nothing twice.
 */
export const WEBHOOK_ACTION_SECRET = 'sandbox-webhook-action-secret';

/** The Manual Trigger an example runs once before it is activated (the closed loop's CREATE TABLE IF NOT EXISTS). */
export const SETUP_TRIGGER = 'Set Up Tables';

/** The PostgreSQL credential both start scripts give the examples that keep rows (queue-mode dedupe, closed loop). */
export const STORE_CREDENTIAL = 'Sandbox store (PostgreSQL)';

type Ref = { id: string; name: string };

export interface Sandbox {
	sim: CustomerIoSimulator;
	workspaces: Workspace[];
	stub: OpenAiStub;
}

export interface Provisioned {
	/** Active webhook workflows: name, example file and the URL path after the host. */
	webhooks: Array<{ name: string; example: string; path: string }>;
	/** Examples left out, with the credential types this n8n lacks for them. */
	skipped: Array<{ name: string; missing: string[] }>;
}

/** `extra`: more credentials by type (the "postgres" store of the examples that keep rows). */
export async function provision(n8n: N8n, { sim, workspaces, stub }: Sandbox, extra: Record<string, Ref> = {}): Promise<Provisioned> {
	const existing = await n8n.rest<Ref[]>('GET', '/rest/credentials');
	const ensure = async (name: string, type: string, data: Record<string, unknown>) =>
		existing.find((c) => c.name === name) ?? (await n8n.createCredential(name, type, data));
	const clients: Record<string, Ref> = {};
	for (const ws of workspaces) {
		clients[ws.region] = await ensure(`Sandbox client ${ws.region.toUpperCase()} (simulator)`, 'customerIoLifecycleApi', sim.credentialFor(ws));
	}
	const byType: Record<string, Ref> = {
		customerIoLifecycleApi: clients.us,
		customerIoWebhookActionApi: await ensure('Sandbox webhook action secret', 'customerIoWebhookActionApi', { method: 'header', headerName: 'X-Api-Key', headerValue: WEBHOOK_ACTION_SECRET }),
		openAiApi: await ensure('Local model stub (OpenAI API)', 'openAiApi', { apiKey: 'sk-local-stub', url: stub.url }),
		...extra,
	};

	const workflows = await n8n.rest<Array<{ id: string; name: string; active: boolean }>>('GET', '/rest/workflows');
	const result: Provisioned = { webhooks: [], skipped: [] };
	for (const name of exampleNames()) {
		const example = loadExample(name);
		const missing = missingCredentialTypes(example, byType);
		if (missing.length) {
			result.skipped.push({ name: example.name, missing });
			continue;
		}
		let workflow = workflows.find((w) => w.name === example.name);
		if (!workflow) workflow = { ...(await n8n.createWorkflow(withCredentials(example, byType))), name: example.name, active: false };
		// The store is new on every start: its tables are created (IF NOT EXISTS) before events arrive.
		if (example.nodes.some((node) => node.name === SETUP_TRIGGER)) {
			const setup = await n8n.runManually(workflow.id, SETUP_TRIGGER);
			if (setup.status !== 'success') throw new Error(`"${SETUP_TRIGGER}" of ${example.name} failed: ${JSON.stringify(setup.data?.resultData.error ?? setup.status)}`);
		}
		const webhookNodes = example.nodes.filter((node) => node.webhookId);
		if (!webhookNodes.length) continue;
		if (!workflow.active) await n8n.activate(workflow.id);
		for (const node of webhookNodes) {
			const path = node.type === N8n.nodeType('customerIoAiPersonalize') ? 'personalize' : 'customerio-reporting';
			result.webhooks.push({ name: example.name, example: name, path: `/webhook/${String(node.webhookId)}/${path}` });
		}
	}
	return result;
}

/** The banner both start scripts print: where everything is and what to try first. */
export function guide(options: { processes: string[]; editorUrl: string; webhookBases: string[]; provisioned: Provisioned; sandbox: Sandbox }): string {
	const { sim, workspaces, stub } = options.sandbox;
	const { webhooks, skipped } = options.provisioned;
	const urls = webhooks.flatMap((w) => options.webhookBases.map((base) => `${w.name}: ${base}${w.path}`));
	// The "try" lines use the single-purpose examples (the closed loop's URLs are listed above).
	const urlOf = (example: string, fallback: string) => {
		const webhook = webhooks.find((w) => w.example === example);
		return webhook ? `${options.webhookBases[0]}${webhook.path}` : fallback;
	};
	const aiUrl = urlOf('ai-personalize', '<AI URL above>');
	const reportingUrl = urlOf('reporting-trigger', '<reporting URL above>');
	const indent = '\n                ';
	return `
${options.processes.map((line) => `  ${line}`).join('\n')}
  n8n editor:   ${options.editorUrl}
  login:        ${OWNER.email} / ${OWNER.password}
  credentials:  "Sandbox client US (simulator)" and "Sandbox client EU (simulator)" are ready to pick
  examples:     ${exampleNames().length - skipped.length} workflows from examples/ (open one and press "Execute workflow")${skipped
		.map((s) => `${indent}not loaded: ${s.name} (needs a ${s.missing.join(', ')} credential)`)
		.join('')}
  webhooks:     ${urls.join(indent)}
  try:          npx tsx scripts/send-event.ts ${reportingUrl} email bounced
                curl -s -H 'X-Api-Key: ${WEBHOOK_ACTION_SECRET}' -H 'content-type: application/json' -d '{"template_id":"welcome","user_id":"u-1002","attrs":{"plan":"pro"},"fields":{"first_name":"Ada"}}' ${aiUrl}
  model stub:   ${stub.url} (OpenAI-compatible, answers the copy it is given)
  simulator:    ${sim.url} (keys below; Region: Custom URLs)
${workspaces
	.map(
		(ws) => `    ${ws.name}: Track ${sim.trackBaseUrl(ws.region)}  App ${sim.appBaseUrl(ws.region)}
      Site ID ${ws.siteId}  Track key ${ws.trackApiKey}  App key ${ws.appApiKey}  Signing key ${ws.signingKey}`,
	)
	.join('\n')}

  Press Ctrl+C to stop.`;
}

/** Ctrl+C (or SIGTERM) runs `stop` once, then exits. */
export function stopOnSignal(stop: () => Promise<void>): void {
	let stopping = false;
	const handler = () => {
		if (stopping) return;
		stopping = true;
		stop().then(
			() => process.exit(0),
			(error: unknown) => {
				console.error(error);
				process.exit(1);
			},
		);
	};
	process.on('SIGINT', handler);
	process.on('SIGTERM', handler);
}
