import { APP_OPERATIONS, appParameter, appProblems, appRequestBody, type AppOperation } from '../helpers/officialApp';
import { mutants, schemaChecker, type Mutant, type Schema } from '../helpers/officialSchema';
import { CustomerIoSimulator, type Workspace } from './index';

/**
 * The simulator's App API against Customer.io's official request schemas
 * (test/fixtures/openapi/app-requests.json): a valid example of every vendored operation is
 * accepted, and every single-field change of a body, query or path is accepted or refused
 * exactly as the official schema decides, refusals in the error shape the spec documents. Where
 * the simulator is stricter than the schema, the rule is named below with its reason.
 */
const sim = new CustomerIoSimulator({ appRateLimitPerSecond: false, sendRateLimitPerSecond: false, broadcastTriggerIntervalMs: false });
let ws: Workspace;
let webhookId: number;
let triggerId: number;
const NOW = Math.floor(Date.now() / 1000);

beforeAll(async () => {
	await sim.start(0);
	ws = sim.addWorkspace({ name: 'contract', region: 'us' });
	const ada = sim.seedPerson('contract', { id: 'c-1', email: 'ada@example.com', attributes: { plan: 'pro' } });
	sim.seedSegment('contract', { id: 7, name: 'VIP' });
	sim.seedCampaign('contract', { id: 3, name: 'Welcome' });
	sim.seedTransactionalMessage('contract', { id: 5, name: 'Receipt', trigger_name: 'receipt' });
	sim.seedBroadcast('contract', { id: 9, name: 'Flash sale' });
	sim.seedNewsletter('contract', { id: 4, name: 'Weekly' });
	sim.seedMessage('contract', ada, { id: 'dlv-1', newsletter_id: 4, created: NOW - 3600, metrics: { sent: NOW - 3600 } });
	const created = await app('POST', '/v1/reporting_webhooks', { name: 'seed', endpoint: 'https://n8n.example.com/seed', events: ['email_opened'] });
	webhookId = (created.body as { id: number }).id;
	triggerId = ((await app('POST', '/v1/campaigns/9/triggers', {})).body as { id: number }).id;
});
afterAll(() => sim.stop());

