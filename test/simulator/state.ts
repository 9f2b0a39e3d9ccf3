import { randomBytes } from 'crypto';

/**
 * What one simulated Customer.io workspace holds: its keys and region, people with their
 * attributes, events and devices, suppressed identifiers, anonymous events waiting to be merged,
 * manual and data-driven segments, objects with their relationships to people, transactional
 * deliveries and reporting webhooks. Handlers in track.ts and app.ts change it; tests read it.
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

/** A person's mobile device, as Track v1 (`id`) and v2 (`token`) name its token. */
export interface Device {
	id: string;
	platform: 'ios' | 'android';
	last_used: number;
	attributes: Record<string, string>;
}

export interface Person {
	cio_id: string;
	id?: string;
	email?: string;
	attributes: Record<string, unknown>;
	events: StoredEvent[];
	devices: Device[];
	unsubscribed: boolean;
	createdAt: number;
	updatedAt: number;
}

/** A segment: people are added and removed through the API only in manual ones. */
export interface Segment {
	id: number;
	name: string;
	description: string;
	type: 'manual' | 'dynamic';
	tags: string[] | null;
	created_at: number;
	updated_at: number;
	/** cio_ids of the members. */
	members: Set<string>;
}

/** A non-person entity (a company, an account …) of an object type, with its relationships to people. */
export interface StoredObject {
	object_type_id: string;
	object_id: string;
	cio_object_id: string;
	attributes: Record<string, unknown>;
	/** Relationship attributes by the related person's cio_id. */
	relationships: Map<string, Record<string, unknown>>;
}

/** A campaign (journey) as the App API describes it; its metrics come from its deliveries. */
export interface Campaign {
	id: number;
	name: string;
	description: string;
	state: 'draft' | 'running' | 'stopped' | 'archived';
	active: boolean;
	created: number;
	updated: number;
	tags: string[];
	actions: Array<{ type: string; id: number }>;
	trigger_segment_ids: number[];
	filter_segment_ids: number[];
}

/** An API-triggered broadcast as `GET /v1/broadcasts` describes it. */
export interface Broadcast {
	id: number;
	name: string;
	type: 'triggered_broadcast';
	state: 'draft' | 'running' | 'stopped';
	active: boolean;
	created: number;
	updated: number;
	first_started: number;
	tags: string[];
	actions: Array<{ type: string; id: number }>;
	created_by: string;
}

/** One trigger of a broadcast: what it was sent with, and what it did. */
export interface BroadcastTrigger {
	id: number;
	broadcast_id: number;
	created_at: number;
	processed_at: number;
	body: Record<string, unknown>;
	/** Why it sent nothing (people that do not exist, without *_ignore_missing). */
	errors: string[];
}

/** A newsletter as `GET /v1/newsletters` describes it. */
export interface Newsletter {
	id: number;
	name: string;
	type: 'email' | 'push' | 'twilio' | 'in_app' | 'webhook';
	created: number;
	updated: number;
	sent_at: number | null;
	content_ids: number[];
	recipient_segment_ids: number[];
	tags: string[];
}

/** A delivery as `GET /v1/messages` describes it: one message to one person, with its metrics (metric → unix time). */
export interface Message {
	id: string;
	created: number;
	type: string;
	/** The person it went to (the spec's `customer_identifiers`). */
	customer_identifiers: { id: string | null; email: string | null; cio_id: string };
	recipient: string;
	subject: string;
	metrics: Partial<Record<DeliveryMetric, number>>;
	campaign_id: number | null;
	broadcast_id: number | null;
	newsletter_id: number | null;
	action_id: number | null;
	trigger_id: number | null;
	failure_message: string | null;
	draft: boolean;
}

/** A transactional message as `GET /v1/transactional` lists it. */
export interface TransactionalMessage {
	id: number;
	name: string;
	description: string;
	/** The trigger name sends may use instead of the id. */
	trigger_name?: string;
	created_at: number;
	updated_at: number;
}

/** What happened to a campaign's message: counted by the campaign metrics call. */
export const DELIVERY_METRICS = ['attempted', 'sent', 'delivered', 'opened', 'clicked', 'converted', 'bounced', 'spammed', 'unsubscribed', 'failed', 'undeliverable', 'dropped'] as const;
export type DeliveryMetric = (typeof DELIVERY_METRICS)[number];

