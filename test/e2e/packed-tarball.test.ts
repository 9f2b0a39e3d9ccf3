import { execFileSync } from 'child_process';
import { randomUUID } from 'crypto';
import { readFileSync } from 'fs';
import { join } from 'path';
import { installTarball, packTarball, REPO_ROOT } from './harness/install';
import { N8n } from './harness/n8n';

/**
 * What users get from "Settings → Community Nodes → Install": the packed tarball, installed the
 * way n8n's installer does it, loads every node and credential, serves its icons, and runs
 * (zod and n8n-workflow resolve to n8n's own copies: the package brings no dependencies).
 */
let tarball: string;
let n8n: N8n;

beforeAll(async () => {
	tarball = packTarball();
	n8n = await N8n.start({ install: (folder) => installTarball(folder, tarball) });
});
afterAll(async () => {
	await n8n?.stop();
});

describe('the packed tarball', () => {
	it('holds the built package and nothing else', () => {
		const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n').map((f) => f.replace(/^package\//, ''));
		const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { n8n: { nodes: string[]; credentials: string[] }; dependencies?: unknown };
		for (const entry of [...manifest.n8n.nodes, ...manifest.n8n.credentials]) expect(files).toContain(entry);
		expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'dist/nodes/CustomerIo/customerio.svg', 'dist/nodes/CustomerIo/customerio.dark.svg']));
		expect(files.filter((f) => !f.startsWith('dist/') && !['package.json', 'README.md', 'LICENSE'].includes(f))).toEqual([]);
		expect(files.filter((f) => /\.test\.|\/test\/|\.ts$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
		expect(manifest.dependencies).toBeUndefined();
	});

	it('loads all three nodes (the trigger also under its first type name) and both credentials in n8n', async () => {
		const types = (await n8n.nodeTypes()).map((t) => t.name);
		for (const node of ['customerIoLifecycle', 'customerIoLifecycleTrigger', 'customerIoReportingTrigger', 'customerIoAiPersonalize']) expect(types).toContain(N8n.nodeType(node));
		const credentials = (await n8n.credentialTypes()).map((c) => c.name);
		expect(credentials).toEqual(expect.arrayContaining(['customerIoLifecycleApi', 'customerIoWebhookActionApi']));
	});

	it('serves the light and dark icons', async () => {
		for (const icon of ['customerio.svg', 'customerio.dark.svg']) {
			const response = await fetch(`${n8n.url}/icons/n8n-nodes-customerio-lifecycle/dist/nodes/CustomerIo/${icon}`);
			expect(response.status).toBe(200);
			expect(await response.text()).toMatch(/^<svg/);
		}
	});

	it('runs from the installed copy (an AI Personalize answer, zod from n8n)', async () => {
		const auth = await n8n.createCredential('Tarball auth', 'customerIoWebhookActionApi', { method: 'header', headerName: 'X-Api-Key', headerValue: 'tarball-secret-0123456789' });
		const webhookId = randomUUID();
		const wf = await n8n.createWorkflow({
			name: 'tarball AI',
			nodes: [{ name: 'AI Personalize', type: N8n.nodeType('customerIoAiPersonalize'), typeVersion: 1, position: [0, 0], webhookId, parameters: {}, credentials: { customerIoWebhookActionApi: auth } }],
			connections: {},
		});
		await n8n.activate(wf.id);
		const response = await fetch(`${n8n.url}/webhook/${webhookId}/personalize`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-api-key': 'tarball-secret-0123456789' },
			body: JSON.stringify({ template_id: 'welcome', user_id: 'u1', attrs: { plan: 'pro' }, fields: { first_name: 'Lin' } }),
		});
		expect(await response.json()).toMatchObject({ source: 'fallback', copy_id: 'welcome-pro', vars: { subject: 'Welcome to Pro, Lin' } });
		const bad = await fetch(`${n8n.url}/webhook/${webhookId}/personalize`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-api-key': 'tarball-secret-0123456789' },
			body: JSON.stringify({ template_id: 'welcome' }),
		});
		expect(await bad.json()).toEqual({ error: 'user_id: Required' });
	});
});
