import { sentProblems } from '../helpers/officialTrack';
import { CustomerIoSimulator, type Workspace } from '../simulator';
import { N8n, nodeOutput } from './harness/n8n';
import { code, customerIo, manualTrigger, workflow } from './harness/workflows';

/**
 * The lifecycle operations inside a real n8n execution, on node version 1.1 (items keep their
 * fields, so each node maps {{ $json.id }} from the item before it): manual segments (Segment),
 * objects and relationships (Object), devices, page and screen views, merge and suppress
 * (Person, Event). Every Track request n8n sent is checked against the official Track schema.
 */
const sim = new CustomerIoSimulator();
let n8n: N8n;
let ws: Workspace;
let credential: { id: string; name: string };

beforeAll(async () => {
	await sim.start(0);
	ws = sim.addWorkspace({ name: 'lifecycle-us', region: 'us' });
	sim.seedSegment(ws.name, { id: 7, name: 'Newsletter readers' });
	n8n = await N8n.start();
	credential = await n8n.createCredential('Lifecycle (US)', 'customerIoLifecycleApi', sim.credentialFor(ws));
});
afterAll(async () => {
	await n8n?.stop();
	await sim.stop();
});
beforeEach(() => sim.clearRequests());

const V1_1 = { typeVersion: 1.1 };
const node = (name: string, parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) => customerIo(name, credential, parameters, { ...V1_1, ...extra });
const mine = () => sim.requests.filter((r) => r.workspace === ws.name);
const expectOfficialRequests = () => expect(mine().flatMap((r) => sentProblems(r))).toEqual([]);

