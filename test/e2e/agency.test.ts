import { randomUUID } from 'crypto';
import { CustomerIoSimulator, makeReportingEvent, sendReportingEvent, type Workspace } from '../simulator';
import { N8n, type WorkflowNode } from './harness/n8n';
import { code, customerIo, manualTrigger, workflow } from './harness/workflows';

/**
 * How agencies work: one credential per client. Requests of each client reach that client's
 * region with that client's keys, each client's trigger accepts only its own signing key, and
 * every error names the credential it came from.
 */
const sim = new CustomerIoSimulator();
let n8n: N8n;
let acme: Workspace;
let globex: Workspace;
let acmeCredential: { id: string; name: string };
let globexCredential: { id: string; name: string };

beforeAll(async () => {
	await sim.start(0);
	acme = sim.addWorkspace({ name: 'acme', region: 'us' });
	globex = sim.addWorkspace({ name: 'globex', region: 'eu' });
	n8n = await N8n.start();
	acmeCredential = await n8n.createCredential('Acme – Customer.io (US)', 'customerIoLifecycleApi', sim.credentialFor(acme));
	globexCredential = await n8n.createCredential('Globex – Customer.io (EU)', 'customerIoLifecycleApi', sim.credentialFor(globex));
});
afterAll(async () => {
	await n8n?.stop();
	await sim.stop();
});

const identify = (name: string, credential: { id: string; name: string }) =>
	customerIo(name, credential, { resource: 'person', operation: 'identify', identifierType: 'id', identifier: '={{ $json.id }}', attributesJson: '={{ { client: $json.client } }}' });

describe('one credential per client', () => {
	it('sends each client\'s people to its own region with its own keys, in one workflow', async () => {
		const wf = await n8n.createWorkflow(
			workflow(
				'two clients',
				[
					manualTrigger(),
					code('Acme people', "return [{ json: { id: 'a-1', client: 'acme' } }, { json: { id: 'a-2', client: 'acme' } }];"),
					code('Globex people', "return [{ json: { id: 'g-1', client: 'globex' } }];"),
					identify('Identify Acme', acmeCredential),
					identify('Identify Globex', globexCredential),
				],
				['Manual Trigger', 'Acme people', 'Identify Acme'],
				['Manual Trigger', 'Globex people', 'Identify Globex'],
			),
		);
		expect((await n8n.runManually(wf.id)).status).toBe('success');
		expect(sim.people('acme').map((p) => p.id).sort()).toEqual(['a-1', 'a-2']);
		expect(sim.people('globex').map((p) => p.id)).toEqual(['g-1']);
		// The simulator attributes a request to a workspace only when its keys match, and only on that workspace's region.
		expect(sim.requests.map((r) => `${r.workspace}@${r.region}`).sort()).toEqual(['acme@us', 'globex@eu']);
	});

	it('names the credential in the error when a client\'s keys are wrong', async () => {
		const broken = await n8n.createCredential('Initech – Customer.io (EU)', 'customerIoLifecycleApi', { ...sim.credentialFor(globex), trackApiKey: 'revoked-key' });
		const wf = await n8n.createWorkflow(
			workflow('broken client', [manualTrigger(), code('People', "return [{ json: { id: 'i-1', client: 'initech' } }];"), identify('Identify Initech', broken)], ['Manual Trigger', 'People', 'Identify Initech']),
		);
		const execution = await n8n.runManually(wf.id);
		expect(execution.status).toBe('error');
		const error = execution.data?.resultData.error;
		expect(error?.message).toBe('Customer.io rejected the Track API key or Site ID (401)');
		expect(error?.description).toContain('Credential: "Initech – Customer.io (EU)"');
		expect(JSON.stringify(execution)).not.toContain('revoked-key');
	});

	it('gives each client its own trigger, which rejects the other client\'s signature', async () => {
		const trigger = (name: string, credential: { id: string; name: string }): WorkflowNode & { webhookId: string } => ({
			name,
			type: N8n.nodeType('customerIoLifecycleTrigger'),
			typeVersion: 1,
			position: [0, 0],
			webhookId: randomUUID(),
			parameters: {},
			credentials: { customerIoLifecycleApi: credential },
		});
		const acmeTrigger = trigger('Acme events', acmeCredential);
		const globexTrigger = trigger('Globex events', globexCredential);
		const wf = await n8n.createWorkflow(workflow('per-client triggers', [acmeTrigger, globexTrigger]));
		await n8n.activate(wf.id);
		const url = (node: { webhookId: string }) => `${n8n.url}/webhook/${node.webhookId}/customerio-reporting`;
		const event = makeReportingEvent('email', 'delivered');
		const status = async (node: { webhookId: string }, ws: Workspace) => (await sendReportingEvent(url(node), event, { signingKey: ws.signingKey })).status;
		expect(await status(acmeTrigger, acme)).toBe(200);
		expect(await status(acmeTrigger, globex)).toBe(401);
		expect(await status(globexTrigger, globex)).toBe(200);
		expect(await status(globexTrigger, acme)).toBe(401);
		await n8n.deactivate(wf.id);
	});
});