async function app(method: string, path: string, body?: unknown) {
	const response = await fetch(`${sim.appBaseUrl('us')}${path}`, {
		method,
		headers: { authorization: `Bearer ${ws.appApiKey}`, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

interface Example {
	operation: AppOperation;
	/** The path as sent, query included (a function where it names the seeded webhook). */
	path: string | (() => string);
	body?: Record<string, unknown>;
}

const pathOf = (example: Example) => (typeof example.path === 'function' ? example.path() : example.path);
const webhook = () => `/v1/reporting_webhooks/${webhookId}`;
const WEBHOOK = { name: 'n8n: bounces', endpoint: 'https://n8n.example.com/hook', events: ['email_bounced', 'email_opened'], disabled: false, full_resolution: true, with_content: false };

/** One valid example of each vendored operation, as the nodes send them. */
const EXAMPLES: Record<string, Example> = {
	'send email': {
		operation: 'POST /v1/send/email',
		path: '/v1/send/email',
		body: {
			transactional_message_id: 5,
			identifiers: { id: 'c-1' },
			to: 'ada@example.com',
			bcc: 'audit@example.com',
			from: 'shop@example.com',
			reply_to: 'help@example.com',
			subject: 'Your receipt',
			body: '<p>Thanks</p>',
			message_data: { order: 'A-1' },
			attachments: { 'receipt.txt': Buffer.from('paid').toString('base64') },
			headers: '[{"name":"X-Tag","value":"receipts"}]',
			send_at: NOW + 3600,
			send_to_unsubscribed: true,
			tracked: true,
			disable_message_retention: false,
			language: 'fr',
		},
	},
	'send push': {
		operation: 'POST /v1/send/push',
		path: '/v1/send/push',
		body: {
			transactional_message_id: 'receipt',
			identifiers: { email: 'ada@example.com' },
			to: 'last_used',
			title: 'New sign-in',
			message: 'Was it you?',
			link: 'app://security',
			sound: 'default',
			custom_data: { ref: 'login' },
			custom_device: { token: 'tok-1', platform: 'ios', last_used: NOW, attributes: { app_version: '2.0', push_enabled: 'true' } },
			message_data: { city: 'Oslo' },
			queue_draft: true,
		},
	},
	'send SMS': {
		operation: 'POST /v1/send/sms',
		path: '/v1/send/sms',
		body: { transactional_message_id: 5, identifiers: { cio_id: 'cio-1' }, to: '+14155550100', from: '+14155550199', tracked: false, message_data: { code: '1234' } },
	},
	'find people by email': { operation: 'GET /v1/customers', path: '/v1/customers?email=ada%40example.com' },
	'a person\'s attributes': { operation: 'GET /v1/customers/{customer_id}/attributes', path: '/v1/customers/c-1/attributes?id_type=id' },
	'a person\'s segments': { operation: 'GET /v1/customers/{customer_id}/segments', path: '/v1/customers/ada%40example.com/segments?id_type=email' },
	'a person\'s messages': { operation: 'GET /v1/customers/{customer_id}/messages', path: `/v1/customers/c-1/messages?id_type=id&limit=10&start_ts=${NOW - 86_400}&end_ts=${NOW}` },
	'a person\'s activities': { operation: 'GET /v1/customers/{customer_id}/activities', path: '/v1/customers/c-1/activities?limit=5&type=event&name=signup' },
	campaigns: { operation: 'GET /v1/campaigns', path: '/v1/campaigns' },
	'a campaign': { operation: 'GET /v1/campaigns/{campaign_id}', path: '/v1/campaigns/3' },
	'campaign metrics': { operation: 'GET /v1/campaigns/{campaign_id}/metrics', path: `/v1/campaigns/3/metrics?version=2&res=days&type=email&tz=America%2FNew_York&start=${NOW - 7 * 86_400}&end=${NOW}` },
	segments: { operation: 'GET /v1/segments', path: '/v1/segments' },
	'create a segment': { operation: 'POST /v1/segments', path: '/v1/segments', body: { segment: { name: 'Hand-picked', description: 'Chosen by sales' } } },
	'a segment': { operation: 'GET /v1/segments/{segment_id}', path: '/v1/segments/7' },
	'segment membership': { operation: 'GET /v1/segments/{segment_id}/membership', path: '/v1/segments/7/membership?limit=2' },
	'transactional messages': { operation: 'GET /v1/transactional', path: '/v1/transactional' },
	'reporting webhooks': { operation: 'GET /v1/reporting_webhooks', path: '/v1/reporting_webhooks' },
	'create a reporting webhook': { operation: 'POST /v1/reporting_webhooks', path: '/v1/reporting_webhooks', body: WEBHOOK },
	'a reporting webhook': { operation: 'GET /v1/reporting_webhooks/{webhook_id}', path: webhook },
	'update a reporting webhook': { operation: 'PUT /v1/reporting_webhooks/{webhook_id}', path: webhook, body: { ...WEBHOOK, disabled: true } },
	'delete a reporting webhook': { operation: 'DELETE /v1/reporting_webhooks/{webhook_id}', path: '/v1/reporting_webhooks/999999' },
	'trigger a broadcast (its own audience)': { operation: 'POST /v1/campaigns/{broadcast_id}/triggers', path: '/v1/campaigns/9/triggers', body: { data: { headline: 'Sale', ends: NOW + 86_400 } } },
	'trigger a broadcast (a filter)': { operation: 'POST /v1/campaigns/{broadcast_id}/triggers', path: '/v1/campaigns/9/triggers', body: { recipients: { and: [{ segment: { id: 7 } }, { attribute: { field: 'plan', operator: 'eq', value: 'pro' } }] }, data: { headline: 'Sale' } } },
	'trigger a broadcast (emails)': { operation: 'POST /v1/campaigns/{broadcast_id}/triggers', path: '/v1/campaigns/9/triggers', body: { emails: ['ada@example.com'], email_ignore_missing: true, email_add_duplicates: false } },
	'trigger a broadcast (IDs)': { operation: 'POST /v1/campaigns/{broadcast_id}/triggers', path: '/v1/campaigns/9/triggers', body: { ids: ['c-1'], id_ignore_missing: true, data: { promo: 'A1' } } },
	'trigger a broadcast (people with their own data)': { operation: 'POST /v1/campaigns/{broadcast_id}/triggers', path: '/v1/campaigns/9/triggers', body: { per_user_data: [{ id: 'c-1', data: { coupon: 'A1' } }, { email: 'ada@example.com' }] } },
	'trigger a broadcast (a data file)': { operation: 'POST /v1/campaigns/{broadcast_id}/triggers', path: '/v1/campaigns/9/triggers', body: { data_file_url: 'https://files.example.com/people.jsonl', data: { headline: 'Sale' } } },
	'a broadcast trigger\'s status': { operation: 'GET /v1/campaigns/{broadcast_id}/triggers/{trigger_id}', path: () => `/v1/campaigns/9/triggers/${triggerId}` },
	broadcasts: { operation: 'GET /v1/broadcasts', path: '/v1/broadcasts' },
	'a broadcast': { operation: 'GET /v1/broadcasts/{broadcast_id}', path: '/v1/broadcasts/9' },
	'broadcast metrics': { operation: 'GET /v1/broadcasts/{broadcast_id}/metrics', path: '/v1/broadcasts/9/metrics?period=days&steps=7&type=email' },
	deliveries: {
		operation: 'GET /v1/messages',
		path: `/v1/messages?limit=10&type=email&metric=sent&drafts=false&campaign_id=3&newsletter_id=4&action_id=30&start_ts=${NOW - 86_400}&end_ts=${NOW}`,
	},
	'a delivery': { operation: 'GET /v1/messages/{message_id}', path: '/v1/messages/dlv-1' },
	newsletters: { operation: 'GET /v1/newsletters', path: '/v1/newsletters?limit=10&sort=asc' },
	'a newsletter': { operation: 'GET /v1/newsletters/{newsletter_id}', path: '/v1/newsletters/4' },
	'newsletter metrics': { operation: 'GET /v1/newsletters/{newsletter_id}/metrics', path: '/v1/newsletters/4/metrics?period=weeks&steps=4&type=email' },
};

function split(path: string): { path: string; query: Record<string, string> } {
	const url = new URL(path, 'http://simulator');
	return { path: url.pathname, query: Object.fromEntries(url.searchParams) };
}

const official = (method: string, sent: string, body?: unknown) => {
	const { path, query } = split(sent);
	return appProblems(method, path, { query, body });
};

/** Malformed, as Customer.io answers it (413: over a size limit); a 404 is a valid request for nothing. */
const refused = (status: number) => status === 400 || status === 413 || status === 422;

/** The broadcast trigger's audience forms: the spec's `oneOf`, each alternative but the default requiring its field. */
const AUDIENCE_FORMS = appRequestBody('POST /v1/campaigns/{broadcast_id}/triggers').oneOf as Schema[];
const audienceForm = (field: string) => AUDIENCE_FORMS.find((form) => form.allOf?.[0].required?.includes(field));
const checkSchema = schemaChecker();

/** Where the simulator refuses what the official schema lets through, and why. */
function stricterRule(example: string, { path, replacement, value }: Mutant): string | undefined {
	if (example.startsWith('trigger a broadcast')) {
		const field = path.split('.')[0];
		const form = audienceForm(field);
		// Without its field a body is the default audience, which it may be.
		if (form && (path !== field || replacement !== undefined) && checkSchema(form, value).length > 0) {
			return `the spec's "Default audience" alternative names no audience field and takes any other property, so it lets a malformed ${field} through; the simulator reads ${field} by its own alternative ("${form.title}"), which refuses it`;
		}
		if (/^emails\.\d+$/.test(path) && replacement === 'not_a_valid_value') return 'emails hold email addresses (the spec\'s format: email, which the validator does not check)';
		if (path === 'data_file_url' && replacement === 'not_a_valid_value') return 'data_file_url is an http(s) URL (the spec\'s format: url, which the validator does not check)';
	}
	const send = example.startsWith('send');
	if (send && path === 'identifiers') return 'a send names its person; the spec requires identifiers for push and SMS, and says a send identifies the person "by one of, and only one of" id, email, cio_id';
	if (example === 'send email' && path === 'transactional_message_id' && replacement === undefined) return 'only template sends are modelled (without a message id Customer.io files the send under message 1)';
	if (example === 'send email' && (path === 'to' || path === 'bcc') && replacement === 'not_a_valid_value') return 'to and bcc hold email addresses, at most 15 in all (the spec\'s prose and limits table)';
	if (example === 'send email' && path.startsWith('attachments.') && replacement !== undefined) return 'attachment contents are base64 (the spec\'s description; its schema names only a placeholder key)';
	if (example === 'send SMS' && path === 'to' && replacement === 'not_a_valid_value') return 'to is an E.164 number (the spec\'s prose; Liquid such as {{customer.phone}} is not modelled)';
	if (example.includes('reporting webhook') && path === 'endpoint' && replacement === 'not_a_valid_value') return 'endpoint is an http(s) URL (the spec\'s format: url, which the validator does not check)';
	return undefined;
}

describe('official App schema: valid examples', () => {
	it('every vendored operation has an example here', () => {
		expect(new Set(Object.values(EXAMPLES).map((e) => e.operation))).toEqual(new Set(APP_OPERATIONS));
	});

	it.each(Object.entries(EXAMPLES))('%s: the official schema and the simulator accept it', async (_name, example) => {
		const [method] = example.operation.split(' ');
		expect(official(method, pathOf(example), example.body)).toEqual([]);
		const answer = await app(method, pathOf(example), example.body);
		expect(refused(answer.status) || answer.status >= 500).toBe(false);
	});
});

describe('official App schema: every single-field change of a body', () => {
	it.each(Object.entries(EXAMPLES).filter(([, e]) => e.body !== undefined))(
		'%s: the simulator refuses exactly what the official schema refuses',
		async (name, example) => {
			const [method] = example.operation.split(' ');
			const disagreements: string[] = [];
			for (const mutant of mutants(example.body)) {
				const officialValid = official(method, pathOf(example), mutant.value).length === 0;
				const answer = await app(method, pathOf(example), mutant.value);
				const expected = officialValid && !stricterRule(name, mutant);
				if (refused(answer.status) === expected) disagreements.push(`${mutant.label}: official ${officialValid ? 'accepts' : 'refuses'}, simulator answered ${answer.status}`);
				if (!officialValid) {
					const shape = example.operation.includes('/v1/send/') ? { meta: { error: expect.stringContaining('malformed') } } : { errors: [{ detail: expect.stringContaining('malformed'), status: '400' }] };
					expect(answer).toEqual({ status: 400, body: shape });
				}
			}
			expect(disagreements).toEqual([]);
		},
	);
});

/** Changes of each query value and path id: removed, a value no schema type or enum takes, a valid id of nothing. */
function parameterMutants(sent: string): Array<{ label: string; path: string }> {
	const url = new URL(sent, 'http://simulator');
	const found: Array<{ label: string; path: string }> = [];
	for (const key of [...url.searchParams.keys()]) {
		for (const value of [undefined, 'not_a_valid_value', '-1', '99999999999']) {
			const changed = new URL(url);
			if (value === undefined) changed.searchParams.delete(key);
			else changed.searchParams.set(key, value);
			found.push({ label: `${key} ${value === undefined ? 'removed' : `= ${value}`}`, path: `${changed.pathname}${changed.search}` });
		}
	}
	const segments = url.pathname.split('/');
	segments.forEach((segment, index) => {
		if (index < 3 || !/^(\d+|c-1|ada%40example\.com|dlv-1)$/.test(segment)) return;
		for (const value of ['not_a_valid_value', '99']) {
			const path = [...segments.slice(0, index), value, ...segments.slice(index + 1)].join('/');
			found.push({ label: `path ${segment} → ${value}`, path: `${path}${url.search}` });
		}
	});
	return found;
}

/** Where the simulator refuses a parameter the official schema lets through, and why. */
function stricterParameterRule(example: string, label: string): string | undefined {
	if (/^email = /.test(label)) return 'email is an email address (the spec\'s format: email, which the validator does not check)';
	if (/^limit = -1$/.test(label)) return 'a page holds at least one record';
	if (/^(start_ts|end_ts|start|end) = -1$/.test(label) && example !== 'segment membership') return 'times are unix seconds, not before 1970';
	if (example === 'campaign metrics' && /^(start|end) = 99999999999$/.test(label)) return 'a metrics range is at most 1000 steps (the simulator\'s bound; the spec limits it to 10 years)';
	if (/^(broadcast|newsletter) metrics$/.test(example) && /^steps = (-1|99999999999)$/.test(label)) {
		return 'steps counts periods, at most the period\'s maximum (the spec\'s description: "Maximums are 24 hours, 45 days, 12 weeks, or 121 months")';
	}
	if (example === 'newsletters' && label === 'limit = 99999999999') return 'a page of newsletters holds at most 100 (the simulator\'s bound; the spec names none)';
	return undefined;
}

describe('official App schema: every change of a query value or path id', () => {
	it.each(Object.entries(EXAMPLES).filter(([, e]) => e.body === undefined && e.operation.startsWith('GET')))(
		'%s: the simulator refuses exactly what the official schema refuses',
		async (name, example) => {
			const disagreements: string[] = [];
			for (const mutant of parameterMutants(pathOf(example))) {
				const officialValid = official('GET', mutant.path).length === 0;
				const answer = await app('GET', mutant.path);
				const expected = officialValid && !stricterParameterRule(name, mutant.label);
				if (refused(answer.status) === expected) disagreements.push(`${mutant.label}: official ${officialValid ? 'accepts' : 'refuses'}, simulator answered ${answer.status}`);
			}
			expect(disagreements).toEqual([]);
		},
	);

	it('a person may be named by every id_type the spec lists but phone, which needs phone identifiers enabled in the workspace (the spec: "otherwise the request returns 400")', async () => {
		const idTypes = appParameter('GET /v1/customers/{customer_id}/attributes', 'id_type').schema.enum;
		expect(idTypes).toEqual(['id', 'email', 'phone', 'cio_id']);
		const cio = sim.person('contract', { id: 'c-1' })?.cio_id as string;
		const value: Record<string, string> = { id: 'c-1', email: 'ada@example.com', phone: '+14155550100', cio_id: cio };
		for (const idType of idTypes as string[]) {
			const answer = await app('GET', `/v1/customers/${encodeURIComponent(value[idType])}/attributes?id_type=${idType}`);
			expect([idType, answer.status]).toEqual([idType, idType === 'phone' ? 400 : 200]);
		}
	});

	it('campaign metrics take every res and type the spec lists', async () => {
		for (const name of ['res', 'type'] as const) {
			for (const value of appParameter('GET /v1/campaigns/{campaign_id}/metrics', name).schema.enum as string[]) {
				const answer = await app('GET', `/v1/campaigns/3/metrics?version=2&${name}=${value}`);
				expect([name, value, answer.status]).toEqual([name, value, 200]);
			}
		}
	});

	it('deliveries, broadcast and newsletter metrics and newsletter lists take every value the spec lists', async () => {
		const cases: Array<[AppOperation, string, string]> = [
			['GET /v1/messages', 'type', '/v1/messages'],
			['GET /v1/messages', 'metric', '/v1/messages'],
			['GET /v1/broadcasts/{broadcast_id}/metrics', 'period', '/v1/broadcasts/9/metrics'],
			['GET /v1/broadcasts/{broadcast_id}/metrics', 'type', '/v1/broadcasts/9/metrics'],
			['GET /v1/newsletters/{newsletter_id}/metrics', 'period', '/v1/newsletters/4/metrics'],
			['GET /v1/newsletters/{newsletter_id}/metrics', 'type', '/v1/newsletters/4/metrics'],
			['GET /v1/newsletters', 'sort', '/v1/newsletters'],
		];
		for (const [operation, name, path] of cases) {
			for (const value of appParameter(operation, name).schema.enum as string[]) {
				const answer = await app('GET', `${path}?${name}=${value}`);
				expect([path, name, value, answer.status]).toEqual([path, name, value, 200]);
			}
		}
	});

	it.each([
		['a segment id beyond int32', '/v1/segments/2147483648'],
		['a membership page over 30,000', '/v1/segments/7/membership?limit=30001'],
		['a metrics call without version', '/v1/campaigns/3/metrics?res=days'],
		['an activity type outside the enum', '/v1/customers/c-1/activities?type=opened'],
		['a messages page over 1000', '/v1/customers/c-1/messages?limit=1001'],
		['a deliveries page over 1000', '/v1/messages?limit=1001'],
		['deliveries filtered by a campaign id that is not a number', '/v1/messages?campaign_id=welcome'],
		['a trigger id that is not a number', '/v1/campaigns/9/triggers/latest'],
	])('refuses %s, as the official schema does, with {"errors":[{"detail"}]}', async (_label, path) => {
		expect(official('GET', path)).not.toEqual([]);
		expect(await app('GET', path)).toEqual({ status: 400, body: { errors: [{ detail: expect.stringContaining('The request was malformed'), status: '400' }] } });
	});

	it('reads the spec\'s placeholder enum values as any value: a push to a device token, activities of an object type', async () => {
		expect(official('POST', '/v1/send/push', { transactional_message_id: 5, identifiers: { id: 'c-1' }, to: 'a1b2c3-device-token' })).toEqual([]);
		expect(official('GET', '/v1/customers/c-1/activities?type=_o:4:create')).toEqual([]);
		expect(official('GET', '/v1/customers/c-1/activities?type=_o::create')).not.toEqual([]);
	});
});

describe('official App schema: the broadcast trigger\'s audience', () => {
	const trigger = (body: unknown) => app('POST', '/v1/campaigns/9/triggers', body);

	it('is one of six forms, each but the default requiring its field', () => {
		expect(AUDIENCE_FORMS.map((form) => [form.title, form.allOf?.[0].required ?? []])).toEqual([
			['Default audience', []],
			['Custom recipients', ['recipients']],
			['Emails', ['emails']],
			['IDs', ['ids']],
			['User Maps', ['per_user_data']],
			['Data file URL', ['data_file_url']],
		]);
	});

	it.each([
		['IDs and emails', { ids: ['c-1'], emails: ['ada@example.com'] }],
		['a filter and a data file', { recipients: { segment: { id: 7 } }, data_file_url: 'https://files.example.com/people.jsonl' }],
	])('takes at most one: the schema lets %s through (its "Default audience" takes any other property), the simulator refuses them', async (_what, body) => {
		expect(official('POST', '/v1/campaigns/9/triggers', body)).toEqual([]);
		const answer = await trigger(body);
		expect(answer).toEqual({ status: 400, body: { errors: [{ detail: expect.stringContaining('give one audience at most'), status: '400' }] } });
	});

	it('is checked field by field by its own form, not the default: a malformed list is refused, an unknown person is not malformed', async () => {
		expect(checkSchema(audienceForm('ids') as Schema, { ids: [42] })).not.toEqual([]);
		expect((await trigger({ ids: [42] })).status).toBe(400);
		expect((await trigger({ ids: ['nobody'], id_ignore_missing: true })).status).toBe(200);
	});
});
