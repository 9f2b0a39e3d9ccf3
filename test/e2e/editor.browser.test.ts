import type { Locator, Page, Response } from 'playwright-core';
import { EVENT_OPTIONS } from '../../nodes/CustomerIoReportingTrigger/events';
import { CustomerIoSimulator, type Workspace } from '../simulator';
import { launchChromium, selectOption, type Browser } from './browser/chromium';
import { loadExample, withCredentials } from './harness/examples';
import { N8n, nodeOutput, OWNER } from './harness/n8n';

/**
 * The editor in a real browser (Debian's Chromium through playwright-core), as a user meets our
 * package: sign in, find the nodes in the node creator (the Reporting Trigger's events under
 * Customer.io Lifecycle → Triggers), add "Identify a person", create the credential in the
 * credential modal (its test passes with the right keys and names the EU region when EU keys
 * point at US URLs), run the workflow from the canvas and read the output, then pick a campaign
 * from a "From list" picker filled from Customer.io.
 * Every step leaves a screenshot in test/e2e/artifacts/editor/; the README's screenshots are
 * written to docs/screenshots/.
 */
const sim = new CustomerIoSimulator();
let n8n: N8n;
let browser: Browser;
let page: Page;
let us: Workspace;
let eu: Workspace;

const PACKAGE = 'n8n-nodes-customerio-lifecycle';
const CREDENTIAL_NAME = 'Acme (US) – Customer.io';
const NODE_NAME = 'Identify a person';
const PERSON_ID = 'ada-42';
// Campaigns built in the workspace's UI, for the Campaign picker; names unlike any other in the editor.
const CAMPAIGNS = [
	{ id: 11, name: 'Welcome Series' },
	{ id: 12, name: 'Winback Lapsed Buyers' },
	{ id: 13, name: 'Onboarding Nudges' },
];

beforeAll(async () => {
	await sim.start(0);
	us = sim.addWorkspace({ name: 'acme-us', region: 'us' });
	eu = sim.addWorkspace({ name: 'globex-eu', region: 'eu' });
	for (const campaign of CAMPAIGNS) sim.seedCampaign('acme-us', campaign);
	browser = await launchChromium('editor');
	page = browser.page;
	// The editor would fetch banners from api.n8n.io; the browser refuses non-loopback requests anyway.
	n8n = await N8n.start({ env: { N8N_DYNAMIC_BANNERS_ENABLED: 'false' } });
});
afterAll(async () => {
	await browser?.close();
	await n8n?.stop();
	await sim.stop();
});

/** Runs one step; on failure keeps a screenshot and the DOM in the artifacts folder. */
async function step(name: string, body: () => Promise<void>): Promise<void> {
	try {
		await body();
	} catch (error) {
		await browser.failure(name);
		throw error;
	}
}

const creator = () => page.locator('[data-test-id="node-creator"]');
const credentialModal = () => page.locator('[data-test-id="editCredential-modal"]');
const ndv = () => page.locator('[data-test-id="ndv"]');
const itemName = (scope: Locator, name: RegExp) => scope.locator('[data-test-id="node-creator-item-name"]').filter({ hasText: name });
/** A section of an app's panel in the node creator ("Triggers (72)", "Actions (49)"). */
const category = (name: 'Triggers' | 'Actions') => creator().locator(`[data-test-id="node-creator-category-item"][data-keyboard-nav-id="${name}"]`);

/** Clicks the credential modal's Save and answers what the credential test (run on save) returned. */
async function saveCredential(): Promise<{ status: string; message: string }> {
	const tested = page.waitForResponse((r: Response) => r.url().includes('/rest/credentials/test') && r.request().method() === 'POST');
	await credentialModal().locator('[data-test-id="credential-save-button"]').click();
	const response = await tested;
	return ((await response.json()) as { data: { status: string; message: string } }).data;
}

/**
 * Our entries in the node creator's list, node type → name shown; waits a little for all three
 * (the list renders progressively) and then answers what is there.
 */
async function ourCreatorEntries(): Promise<Record<string, string>> {
	const ours = creator().locator(`[data-test-id="item-iterator-item"][data-keyboard-nav-id^="${PACKAGE}."]`);
	const deadline = Date.now() + 5000;
	for (;;) {
		const entries: Record<string, string> = {};
		for (let i = 0; i < (await ours.count()); i++) {
			const type = String(await ours.nth(i).getAttribute('data-keyboard-nav-id')).replace(/-[0-9a-f-]{36}$/, '');
			entries[type] = (await ours.nth(i).locator('[data-test-id="node-creator-item-name"]').innerText()).trim();
		}
		if (Object.keys(entries).length >= 3 || Date.now() > deadline) return entries;
		await page.waitForTimeout(250);
	}
}

