import { N8n } from './harness/n8n';

/** Our package, installed where n8n's community installer puts it, loads in the pinned n8n. */
let n8n: N8n;

beforeAll(async () => {
	n8n = await N8n.start();
});
afterAll(async () => {
	await n8n?.stop();
});

describe('registration in n8n', () => {
	it('lists the action node under its community type name, with our credential', async () => {
		const types = await n8n.nodeTypes();
		const action = types.find((t) => t.name === N8n.nodeType('customerIoLifecycle'));
		expect(action).toMatchObject({ displayName: 'Customer.io Lifecycle' });
		expect(action?.credentials?.map((c) => c.name)).toEqual(['customerIoLifecycleApi']);
		// It sits beside n8n's own Customer.io node without clashing with it.
		expect(types.some((t) => t.name === 'n8n-nodes-base.customerIo')).toBe(true);
	});

	it('gives each node its codex: category, search aliases and documentation link', async () => {
		const types = (await n8n.nodeTypes()) as Array<{ name: string; codex?: { categories?: string[]; alias?: string[]; resources?: { primaryDocumentation?: Array<{ url: string }> } } }>;
		for (const node of ['customerIoLifecycle', 'customerIoLifecycleTrigger', 'customerIoAiPersonalize', 'customerIoAiResults']) {
			const codex = types.find((t) => t.name === N8n.nodeType(node))?.codex;
			expect(codex?.categories).toContain('Marketing');
			expect(codex?.alias).toEqual(expect.arrayContaining(['cio', 'customerio']));
			expect(codex?.resources?.primaryDocumentation?.[0].url).toMatch(/^https:\/\/github.com\/.+#/);
		}
	});

	it('registers the trigger as `<action node>Trigger` (so the node creator lists its events under Customer.io Lifecycle) and keeps its first type name hidden', async () => {
		const types = (await n8n.nodeTypes()) as Array<{ name: string; displayName: string; group: string[]; hidden?: boolean; webhooks?: Array<{ path: string }> }>;
		const pick = (node: string) => {
			const type = types.find((t) => t.name === N8n.nodeType(node));
			return type && { displayName: type.displayName, group: type.group, hidden: type.hidden ?? false, webhookPaths: type.webhooks?.map((w) => w.path) };
		};
		const trigger = { displayName: 'Customer.io Reporting Trigger', group: ['trigger'], webhookPaths: ['customerio-reporting'] };
		expect(pick('customerIoLifecycleTrigger')).toEqual({ ...trigger, hidden: false });
		// Workflows saved with the first name keep loading and running; the node creator leaves it out.
		expect(pick('customerIoReportingTrigger')).toEqual({ ...trigger, hidden: true });
	});

	it('registers the credential type "Customer.io (Lifecycle) API"', async () => {
		const credentials = await n8n.credentialTypes();
		expect(credentials.find((c) => c.name === 'customerIoLifecycleApi')).toMatchObject({
			displayName: 'Customer.io (Lifecycle) API',
		});
	});

	it('loaded without errors', () => {
		expect(n8n.logs).not.toMatch(/error.*n8n-nodes-customerio-lifecycle/i);
	});
});