describe('lifecycle operations in a real n8n execution (node 1.1)', () => {
	it('Segment: identifies 1,200 readers, adds them to a manual segment in two calls, removes every tenth', async () => {
		const wf = await n8n.createWorkflow(
			workflow(
				'segment membership',
				[
					manualTrigger(),
					code('Readers', `return Array.from({ length: 1200 }, (_, i) => ({ json: { id: 'reader-' + i, email: 'reader-' + i + '@example.com' } }));`),
					node('Identify', { resource: 'person', operation: 'identify', identifierType: 'id', identifier: '={{ $json.id }}', attributesUi: { pair: [{ name: 'email', value: '={{ $json.email }}' }] } }),
					node('Add to Segment', { resource: 'segment', operation: 'addPeople', segmentId: 7, identifierType: 'email', identifier: '={{ $json.email }}' }),
					code('Every Tenth', 'return $input.all().filter((_, i) => i % 10 === 0);'),
					node('Remove from Segment', { resource: 'segment', operation: 'removePeople', segmentId: 7, identifierType: 'id', identifier: '={{ $json.id }}' }),
				],
				['Manual Trigger', 'Readers', 'Identify', 'Add to Segment', 'Every Tenth', 'Remove from Segment'],
			),
		);
		const execution = await n8n.runManually(wf.id);
		expect(execution.status).toBe('success');
		const segmentCalls = mine()
			.filter((r) => r.path.startsWith('/api/v1/segments/'))
			.map((r) => `${r.path}?id_type=${r.query.id_type} ${(r.body as { ids: string[] }).ids.length} → ${r.status}`);
		// The two calls of one node go out side by side: their order is not part of the contract.
		expect(segmentCalls.sort()).toEqual([
			'/api/v1/segments/7/add_customers?id_type=email 1000 → 200',
			'/api/v1/segments/7/add_customers?id_type=email 200 → 200',
			'/api/v1/segments/7/remove_customers?id_type=id 120 → 200',
		]);
		const added = nodeOutput(execution, 'Add to Segment');
		expect(added).toHaveLength(1200);
		expect(added[5].json).toEqual({ id: 'reader-5', email: 'reader-5@example.com', customerio: { status: 200, via: 'batch' } });
		expect(added[1199].pairedItem).toEqual({ item: 1199 });
		const members = sim.segmentMembers(ws.name, 7).map((p) => p.id);
		expect(members).toHaveLength(1080);
		expect(members).not.toContain('reader-10');
		expect(members).toContain('reader-11');
		expectOfficialRequests();
	});

	it('Object: creates companies, relates employees with roles, ends one relationship, deletes one company; a bad item goes to the error output', async () => {
		const wf = await n8n.createWorkflow(
			workflow(
				'objects and relationships',
				[
					manualTrigger(),
					code('Companies', `return [{ json: { company: 'acme', name: 'Acme', seats: 50 } }, { json: { company: 'globex', name: 'Globex', seats: 12 } }];`),
					node('Identify Company', {
						resource: 'object',
						operation: 'identify',
						objectTypeId: '1',
						objectId: '={{ $json.company }}',
						objectAttributesInput: 'json',
						objectAttributesJson: '={{ { name: $json.name, seats: $json.seats } }}',
					}),
					code(
						'Employees',
						`return [['ann', 'acme', 'admin'], ['bob', 'acme', 'member'], ['cy', 'globex', 'admin'], ['dee', '', 'admin']].map(([id, company, role]) => ({ json: { id, company, role } }));`,
					),
					node(
						'Relate',
						{
							resource: 'object',
							operation: 'addRelationships',
							objectTypeId: '1',
							objectId: '={{ $json.company }}',
							identifierType: 'id',
							identifier: '={{ $json.id }}',
							relationshipAttributesUi: { pair: [{ name: 'role', value: '={{ $json.role }}' }] },
						},
						{ onError: 'continueErrorOutput' },
					),
					code('Bob Leaves', `return $input.all().filter((item) => item.json.id === 'bob');`),
					node('End Relationship', { resource: 'object', operation: 'deleteRelationships', objectTypeId: '1', objectId: '={{ $json.company }}', identifierType: 'id', identifier: '={{ $json.id }}' }),
					code('Globex Closes', `return [{ json: { company: 'globex' } }];`),
					node('Delete Company', { resource: 'object', operation: 'delete', objectTypeId: '1', objectId: '={{ $json.company }}', batching: false }),
				],
				['Manual Trigger', 'Companies', 'Identify Company', 'Employees', 'Relate', 'Bob Leaves', 'End Relationship', 'Globex Closes', 'Delete Company'],
			),
		);
		const execution = await n8n.runManually(wf.id);
		expect(execution.status).toBe('success');
		expect(sim.object(ws.name, '1', 'acme')?.attributes).toEqual({ name: 'Acme', seats: 50 });
		expect(sim.relationships(ws.name, '1', 'acme').map((r) => [r.person.id, r.attributes])).toEqual([['ann', { role: 'admin' }]]);
		expect(sim.object(ws.name, '1', 'globex')).toBeUndefined();
		const related = nodeOutput(execution, 'Relate');
		expect(related.map((o) => o.json.id)).toEqual(['ann', 'bob', 'cy']);
		expect(related[0].json.customerio).toEqual({ status: 200, via: 'batch' });
		const failed = nodeOutput(execution, 'Relate', 1);
		expect(failed.map((o) => [o.json.id, o.json.error, o.pairedItem])).toEqual([['dee', 'Item 3: Object ID: is empty', { item: 3 }]]);
		expect(mine().map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/v2/batch', 'POST /api/v2/batch', 'POST /api/v2/batch', 'POST /api/v2/entity']);
		expectOfficialRequests();
	});

	it('Person and Event: devices, page and screen views, a merge and a suppression', async () => {
		sim.seedPerson(ws.name, { email: 'ada.old@example.com', attributes: { city: 'London' } });
		const wf = await n8n.createWorkflow(
			workflow(
				'people lifecycle',
				[
					manualTrigger(),
					code('App Users', `return [1, 2, 3].map((i) => ({ json: { id: 'app-' + i, token: 'fcm-token-' + i, page: '/welcome/' + i } }));`),
					node('Identify', { resource: 'person', operation: 'identify', identifierType: 'id', identifier: '={{ $json.id }}' }),
					node('Add Device', {
						resource: 'person',
						operation: 'addDevice',
						identifierType: 'id',
						identifier: '={{ $json.id }}',
						deviceToken: '={{ $json.token }}',
						platform: 'android',
						deviceAttributesUi: { pair: [{ name: 'app_version', value: '3.1.0' }] },
					}),
					node('Page View', { resource: 'event', operation: 'trackPageView', identifierType: 'id', identifier: '={{ $json.id }}', eventName: '={{ $json.page }}' }),
					node('Screen View', { resource: 'event', operation: 'trackScreenView', identifierType: 'id', identifier: '={{ $json.id }}', eventName: 'Home', batching: false }),
					code('Duplicates', `return [{ json: { keep: 'app-1', duplicate: 'ada.old@example.com', leaver: 'app-3' } }];`),
					node('Merge', {
						resource: 'person',
						operation: 'merge',
						primaryIdentifierType: 'id',
						primaryIdentifier: '={{ $json.keep }}',
						secondaryIdentifierType: 'email',
						secondaryIdentifier: '={{ $json.duplicate }}',
					}),
					node('Suppress', { resource: 'person', operation: 'suppress', identifierType: 'id', identifier: '={{ $json.leaver }}', batching: false }),
				],
				['Manual Trigger', 'App Users', 'Identify', 'Add Device', 'Page View', 'Screen View', 'Duplicates', 'Merge', 'Suppress'],
			),
		);
		const execution = await n8n.runManually(wf.id);
		expect(execution.status).toBe('success');
		const app1 = sim.person(ws.name, { id: 'app-1' });
		expect(app1?.devices).toEqual([{ id: 'fcm-token-1', platform: 'android', last_used: expect.any(Number), attributes: { app_version: '3.1.0' } }]);
		expect(app1?.events.map((e) => [e.type, e.name])).toEqual([['page', '/welcome/1'], ['screen', 'Home']]);
		// Merged: the duplicate is gone and its city moved to the primary person.
		expect(sim.person(ws.name, { email: 'ada.old@example.com' })).toBeUndefined();
		expect(app1?.attributes.city).toBe('London');
		expect(sim.person(ws.name, { id: 'app-3' })).toBeUndefined();
		expect(sim.isSuppressed(ws.name, { id: 'app-3' })).toBe(true);
		expect(nodeOutput(execution, 'Screen View').map((o) => o.json.id)).toEqual(['app-1', 'app-2', 'app-3']);
		expect(mine().map((r) => `${r.method} ${r.path}`)).toEqual([
			'POST /api/v2/batch',
			'POST /api/v2/batch',
			'POST /api/v2/batch',
			'POST /api/v2/entity',
			'POST /api/v2/entity',
			'POST /api/v2/entity',
			'POST /api/v2/batch',
			'POST /api/v1/customers/app-3/suppress',
		]);
		expectOfficialRequests();
	});
	it('Campaign: reads one picked by a pasted URL, lists the campaigns (one item each) and reads each one\'s daily metrics', async () => {
		const day = 86_400;
		const t0 = 1_767_225_600; // 2026-01-01T00:00:00Z
		sim.seedCampaign(ws.name, { id: 31, name: 'Onboarding' });
		sim.seedCampaign(ws.name, { id: 32, name: 'Win-back', state: 'stopped', active: false });
		sim.seedCampaignDelivery(ws.name, { campaign_id: 31, type: 'email', created: t0 + 60, metrics: ['sent', 'delivered', 'opened'] });
		sim.seedCampaignDelivery(ws.name, { campaign_id: 31, type: 'email', created: t0 + day + 60, metrics: ['sent', 'delivered'] });
		const wf = await n8n.createWorkflow(
			workflow(
				'campaign reads',
				[
					manualTrigger(),
					node('Onboarding', {
						resource: 'campaign',
						operation: 'get',
						campaignId: { __rl: true, mode: 'url', value: 'https://fly.customer.io/workspaces/118/journeys/campaigns/31/overview' },
					}),
					node('All Campaigns', { resource: 'campaign', operation: 'getMany', returnAll: true }),
					node('Metrics', {
						resource: 'campaign',
						operation: 'getMetrics',
						campaignId: { __rl: true, mode: 'id', value: '={{ $json.customerio.id }}' },
						resolution: 'daily',
						metricsOptions: { start: '2026-01-01T00:00:00Z', end: '2026-01-02T23:59:59Z', type: 'email' },
					}),
				],
				['Manual Trigger', 'Onboarding', 'All Campaigns', 'Metrics'],
			),
		);
		const execution = await n8n.runManually(wf.id);
		expect(execution.status).toBe('success');
		expect(nodeOutput(execution, 'Onboarding')[0].json.customerio).toMatchObject({ id: 31, name: 'Onboarding', state: 'running' });
		const listed = nodeOutput(execution, 'All Campaigns').map((item) => item.json.customerio as { id: number; name: string });
		expect(listed.map((c) => c.name)).toEqual(['Onboarding', 'Win-back']);
		// Metrics ran once per listed campaign.
		const metrics = nodeOutput(execution, 'Metrics').map((item) => item.json.customerio as { campaign_id: number; metric: { series: Record<string, number[]> } });
		expect(metrics.map((m) => m.campaign_id)).toEqual([31, 32]);
		expect(metrics[0].metric.series.sent).toEqual([1, 1]);
		expect(metrics[0].metric.series.opened).toEqual([1, 0]);
		expect(mine().map((r) => `${r.method} ${r.path}`).sort()).toEqual(['GET /v1/campaigns', 'GET /v1/campaigns/31', 'GET /v1/campaigns/31/metrics', 'GET /v1/campaigns/32/metrics']);
		expect(mine().find((r) => r.path === '/v1/campaigns/31/metrics')!.query).toMatchObject({ version: '2', res: 'daily', type: 'email' });
	});

	it('Segment and Person reads: creates a manual segment, adds people to it, reads its membership in pages, finds a person by email and their segments', async () => {
		const people = Array.from({ length: 2100 }, (_, i) => sim.seedPerson(ws.name, { id: `m-${i}`, email: `m-${i}@example.com` }));
		const wf = await n8n.createWorkflow(
			workflow(
				'segment reads',
				[
					manualTrigger(),
					node('Create Segment', { resource: 'segment', operation: 'create', segmentName: 'Members', segmentDescription: 'Everyone with a membership' }),
					code('Members', `const id = $json.customerio.id; return Array.from({ length: 2100 }, (_, i) => ({ json: { segment: id, id: 'm-' + i } }));`),
					node('Add Members', {
						resource: 'segment',
						operation: 'addPeople',
						segmentId: { __rl: true, mode: 'id', value: '={{ $json.segment }}' },
						identifierType: 'id',
						identifier: '={{ $json.id }}',
					}),
					code('One', 'return [{ json: { segment: $input.first().json.segment, email: "m-7@example.com" } }];'),
					node('Membership', { resource: 'segment', operation: 'getMembership', segmentId: { __rl: true, mode: 'id', value: '={{ $json.segment }}' }, returnAll: true }),
					// Membership answers one item per member; the lookup after it runs once.
					code('First Member', 'return [$input.first()];'),
					node('Find', { resource: 'person', operation: 'findByEmail', email: '={{ $("One").first().json.email }}' }),
					node('Their Segments', { resource: 'person', operation: 'getSegments', identifierType: 'cio_id', identifier: '={{ $json.customerio.people[0].cio_id }}' }),
				],
				['Manual Trigger', 'Create Segment', 'Members', 'Add Members', 'One', 'Membership', 'First Member', 'Find', 'Their Segments'],
			),
		);
		const execution = await n8n.runManually(wf.id);
		expect(execution.status).toBe('success');
		const created = nodeOutput(execution, 'Create Segment')[0].json.customerio as { id: number; name: string; type: string };
		expect(created).toMatchObject({ name: 'Members', type: 'manual' });
		expect(sim.segmentMembers(ws.name, created.id)).toHaveLength(2100);
		const membership = nodeOutput(execution, 'Membership').map((item) => item.json.customerio as { id: string });
		expect(membership).toHaveLength(2100);
		expect(membership[2099].id).toBe('m-2099');
		const pages = mine().filter((r) => r.path.endsWith('/membership'));
		expect(pages.map((r) => r.query.limit)).toEqual(['1000', '1000', '1000']);
		expect(pages.every((r) => r.status === 200)).toBe(true);
		expect(nodeOutput(execution, 'Find')[0].json.customerio).toMatchObject({ found: true, people: [{ id: 'm-7', cio_id: people[7].cio_id }] });
		const segments = nodeOutput(execution, 'Their Segments').map((item) => item.json.customerio as { id: number });
		expect(segments.map((s) => s.id)).toContain(created.id);
	});

	it('Resource locators: the editor\'s list request (POST /rest/dynamic-node-parameters/resource-locator-results) shows names from the simulator, filtered', async () => {
		sim.seedTransactionalMessage(ws.name, { id: 41, name: 'Password reset' });
		sim.seedTransactionalMessage(ws.name, { id: 42, name: 'Receipt' });
		const list = (methodName: string, path: string, currentNodeParameters: Record<string, unknown>, filter?: string) =>
			n8n.rest<{ results: Array<{ name: string; value: string }>; paginationToken?: string }>('POST', '/rest/dynamic-node-parameters/resource-locator-results', {
				path,
				methodName,
				filter,
				nodeTypeAndVersion: { name: N8n.nodeType('customerIoLifecycle'), version: 1.1 },
				currentNodeParameters,
				credentials: { customerIoLifecycleApi: credential },
			});
		const messages = await list('searchTransactionalMessages', 'messageId', { resource: 'transactional', operation: 'sendEmail', messageId: { __rl: true, mode: 'list', value: '' } });
		expect(messages.results).toEqual([
			{ name: 'Password reset (41)', value: '41' },
			{ name: 'Receipt (42)', value: '42' },
		]);
		const segments = await list('searchManualSegments', 'segmentId', { resource: 'segment', operation: 'addPeople', segmentId: { __rl: true, mode: 'list', value: '' } }, 'newsletter');
		expect(segments.results).toEqual([{ name: 'Newsletter readers (7)', value: '7' }]);
		expect(mine().map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/transactional', 'GET /v1/segments']);
	});
});