export interface CampaignDelivery {
	campaign_id: number;
	/** email, push, twilio (SMS), webhook, slack, in_app. */
	type: string;
	created: number;
	metrics: DeliveryMetric[];
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
	/** `webhook` (a JavaScript webhook, `js`, is made in the UI only). */
	type: 'webhook' | 'js';
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
	readonly segments = new Map<number, Segment>();
	readonly campaigns = new Map<number, Campaign>();
	readonly campaignDeliveries: CampaignDelivery[] = [];
	readonly transactionalMessages = new Map<number, TransactionalMessage>();
	readonly broadcasts = new Map<number, Broadcast>();
	readonly broadcastTriggers: BroadcastTrigger[] = [];
	readonly newsletters = new Map<number, Newsletter>();
	readonly messages: Message[] = [];
	/** By `${object_type_id}\n${object_id}`. */
	readonly objects = new Map<string, StoredObject>();
	/** Suppressed identifiers as `${type}:${value}`: calls naming them are ignored until unsuppressed. */
	readonly suppressed = new Set<string>();
	/** Event ids already accepted: Customer.io drops a second event with the same id. */
	readonly seenEventIds = new Set<string>();
	private nextWebhookId = 1;
	private nextSegmentId = 1;

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
			devices: [],
			unsubscribed: false,
			createdAt: now,
			updatedAt: now,
		};
		this.people.set(person.cio_id, person);
		if (type === 'id') this.setId(person, value);
		if (type === 'email') this.setEmail(person, value);
		return person;
	}

	/** Removes a person with their segment memberships and relationships. */
	delete(person: Person): void {
		this.people.delete(person.cio_id);
		if (person.id !== undefined) this.byId.delete(person.id);
		if (person.email !== undefined) this.byEmail.delete(person.email);
		for (const segment of this.segments.values()) segment.members.delete(person.cio_id);
		for (const object of this.objects.values()) object.relationships.delete(person.cio_id);
	}

	isSuppressed(type: IdentifierType | 'phone', value: string): boolean {
		return this.suppressed.has(`${type}:${value}`);
	}

	/**
	 * Deletes the person and blocks the identifier from coming back; a person who had both an id
	 * and an email has both suppressed (the Track spec's suppress call).
	 */
	suppress(type: IdentifierType, value: string): void {
		const person = this.find(type, value);
		this.suppressed.add(`${type}:${value}`);
		if (!person) return;
		if (person.id !== undefined) this.suppressed.add(`id:${person.id}`);
		if (person.email !== undefined) this.suppressed.add(`email:${person.email}`);
		this.suppressed.add(`cio_id:${person.cio_id}`);
		this.delete(person);
	}

	/** Makes the identifier usable again; it does not bring the deleted profile back. */
	unsuppress(type: IdentifierType, value: string): void {
		this.suppressed.delete(`${type}:${value}`);
	}

	/** Adds or updates a device (by token); it keeps its place in the list. */
	upsertDevice(person: Person, device: Device): void {
		const index = person.devices.findIndex((d) => d.id === device.id);
		if (index === -1) person.devices.push(device);
		else person.devices[index] = { ...device, attributes: { ...person.devices[index].attributes, ...device.attributes } };
	}

	deleteDevice(person: Person, token: string): void {
		person.devices = person.devices.filter((d) => d.id !== token);
	}

	/**
	 * Merges `secondary` into `primary` as the Track spec describes: attributes the primary lacks
	 * (or has empty), events of the last 30 days, manual segments, devices and relationships move
	 * over, then the secondary is deleted (with its identifiers, which are not copied).
	 */
	merge(primary: Person, secondary: Person): void {
		if (primary === secondary) return;
		for (const [key, value] of Object.entries(secondary.attributes)) {
			// Identifiers stay with their profile: the secondary's are deleted with it.
			if (key === 'id' || key === 'email' || key === 'cio_id') continue;
			const current = primary.attributes[key];
			if (current === undefined || current === null || current === '') primary.attributes[key] = value;
		}
		const since = Math.floor(Date.now() / 1000) - 30 * 86_400;
		primary.events.push(...secondary.events.filter((e) => e.timestamp >= since));
		primary.events.sort((a, b) => a.timestamp - b.timestamp);
		for (const device of secondary.devices) if (!primary.devices.some((d) => d.id === device.id)) primary.devices.push(device);
		for (const segment of this.segments.values()) {
			if (segment.type === 'manual' && segment.members.has(secondary.cio_id)) segment.members.add(primary.cio_id);
		}
		for (const object of this.objects.values()) {
			const relationship = object.relationships.get(secondary.cio_id);
			if (relationship && !object.relationships.has(primary.cio_id)) object.relationships.set(primary.cio_id, relationship);
		}
		this.delete(secondary);
		primary.updatedAt = Math.floor(Date.now() / 1000);
	}

	addSegment(input: { id?: number; name: string; description?: string; type?: Segment['type'] }): Segment {
		const id = input.id ?? this.nextSegmentId++;
		if (this.segments.has(id)) throw new Error(`segment ${id} exists already`);
		this.nextSegmentId = Math.max(this.nextSegmentId, id + 1);
		const now = Math.floor(Date.now() / 1000);
		const segment: Segment = {
			id,
			name: input.name,
			description: input.description ?? '',
			type: input.type ?? 'manual',
			tags: null,
			created_at: now,
			updated_at: now,
			members: new Set(),
		};
		this.segments.set(id, segment);
		return segment;
	}

	addCampaign(input: Partial<Omit<Campaign, 'id'>> & { id: number; name: string }): Campaign {
		if (this.campaigns.has(input.id)) throw new Error(`campaign ${input.id} exists already`);
		const now = Math.floor(Date.now() / 1000);
		const campaign: Campaign = {
			description: '',
			state: 'running',
			active: true,
			created: now,
			updated: now,
			tags: [],
			actions: [],
			trigger_segment_ids: [],
			filter_segment_ids: [],
			...input,
		};
		this.campaigns.set(campaign.id, campaign);
		return campaign;
	}

	addBroadcast(input: Partial<Omit<Broadcast, 'id'>> & { id: number; name: string }): Broadcast {
		if (this.broadcasts.has(input.id)) throw new Error(`broadcast ${input.id} exists already`);
		const now = Math.floor(Date.now() / 1000);
		const broadcast: Broadcast = { type: 'triggered_broadcast', state: 'running', active: true, created: now, updated: now, first_started: now, tags: [], actions: [{ type: 'email', id: input.id * 10 }], created_by: 'sim@example.com', ...input };
		this.broadcasts.set(broadcast.id, broadcast);
		return broadcast;
	}

	addNewsletter(input: Partial<Omit<Newsletter, 'id'>> & { id: number; name: string }): Newsletter {
		if (this.newsletters.has(input.id)) throw new Error(`newsletter ${input.id} exists already`);
		const now = Math.floor(Date.now() / 1000);
		const newsletter: Newsletter = { type: 'email', created: now, updated: now, sent_at: null, content_ids: [input.id * 10], recipient_segment_ids: [], tags: [], ...input };
		this.newsletters.set(newsletter.id, newsletter);
		return newsletter;
	}

	/** Records a delivery to a person (`id` drawn when not given). */
	addMessage(person: Person, input: Partial<Omit<Message, 'customer_identifiers'>>): Message {
		const message: Message = {
			id: randomBytes(18).toString('base64url'),
			created: Math.floor(Date.now() / 1000),
			type: 'email',
			customer_identifiers: { id: person.id ?? null, email: person.email ?? null, cio_id: person.cio_id },
			recipient: person.email ?? '',
			subject: '',
			metrics: {},
			campaign_id: null,
			broadcast_id: null,
			newsletter_id: null,
			action_id: null,
			trigger_id: null,
			failure_message: null,
			draft: false,
			...input,
		};
		this.messages.push(message);
		return message;
	}

	addTransactionalMessage(input: { id: number; name: string; description?: string; trigger_name?: string }): TransactionalMessage {
		const now = Math.floor(Date.now() / 1000);
		const message: TransactionalMessage = { description: '', ...input, created_at: now, updated_at: now };
		this.transactionalMessages.set(message.id, message);
		return message;
	}

	findObject(identifiers: { object_type_id?: string; object_id?: string; cio_object_id?: string }): StoredObject | undefined {
		if (identifiers.cio_object_id !== undefined) {
			return [...this.objects.values()].find((o) => o.cio_object_id === identifiers.cio_object_id);
		}
		return this.objects.get(`${identifiers.object_type_id}\n${identifiers.object_id}`);
	}

	createObject(objectTypeId: string, objectId: string): StoredObject {
		const object: StoredObject = {
			object_type_id: objectTypeId,
			object_id: objectId,
			cio_object_id: hex(6),
			attributes: {},
			relationships: new Map(),
		};
		this.objects.set(`${objectTypeId}\n${objectId}`, object);
		return object;
	}

	deleteObject(object: StoredObject): void {
		this.objects.delete(`${object.object_type_id}\n${object.object_id}`);
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

	addWebhook(input: Omit<ReportingWebhook, 'id' | 'type' | 'created_at' | 'updated_at'>): ReportingWebhook {
		const now = Math.floor(Date.now() / 1000);
		const webhook: ReportingWebhook = { id: this.nextWebhookId++, type: 'webhook', ...input, created_at: now, updated_at: now };
		this.reportingWebhooks.set(webhook.id, webhook);
		return webhook;
	}
}
