import { createHash } from 'crypto';
import { ulid } from '../../nodes/shared/ulid';
import { makeReportingEvent, sendReportingEvent, type ReportingEvent } from './reporting';

/**
 * Customer.io playing a journey for many people, for the closed loop of AI Personalize:
 *
 *   Webhook Action → AI Personalize (POST, as Customer.io sends it, with the person's saved
 *   answer as served_copy_id) → the email, with the answer's copy_id in a custom header and in
 *   the CTA link → signed reporting events: email_sent (Body Content on: `data.headers`),
 *   delivered, opened, clicked (`data.href` carries the link parameter), converted.
 *
 * What happens after the send is drawn from the true rates the test gives per copy_id, with a
 * random number per person seeded from (seed, user id): the same people do the same things
 * whatever order the concurrent requests finish in. `truth` counts what was played, per copy_id
 * and variant, which the report must reproduce exactly. A share of events is posted twice with
 * the same event_id, as Customer.io redelivers: the store must count them once.
 */
export interface CopyRates {
	/** Per sent email. */
	delivered: number;
	/** Per delivered email. */
	opened: number;
	/** Per delivered email; a click implies an open (clicked ≤ opened). */
	clicked: number;
	/** Per delivered email; a conversion follows a click (converted ≤ clicked). */
	converted: number;
}

export interface JourneyOptions {
	/** AI Personalize's Production URL(s); requests go round-robin (queue mode: several webhook processors). */
	personalizeUrls: string[];
	/** Headers the Webhook Action sends (its auth), besides content-type. */
	personalizeHeaders?: Record<string, string>;
	/** The Reporting Trigger's Production URL(s), round-robin. */
	reportingUrls: string[];
	signingKey: string;
	templateId: string;
	/** True rates by copy_id; the holdout's copy too. */
	rates: Record<string, CopyRates>;
	seed: number;
	/** People in flight at once (bounded, to keep a 2-core machine answering). */
	concurrency?: number;
	/** Share of events posted a second time with the same event_id (default 0.02). */
	redelivered?: number;
	copyIdHeader?: string;
	linkParameter?: string;
}

export interface Answer {
	copy_id: string;
	variant: string;
	source: string;
	allocation: string;
	[key: string]: unknown;
}

export interface Counts {
	template_id: string;
	copy_id: string;
	variant: string;
	served: number;
	delivered: number;
	opened: number;
	clicked: number;
	converted: number;
}

/** A number in [0, 1) per (seed, person, what): the person's own dice. */
function uniform(seed: number, userId: string, what: string): number {
	return createHash('sha256').update(`${seed}\u0000${userId}\u0000${what}`).digest().readUInt32BE(0) / 2 ** 32;
}

/** Runs `work` over `items` with at most `limit` at once. */
async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
	let next = 0;
	const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
		while (next < items.length) await work(items[next++]);
	});
	await Promise.all(runners);
}

export class JourneyPlayer {
	/** Ground truth per `copy_id|variant`. */
	readonly truth = new Map<string, Counts>();
	/** Each person's last answer: the customer attribute the Webhook Action's Response tab saves. */
	readonly answers = new Map<string, Answer>();
	/** Reporting events posted (distinct event_ids) and answers received: what the store must hold. */
	events = 0;
	served = 0;
	private turn = 0;

	constructor(private readonly options: JourneyOptions) {}

	private next(urls: string[]): string {
		return urls[this.turn++ % urls.length];
	}

	private counts(answer: Answer): Counts {
		const key = `${answer.copy_id}|${answer.variant}`;
		let counts = this.truth.get(key);
		if (!counts) {
			counts = { template_id: this.options.templateId, copy_id: answer.copy_id, variant: answer.variant, served: 0, delivered: 0, opened: 0, clicked: 0, converted: 0 };
			this.truth.set(key, counts);
		}
		return counts;
	}

