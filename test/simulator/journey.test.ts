import { createServer, type IncomingMessage, type Server } from 'http';
import type { AddressInfo } from 'net';
import { verifyV0 } from '../../nodes/shared/signature';
import { JourneyPlayer, type CopyRates, type JourneyOptions } from './journey';
import type { ReportingEvent } from './reporting';

/**
 * The journey player is Customer.io for the closed-loop e2e: what it sends must be what
 * Customer.io sends (the Webhook Action's body, signed reporting events whose email_sent carries
 * the copy header and whose clicks carry the link parameter), and its ground truth must be what
 * it played. Checked here against a recording server that answers like AI Personalize.
 */
const KEY = 'journey-signing-key';
const rates = (clicked: number): CopyRates => ({ delivered: 0.9, opened: 0.5, clicked, converted: clicked / 2 });

interface Recorded {
	personalize: Array<Record<string, unknown>>;
	events: ReportingEvent[];
	badSignatures: number;
}

let server: Server;
let base = '';
const recorded: Recorded = { personalize: [], events: [], badSignatures: 0 };

const body = async (req: IncomingMessage) => {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
};

beforeAll(async () => {
	server = createServer(async (req, res) => {
		const raw = await body(req);
		if (req.url === '/personalize') {
			const request = JSON.parse(raw.toString()) as { user_id: string; served_copy_id: string };
			recorded.personalize.push(request);
			// Like AI Personalize: a served copy is kept; otherwise a stable pick; every 10th person is control.
			const n = Number(request.user_id.replace(/\D/g, ''));
			const copy = request.served_copy_id || (n % 10 === 0 ? 'c-control' : n % 2 ? 'c-a' : 'c-b');
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ copy_id: copy, variant: copy === 'c-control' ? 'control' : copy === 'c-a' ? 'A' : 'B', source: copy === 'c-control' ? 'control' : 'fallback', allocation: 'fixed', vars: { body: 'Hi' } }));
			return;
		}
		const check = verifyV0({ signingKey: KEY, timestamp: String(req.headers['x-cio-timestamp']), signature: String(req.headers['x-cio-signature']), rawBody: raw, nowSeconds: Math.floor(Date.now() / 1000), toleranceSeconds: 300 });
		if (!check.ok) recorded.badSignatures++;
		recorded.events.push(JSON.parse(raw.toString()) as ReportingEvent);
		res.writeHead(200).end();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => {
	recorded.personalize.length = 0;
	recorded.events.length = 0;
	recorded.badSignatures = 0;
});

const player = (over: Partial<JourneyOptions> = {}) =>
	new JourneyPlayer({
		personalizeUrls: [`${base}/personalize`],
		reportingUrls: [`${base}/events`],
		signingKey: KEY,
		templateId: 'welcome',
		rates: { 'c-a': rates(0.1), 'c-b': rates(0.3), 'c-control': rates(0.05) },
		seed: 7,
		concurrency: 8,
		...over,
	});

const people = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `p${from + i}`);

// Thousands of local HTTP requests: a busy 2-core CI machine needs more than jest's 5 s.
jest.setTimeout(60_000);

describe('JourneyPlayer', () => {
	it('sends the Webhook Action body, then signed events: the copy in email_sent headers and in the clicked link', async () => {
		const journey = player();
		await journey.play(people(100));
		expect(recorded.badSignatures).toBe(0);
		expect(recorded.personalize[0]).toMatchObject({ template_id: 'welcome', user_id: expect.any(String), served_copy_id: '', attrs: {}, fields: {} });
		const sent = recorded.events.filter((event) => event.metric === 'sent');
		expect(sent).toHaveLength(100 + sent.length - new Set(sent.map((event) => event.event_id)).size);
		for (const event of sent) expect(event.data.headers).toEqual({ 'X-Cio-Copy-Id': [expect.stringMatching(/^c-/)] });
		const clicks = recorded.events.filter((event) => event.metric === 'clicked');
		expect(clicks.length).toBeGreaterThan(0);
		for (const click of clicks) {
			const delivery = sent.find((event) => event.data.delivery_id === click.data.delivery_id) as ReportingEvent;
			expect(new URL(String(click.data.href)).searchParams.get('cio_copy')).toBe((delivery.data.headers as Record<string, string[]>)['X-Cio-Copy-Id'][0]);
		}
	});

	it('counts as ground truth exactly what it played: one delivery per answer, each metric at most once, redeliveries with the same event_id', async () => {
		const journey = player({ redelivered: 0.1 });
		await journey.play(people(300));
		const unique = new Map(recorded.events.map((event) => [event.event_id, event]));
		expect(journey.events).toBe(unique.size);
		expect(recorded.events.length).toBeGreaterThan(unique.size);
		const copyOf = new Map([...unique.values()].filter((e) => e.metric === 'sent').map((e) => [e.data.delivery_id, (e.data.headers as Record<string, string[]>)['X-Cio-Copy-Id'][0]]));
		for (const row of journey.rows()) {
			const of = (metric: string) => [...unique.values()].filter((e) => e.metric === metric && copyOf.get(e.data.delivery_id) === row.copy_id).length;
			expect({ delivered: of('delivered'), opened: of('opened'), clicked: of('clicked'), converted: of('converted') }).toEqual({ delivered: row.delivered, opened: row.opened, clicked: row.clicked, converted: row.converted });
			expect(row.converted).toBeLessThanOrEqual(row.clicked);
			expect(row.clicked).toBeLessThanOrEqual(row.opened);
		}
		expect(journey.rows().reduce((sum, row) => sum + row.served, 0)).toBe(300);
	});

	it('draws from the true rates per copy, the same for the same seed whatever the concurrency', async () => {
		const a = player({ concurrency: 1 });
		await a.play(people(400));
		const b = player({ concurrency: 20 });
		await b.play(people(400));
		expect(b.rows()).toEqual(a.rows());
		const rate = (copy: string) => {
			const row = a.rows().find((r) => r.copy_id === copy) as { clicked: number; delivered: number };
			return row.clicked / row.delivered;
		};
		expect(rate('c-b')).toBeGreaterThan(rate('c-a'));
		// About 160 deliveries of c-b: ±0.1 is more than 2.5 standard deviations.
		expect(Math.abs(rate('c-b') - 0.3)).toBeLessThan(0.1);
	});

	it('sends a returning person their saved copy_id as served_copy_id', async () => {
		const journey = player();
		await journey.play(people(10));
		const first = journey.answers.get('p3')?.copy_id;
		await journey.play(['p3'], 1);
		expect(recorded.personalize.at(-1)).toMatchObject({ user_id: 'p3', served_copy_id: first });
	});
});
