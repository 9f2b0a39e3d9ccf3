import { randomBytes } from 'crypto';

/**
 * What one simulated Customer.io workspace holds: its keys and region, people with their
 * attributes and events, anonymous events waiting to be merged, transactional deliveries and
 * reporting webhooks. Handlers in track.ts and app.ts change it; tests read it.
 */
export type Region = 'us' | 'eu';

export interface Workspace {
	name: string;
	region: Region;
	siteId: string;
	trackApiKey: string;
	appApiKey: string;
	/** The reporting-webhook signing key (Customer.io shows it in the UI, never through the API). */
	signingKey: string;
	environmentId: number;
}

export interface WorkspaceInput {
	name: string;
	region: Region;
	siteId?: string;
	trackApiKey?: string;
	appApiKey?: string;
	signingKey?: string;
	/** SMS is a paid add-on: without it `/send/sms` answers 403. */
	smsEnabled?: boolean;
}

export interface StoredEvent {
	name: string;
	data: Record<string, unknown>;
	timestamp: number;
	id?: string;
	type?: string;
	/** The anonymous id the event was tracked under before an identify merged it. */
	mergedFrom?: string;
}

export interface AnonymousEvent extends StoredEvent {
	anonymous_id?: string;
}

export interface Person {
	cio_id: string;
	id?: string;
	email?: string;
	attributes: Record<string, unknown>;
	events: StoredEvent[];
	unsubscribed: boolean;
	createdAt: number;
	updatedAt: number;
}

export interface Delivery {
	delivery_id: string;
	kind: 'email' | 'push' | 'sms';
	transactional_message_id: number | string;
	identifiers: Record<string, string>;
	to?: string;
	queued_at: number;
	send_at?: number;
	body: Record<string, unknown>;
}

export interface ReportingWebhook {
	id: number;
	name: string;
	endpoint: string;
	events: string[];
	disabled: boolean;
	full_resolution: boolean;
	with_content: boolean;
	created_at: number;
	updated_at: number;
}

export type IdentifierType = 'id' | 'email' | 'cio_id';

let environmentCounter = 100_000;
const hex = (bytes: number) => randomBytes(bytes).toString('hex');

export class WorkspaceState {
	readonly workspace: Workspace;
	readonly smsEnabled: boolean;
	readonly people = new Map<string, Person>();
	readonly anonymousEvents: AnonymousEvent[] = [];
	readonly deliveries: Delivery[] = [];
	readonly reportingWebhooks = new Map<number, ReportingWebhook>();
	/** Event ids already accepted: Customer.io drops a second event with the same id. */
	readonly seenEventIds = new Set<string>();
	private nextWebhookId = 1;

	constructor(input: WorkspaceInput) {
		this.workspace = {
			name: input.name,
			region: input.region,
			siteId: input.siteId ?? hex(10),
			trackApiKey: input.trackApiKey ?? hex(10),
			appApiKey: input.appApiKey ?? hex(16),
			signingKey: input.signingKey ?? hex(32),
			environmentId: ++environmentCounter,
		};
		this.smsEnabled = input.smsEnabled ?? true;
	}

	// Lookups by id and email stay O(1): benchmarks store tens of thousands of people.
	private readonly byId = new Map<string, Person>();
	private readonly byEmail = new Map<string, Person>();

	find(type: IdentifierType, value: string): Person | undefined {
		if (type === 'cio_id') return this.people.get(value);
		return (type === 'id' ? this.byId : this.byEmail).get(value);
	}

	setId(person: Person, id: string): void {
		if (person.id !== undefined) this.byId.delete(person.id);
		person.id = id;
		this.byId.set(id, person);
	}

	setEmail(person: Person, email: string): void {
		if (person.email !== undefined) this.byEmail.delete(person.email);
		person.email = email;
		this.byEmail.set(email, person);
	}

	/**
	 * How a Track path identifier resolves: `cio_<id>` is a cio_id, something with an @ is an
	 * email (workspaces that identify by email), anything else is an id.
	 */
	findByPathIdentifier(identifier: string): { type: IdentifierType; value: string; person?: Person } {
		const type: IdentifierType = identifier.startsWith('cio_') ? 'cio_id' : identifier.includes('@') ? 'email' : 'id';
		const value = type === 'cio_id' ? identifier.slice(4) : identifier;
		return { type, value, person: this.find(type, value) };
	}

	create(type: IdentifierType, value: string): Person {
		const now = Math.floor(Date.now() / 1000);
		const person: Person = {
			cio_id: type === 'cio_id' ? value : hex(6),
			attributes: {},
			events: [],
			unsubscribed: false,
			createdAt: now,
			updatedAt: now,
		};
		this.people.set(person.cio_id, person);
		if (type === 'id') this.setId(person, value);
		if (type === 'email') this.setEmail(person, value);
		return person;
	}

	delete(person: Person): void {
		this.people.delete(person.cio_id);
		if (person.id !== undefined) this.byId.delete(person.id);
		if (person.email !== undefined) this.byEmail.delete(person.email);
	}

	/** Applies identify attributes; reserved keys change identity or flags, the rest are stored. */
	applyAttributes(person: Person, attributes: Record<string, unknown>): void {
		for (const [key, value] of Object.entries(attributes)) {
			if (key === '_update' || key === '_timestamp' || key === 'anonymous_id') continue;
			if (key === 'id' && value !== undefined && value !== null && value !== '') this.setId(person, String(value));
			if (key === 'email' && typeof value === 'string' && value) this.setEmail(person, value);
			if (key === 'unsubscribed') person.unsubscribed = value === true || value === 'true';
			if (key === 'created_at' && typeof value === 'number') person.createdAt = value;
			if (value === null) delete person.attributes[key];
			else person.attributes[key] = value;
		}
		person.updatedAt = Math.floor(Date.now() / 1000);
	}

	/** Moves anonymous events tracked under `anonymousId` onto the person (identify with anonymous_id). */
	mergeAnonymous(person: Person, anonymousId: string): void {
		for (let i = this.anonymousEvents.length - 1; i >= 0; i--) {
			const event = this.anonymousEvents[i];
			if (event.anonymous_id !== anonymousId) continue;
			this.anonymousEvents.splice(i, 1);
			const { anonymous_id: _anonymous, ...rest } = event;
			person.events.push({ ...rest, mergedFrom: anonymousId });
		}
		person.events.sort((a, b) => a.timestamp - b.timestamp);
	}

	/** Stores an event unless its id was seen before; answers whether it was new. */
	recordEvent(event: StoredEvent, target: Person | { anonymousId?: string }): boolean {
		if (event.id) {
			if (this.seenEventIds.has(event.id)) return false;
			this.seenEventIds.add(event.id);
		}
		if ('cio_id' in target) target.events.push(event);
		else this.anonymousEvents.push({ ...event, anonymous_id: target.anonymousId });
		return true;
	}

	addWebhook(input: Omit<ReportingWebhook, 'id' | 'created_at' | 'updated_at'>): ReportingWebhook {
		const now = Math.floor(Date.now() / 1000);
		const webhook = { id: this.nextWebhookId++, ...input, created_at: now, updated_at: now };
		this.reportingWebhooks.set(webhook.id, webhook);
		return webhook;
	}
}