async function fillKeys(ws: Workspace): Promise<void> {
	const modal = credentialModal();
	await modal.locator('[data-test-id="parameter-input-siteId"] input').fill(ws.siteId);
	await modal.locator('[data-test-id="parameter-input-trackApiKey"] input').fill(ws.trackApiKey);
	await modal.locator('[data-test-id="parameter-input-appApiKey"] input').fill(ws.appApiKey);
}

describe('the editor in Chromium', () => {
	it('signs in with the owner account', async () => {
		await step('sign-in', async () => {
			await page.goto(n8n.url);
			await page.locator('[data-test-id="signin-form"]').waitFor();
			await page.locator('input[name="emailOrLdapLoginId"]').fill(OWNER.email);
			await page.locator('input[name="password"]').fill(OWNER.password);
			await browser.shot('sign-in');
			await page.locator('[data-test-id="form-submit-button"]').click();
			await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
			await page.goto(`${n8n.url}/workflow/new`);
			await page.locator('[data-test-id="canvas-add-button"]').waitFor();
			await browser.shot('new-workflow');
		});
	});

	it('lists our nodes when searching "Customer.io" in the node creator; "Customer.io Reporting" finds the trigger\'s app', async () => {
		await step('node-creator', async () => {
			await page.locator('[data-test-id="node-creator-plus-button"]').click();
			await creator().locator('[data-test-id="node-creator-search-bar"]').fill('Customer.io');
			await itemName(creator(), /^Customer\.io Lifecycle$/).waitFor();
			// The Reporting Trigger (type customerIoLifecycleTrigger) has no entry of its own: n8n puts a
			// `<node>Trigger` type inside its app, Customer.io Lifecycle. Its first type name is hidden. n8n
			// also hides, from every search outside its AI view, nodes whose codex has the category "AI"
			// unless their AI subcategories include "Root Nodes".
			expect(await ourCreatorEntries()).toEqual({
				[`${PACKAGE}.customerIoLifecycle`]: 'Customer.io Lifecycle',
				[`${PACKAGE}.customerIoAiPersonalize`]: 'Customer.io AI Personalize',
				[`${PACKAGE}.customerIoAiResults`]: 'Customer.io AI Results',
			});
			await browser.shot('node-creator-search');
			await browser.readmeShot('node-creator');

			// Users who know the trigger by its name find its app (the action node's codex aliases).
			await creator().locator('[data-test-id="node-creator-search-bar"]').fill('Customer.io Reporting');
			await itemName(creator(), /^Customer\.io Lifecycle$/).waitFor();
			expect(Object.keys(await ourCreatorEntries())).toEqual([`${PACKAGE}.customerIoLifecycle`]);
		});
	});

	it('opens Customer.io Lifecycle with the Reporting Trigger\'s events under Triggers (not "No … Triggers available")', async () => {
		await step('lifecycle-triggers', async () => {
			await creator().locator('[data-test-id="node-creator-search-bar"]').fill('Customer.io Lifecycle');
			await itemName(creator(), /^Customer\.io Lifecycle$/).click();
			// One entry per event option ("On email bounced"), opened first: the canvas has no trigger yet.
			await expect(category('Triggers').innerText()).resolves.toBe(`Triggers (${EVENT_OPTIONS.length})`);
			for (const trigger of ['On email bounced', 'On email opened', 'On SMS delivered', 'On customer subscription preferences changed']) {
				await itemName(creator(), new RegExp(`^${trigger}$`)).waitFor();
			}
			await expect(creator().locator('[data-test-id="actions-panel-no-triggers-callout"]').count()).resolves.toBe(0);
			await expect(creator().getByText(/No Customer\.io Lifecycle Triggers available/).count()).resolves.toBe(0);
			// n8n describes an app that has triggers with its trigger's description.
			await creator().getByText('Starts the workflow on Customer.io reporting events (sent, delivered, opened, clicked, bounced …), verified by signature').waitFor();
			await browser.readmeShot('node-creator-triggers');
		});
	});

	it('adds "Identify a person" from the Customer.io Lifecycle actions', async () => {
		await step('add-node', async () => {
			// The actions follow the triggers, folded while the workflow has no trigger.
			await category('Actions').click();
			for (const action of ['Identify a person', 'Delete a person', 'Get the attributes of a person', 'Track an event', 'Track an anonymous event']) {
				await itemName(creator(), new RegExp(`^${action}$`)).waitFor();
			}
			await browser.shot('lifecycle-actions');
			await itemName(creator(), /^Identify a person$/).click();
			// The first action of a workflow comes with a manual trigger, and its node panel opens.
			await ndv().waitFor();
			await expect(ndv().locator('[data-test-id="parameter-input-resource"] input').inputValue()).resolves.toBe('Person');
			await expect(ndv().locator('[data-test-id="parameter-input-operation"] input').inputValue()).resolves.toBe('Identify');
			await browser.shot('identify-node-panel');
		});
	});

	it('creates the credential in the credential modal; its test passes with the US keys', async () => {
		await step('credential-us', async () => {
			await ndv().locator('[data-test-id="node-credentials-select"]').click();
			await page.locator('[data-test-id="node-credentials-select-item-new"]').click();
			const modal = credentialModal();
			await modal.getByText('Customer.io (Lifecycle) API', { exact: true }).waitFor();
			await modal.locator('[data-test-id="credential-name"]').click();
			await modal.locator('[data-test-id="inline-edit-input"]').fill(CREDENTIAL_NAME);
			await modal.locator('[data-test-id="inline-edit-input"]').press('Enter');

			const regions = await selectOption(page, modal, 'region', 'Custom URLs');
			expect(regions).toEqual(['US', 'EU', 'Custom URLs']);
			await modal.locator('[data-test-id="parameter-input-trackBaseUrl"] input').fill(sim.trackBaseUrl('us'));
			await modal.locator('[data-test-id="parameter-input-appBaseUrl"] input').fill(sim.appBaseUrl('us'));
			await expect(modal.locator('[data-test-id="parameter-input-customRegion"] input').inputValue()).resolves.toBe('US');
			await fillKeys(us);
			await browser.shot('credential-filled');

			const result = await saveCredential();
			// n8n's banner says "Connection tested successfully"; our message is in the answer.
			expect(result).toEqual({ status: 'OK', message: 'Track and App keys valid (US region)' });
			await modal.locator('[data-test-id="credentials-config-container-test-success"]').getByText('Connection tested successfully').waitFor();
			await expect(modal.locator('[data-test-id="credential-name"] [data-test-id="inline-edit-preview"]').innerText()).resolves.toBe(CREDENTIAL_NAME);
			await browser.shot('credential-test-ok');
			await browser.readmeShot('credential-form');
		});
	});

	it('names the EU region when EU keys are used against the US URLs', async () => {
		await step('credential-eu', async () => {
			const modal = credentialModal();
			await fillKeys(eu);
			const result = await saveCredential();
			expect(result.status).toBe('Error');
			expect(result.message).toContain('this workspace is in the EU region: set Region to EU');
			await modal.getByText('Couldn’t connect with these settings').waitFor();
			await modal.getByText('More details').click();
			await modal.getByText(/this workspace is in the EU region: set Region to EU/).waitFor();
			await browser.shot('credential-test-eu-region');

			// Back to the US keys, which the workflow below uses.
			await fillKeys(us);
			expect(await saveCredential()).toEqual({ status: 'OK', message: 'Track and App keys valid (US region)' });
			await modal.locator('[data-test-id="credentials-config-container-test-success"]').waitFor();
			await modal.getByRole('button', { name: 'Close this dialog' }).click();
			await modal.waitFor({ state: 'hidden' });
			await expect(ndv().locator('[data-test-id="node-credentials-select"] input').inputValue()).resolves.toBe(CREDENTIAL_NAME);
			// Validated against the simulator: the Track pair and the App key of each workspace.
			const checks = sim.requests.map((r) => `${r.workspace} ${r.api} ${r.path} ${r.status}`);
			expect(checks).toEqual([
				'acme-us track /api/v1/accounts/region 200',
				'acme-us app /v1/reporting_webhooks 200',
				'globex-eu track /api/v1/accounts/region 200',
				'acme-us track /api/v1/accounts/region 200',
				'acme-us app /v1/reporting_webhooks 200',
			]);
		});
	});

	it('runs the workflow from the editor: output items in the panel, the person in Customer.io', async () => {
		await step('run-workflow', async () => {
			const panel = ndv();
			expect(await selectOption(page, panel, 'resource', 'Person')).toEqual(
				expect.arrayContaining(['Event', 'Person', 'Transactional Message']),
			);
			expect(await selectOption(page, panel, 'operation', 'Identify')).toEqual(
				expect.arrayContaining(['Delete', 'Get Attributes', 'Identify']),
			);
			await panel.locator('[data-test-id="parameter-input-identifier"] input').fill(PERSON_ID);
			// One way to give attributes at a time: the list by default, or one JSON object.
			await panel.getByText('Add Attribute', { exact: true }).first().waitFor();
			await expect(panel.locator('[data-test-id="parameter-input-attributesJson"]').count()).resolves.toBe(0);
			expect(await selectOption(page, panel, 'attributesInput', 'Use a JSON Object')).toEqual(['Map Each Field', 'Use a JSON Object']);
			await panel.getByText('Add Attribute', { exact: true }).first().waitFor({ state: 'detached' });
			await panel.locator('[data-test-id="parameter-input-attributesJson"] .cm-content').click();
			await page.keyboard.press('ControlOrMeta+a');
			await page.keyboard.insertText('{ "email": "ada@example.com", "plan": "pro" }');
			await browser.shot('identify-parameters');
			await panel.locator('[data-test-id="ndv-close-button"]').click();
			await panel.waitFor({ state: 'hidden' });

			const started = page.waitForResponse((r: Response) => /\/rest\/workflows\/[^/]+\/run/.test(r.url()));
			await page.locator('[data-test-id="execute-workflow-button"]').click();
			const { data } = (await (await started).json()) as { data: { executionId: string } };
			await page.getByText('Workflow executed successfully').waitFor();
			await browser.shot('workflow-executed');

			const execution = await n8n.waitForExecution(data.executionId);
			expect(execution.status).toBe('success');
			const items = nodeOutput(execution, NODE_NAME);
			expect(items).toHaveLength(1);
			// Node 1.1 keeps the input item's fields (here the Manual Trigger's empty item) and puts Customer.io's answer under `customerio`.
			expect(items[0].json).toEqual({ customerio: { status: 200, via: 'batch' } });

			// The output panel of the node shows the item.
			await page.locator(`[data-test-id="canvas-node"][data-node-name="${NODE_NAME}"]`).dblclick();
			const output = ndv().locator('[data-test-id="output-panel"]');
			await output.getByText('1 item').waitFor();
			await output.locator('[data-test-id="radio-button-json"]').click();
			await output.getByText('"customerio"').first().waitFor();
			await output.getByText('"batch"').first().waitFor();
			await browser.readmeShot('identify-workflow');

			// Customer.io (the simulator) got one v2 batch identify with the credential's keys.
			const batches = sim.requests.filter((r) => r.path === '/api/v2/batch');
			expect(batches).toHaveLength(1);
			expect(batches[0]).toMatchObject({
				workspace: 'acme-us',
				status: 200,
				body: { batch: [{ type: 'person', action: 'identify', identifiers: { id: PERSON_ID }, attributes: { email: 'ada@example.com', plan: 'pro' } }] },
			});
			expect(sim.person('acme-us', { id: PERSON_ID })?.attributes).toMatchObject({ email: 'ada@example.com', plan: 'pro' });
		});
	});

	it('fills the Campaign picker ("From list") from Customer.io, narrows it as the user types, and keeps the picked campaign\'s ID', async () => {
		await step('campaign-picker', async () => {
			await page.keyboard.press('Escape');
			await ndv().waitFor({ state: 'hidden' });
			// With a trigger on the canvas the node creator opens on the actions.
			await page.locator('[data-test-id="node-creator-plus-button"]').click();
			await creator().locator('[data-test-id="node-creator-search-bar"]').fill('Customer.io Lifecycle');
			await itemName(creator(), /^Customer\.io Lifecycle$/).click();
			await itemName(creator(), /^Get a campaign$/).click();
			const panel = ndv();
			await panel.waitFor();
			await expect(panel.locator('[data-test-id="node-credentials-select"] input').inputValue()).resolves.toBe(CREDENTIAL_NAME);
			await expect(panel.locator('[data-test-id="rlc-mode-selector"] input').inputValue()).resolves.toBe('From list');

			// The list is the workspace's campaigns (App GET /v1/campaigns through the credential), by name.
			const listed = () => sim.requests.filter((r) => r.path === '/v1/campaigns').map((r) => `${r.workspace} ${r.api} ${r.method} ${r.path} ${r.status}`);
			const items = page.locator('[data-test-id="rlc-item"]');
			await panel.locator('[data-test-id="rlc-input"]').click();
			await items.first().waitFor();
			expect(await items.allInnerTexts()).toEqual(['Onboarding Nudges (13)', 'Welcome Series (11)', 'Winback Lapsed Buyers (12)']);
			expect(listed()).toEqual(['acme-us app GET /v1/campaigns 200']);
			await browser.readmeShot('campaign-picker');

			await page.locator('[data-test-id="rlc-search"]').fill('win');
			// n8n asks again with the filter (a new list while the answer is on its way).
			await items.filter({ hasText: 'Welcome Series' }).waitFor({ state: 'detached' });
			await items.filter({ hasText: 'Winback Lapsed Buyers' }).waitFor();
			expect(await items.allInnerTexts()).toEqual(['Winback Lapsed Buyers (12)']);
			await browser.shot('campaign-picker-filtered');
			await items.filter({ hasText: 'Winback Lapsed Buyers' }).click();
			await expect(panel.locator('[data-test-id="rlc-input"]').inputValue()).resolves.toBe('Winback Lapsed Buyers (12)');

			// The parameter holds the campaign's ID (and the name n8n shows for it), and the step reads that campaign.
			const run = page.waitForRequest((r) => /\/rest\/workflows\/[^/]+\/run/.test(r.url()));
			await panel.locator('[data-test-id="node-execute-button"]').click();
			const { workflowData } = (await run).postDataJSON() as { workflowData: { nodes: Array<{ name: string; parameters: Record<string, unknown> }> } };
			expect(workflowData.nodes.find((node) => node.name === 'Get a campaign')?.parameters).toMatchObject({
				resource: 'campaign',
				operation: 'get',
				campaignId: { __rl: true, mode: 'list', value: '12', cachedResultName: 'Winback Lapsed Buyers (12)' },
			});
			await panel.locator('[data-test-id="output-panel"]').getByText('Winback Lapsed Buyers').first().waitFor();
			expect(sim.requests.filter((r) => r.path.startsWith('/v1/campaigns/')).map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['GET /v1/campaigns/12 200']);
			await browser.shot('campaign-executed');
		});
	});

	it('shows the Reporting Trigger and AI Personalize (with a chat model) as users open them', async () => {
		await step('examples', async () => {
			const byType = {
				customerIoLifecycleApi: await n8n.createCredential('Acme (US) – examples', 'customerIoLifecycleApi', sim.credentialFor(us)),
				customerIoWebhookActionApi: await n8n.createCredential('Acme webhook actions', 'customerIoWebhookActionApi', { method: 'header', headerName: 'X-Api-Key', headerValue: 'acme-webhook-action-secret' }),
				openAiApi: await n8n.createCredential('OpenAI', 'openAiApi', { apiKey: 'sk-not-used', url: 'http://127.0.0.1:9/v1' }),
			};
			for (const [example, node, screenshot, credential] of [
				['reporting-trigger', 'On Bounce or Complaint', 'reporting-trigger', byType.customerIoLifecycleApi.name],
				['ai-personalize', 'AI Personalize', 'ai-personalize', byType.customerIoWebhookActionApi.name],
			] as const) {
				const { id } = await n8n.createWorkflow(withCredentials(loadExample(example), byType));
				await page.goto(`${n8n.url}/workflow/${id}`);
				const canvasNode = page.locator(`[data-test-id="canvas-node"][data-node-name="${node}"]`);
				await canvasNode.waitFor();
				await canvasNode.dblclick();
				await ndv().waitFor();
				// The saved credential is among those offered (n8n shows the ID of one it does not offer).
				await expect(ndv().locator('[data-test-id="node-credentials-select"] input').first().inputValue()).resolves.toBe(credential);
				await browser.readmeShot(screenshot);
				await page.keyboard.press('Escape');
				await ndv().waitFor({ state: 'hidden' });
			}
			// The chat model sits on the AI node's "Chat Model" input.
			await page.locator('[data-test-id="canvas-node"][data-node-name="OpenAI Chat Model"]').waitFor();
			await browser.readmeShot('ai-personalize-workflow');
		});
	});
});