	/** The Webhook Action: the person's saved answer goes back as served_copy_id ("" when none, as Liquid renders it). */
	private async personalize(userId: string): Promise<Answer> {
		const body = {
			template_id: this.options.templateId,
			user_id: userId,
			tracking_id: `${this.options.templateId}-email`,
			served_copy_id: this.answers.get(userId)?.copy_id ?? '',
			attrs: { plan: 'free' },
			fields: { first_name: 'Ada' },
		};
		const response = await fetch(this.next(this.options.personalizeUrls), {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...this.options.personalizeHeaders },
			body: JSON.stringify(body),
			signal: AbortSignal.timeout(30_000),
		});
		const text = await response.text();
		if (response.status !== 200) throw new Error(`AI Personalize answered ${response.status} for ${userId}: ${text.slice(0, 500)}`);
		return JSON.parse(text) as Answer;
	}

	private async post(event: ReportingEvent, dice: number): Promise<void> {
		this.events++;
		const times = dice < (this.options.redelivered ?? 0.02) ? 2 : 1;
		for (let i = 0; i < times; i++) {
			const sent = await sendReportingEvent(this.next(this.options.reportingUrls), event, { signingKey: this.options.signingKey });
			if (sent.status !== 200) throw new Error(`the Reporting Trigger answered ${sent.status}: ${sent.body.slice(0, 500)}`);
		}
	}

	/** One person through the journey: answer, email, and what they did with it. */
	async playPerson(userId: string, round = 0): Promise<Answer> {
		const { seed, rates, templateId } = this.options;
		const answer = await this.personalize(userId);
		this.served++;
		this.answers.set(userId, answer);
		const counts = this.counts(answer);
		counts.served++;
		const rate = rates[answer.copy_id];
		if (!rate) throw new Error(`no true rates for copy_id ${answer.copy_id}`);
		const roll = (what: string) => uniform(seed, userId, `${round}:${what}`);
		const identifiers = { id: userId, email: `${userId}@example.com`, cio_id: createHash('sha256').update(userId).digest('hex').slice(0, 12) };
		const deliveryId = Buffer.from(createHash('sha256').update(`${seed}:${userId}:${round}:delivery`).digest().subarray(0, 18)).toString('base64url');
		const common = { identifiers, customer_id: userId, delivery_id: deliveryId, campaign_id: 12, action_id: 34, journey_id: ulid(), recipient: identifiers.email, subject: `Welcome (${answer.copy_id})` };
		let at = Math.floor(Date.now() / 1000);
		const event = (metric: string, data: Record<string, unknown> = {}): ReportingEvent => ({ ...makeReportingEvent('email', metric, { ...common, ...data }), timestamp: at++ });
		const header = this.options.copyIdHeader ?? 'X-Cio-Copy-Id';
		const link = `https://app.example.com/start?utm_campaign=${templateId}&${this.options.linkParameter ?? 'cio_copy'}=${encodeURIComponent(answer.copy_id)}`;

		await this.post(event('sent', { content: `<p>${String((answer.vars as Record<string, unknown> | undefined)?.body ?? '')}</p><a href="${link}">Go</a>`, headers: { [header]: [answer.copy_id] } }), roll('redeliver sent'));
		if (roll('delivered') >= rate.delivered) return answer;
		counts.delivered++;
		await this.post(event('delivered'), roll('redeliver delivered'));
		// One number decides open, click and conversion, so clicked ⊆ opened and converted ⊆ clicked.
		const u = roll('engagement');
		if (u >= rate.opened) return answer;
		counts.opened++;
		await this.post(event('opened', { proxied: false, prefetched: false }), roll('redeliver opened'));
		if (u >= rate.clicked) return answer;
		counts.clicked++;
		await this.post(event('clicked', { href: link, link_id: 1, machine: false }), roll('redeliver clicked'));
		if (u >= rate.converted) return answer;
		counts.converted++;
		await this.post(event('converted'), roll('redeliver converted'));
		return answer;
	}

	/** A wave of people through the journey, `concurrency` at a time; `round` > 0 for people entering again. */
	async play(userIds: readonly string[], round = 0): Promise<Answer[]> {
		const answers: Answer[] = new Array(userIds.length);
		const indexed = userIds.map((userId, index) => ({ userId, index }));
		await pool(indexed, this.options.concurrency ?? 16, async ({ userId, index }) => {
			answers[index] = await this.playPerson(userId, round);
		});
		return answers;
	}

	/** Ground truth, one row per copy and variant, sorted as the report query sorts. */
	rows(): Counts[] {
		return [...this.truth.values()].sort((a, b) => a.copy_id.localeCompare(b.copy_id) || a.variant.localeCompare(b.variant));
	}
}
