import { ALL_EVENTS, EVENT_OPTIONS, registrableEvents } from '../../../nodes/CustomerIoReportingTrigger/events';
import type { EventFilters } from '../../../nodes/CustomerIoReportingTrigger/filters';
import { makeReportingEvent } from '../../simulator';
import { OFFICIAL_EVENTS, payloadPairs } from './officialSpec';
import { run, settings, signed } from './requests';

/**
 * The trigger against Customer.io's official OpenAPI (vendored in test/fixtures/openapi): every
 * name it registers is one the App API accepts, and every (object_type, metric) pair the payload
 * schema allows passes the filters meant for it (issue #20).
 */
const optionValues = EVENT_OPTIONS.map((o) => o.value as string);

// Option values earlier versions offered that are no longer in the list; saved workflows keep them.
const SAVED_BY_EARLIER_VERSIONS = ['customer_cio_subscription_preferences_changed', 'slack_undeliverable'];

// Person-level metrics and the customer event each is registered as (enum + payload schema).
const PERSON_EVENT: Record<string, string> = {
	subscribed: 'customer_subscribed',
	unsubscribed: 'customer_unsubscribed',
	cio_subscription_preferences_changed: 'customer_subscription_preferences_changed',
};

// Pairs the payload schema allows that no registrable name covers (README of the fixtures).
const PAYLOAD_ONLY = ['slack undeliverable'];

const PAIRS = payloadPairs();

describe('event names sent to the App API', () => {
	it('offers exactly the official enum as Events, and registers all of it, in its order, when none is chosen', () => {
		expect([...optionValues].sort()).toEqual([...OFFICIAL_EVENTS].sort());
		expect(ALL_EVENTS).toEqual(OFFICIAL_EVENTS);
	});

	it('registers only official names for every possible choice, including values saved by earlier versions', () => {
		const choices = [...optionValues, ...SAVED_BY_EARLIER_VERSIONS, ...PAIRS.map(([type, metric]) => `${type}_${metric}`)];
		const registered = new Set(choices.flatMap((choice) => registrableEvents([choice])));
		expect([...registered].filter((name) => !OFFICIAL_EVENTS.includes(name))).toEqual([]);
		expect(registrableEvents(optionValues)).toEqual(expect.arrayContaining(OFFICIAL_EVENTS));
	});

	it('maps the old subscription-preferences value to the name Customer.io knows', () => {
		expect(registrableEvents(['customer_cio_subscription_preferences_changed', 'email_opened'])).toEqual([
			'customer_subscription_preferences_changed',
			'email_opened',
		]);
		expect(registrableEvents(['customer_cio_subscription_preferences_changed', 'customer_subscription_preferences_changed'])).toEqual([
			'customer_subscription_preferences_changed',
		]);
		expect(registrableEvents(['slack_undeliverable'])).toEqual([]);
	});
});

describe('payload pairs of the official schema', () => {
	const pass = (type: string, metric: string, filters: Partial<EventFilters>) =>
		run(signed(JSON.stringify(makeReportingEvent(type, metric))), settings({}, filters));

	it('reads the pairs from the vendored schema, subscription changes from every channel included', () => {
		expect(PAIRS.length).toBeGreaterThan(80);
		const channels = PAIRS.filter(([, metric]) => metric === 'cio_subscription_preferences_changed').map(([type]) => type);
		expect(channels).toEqual(['customer', 'email', 'in_app', 'push', 'slack', 'sms', 'webhook', 'whatsapp']);
	});

	it.each(PAIRS)('%s %s: passes the Events option it is registered under, its object type, its metric, and no filter', (type, metric) => {
		const options = optionValues.filter((value) => value === `${type}_${metric}` || value === PERSON_EVENT[metric]);
		if (!options.length) expect(PAYLOAD_ONLY).toContain(`${type} ${metric}`);
		for (const filters of [{}, ...options.map((name) => ({ events: [name] })), { objectTypes: [type] }, { metrics: [metric] }]) {
			expect({ filters, decision: pass(type, metric, filters) }).toMatchObject({
				filters,
				decision: { kind: 'emit', item: { object_type: type, metric, channel: type === 'customer' ? null : type } },
			});
		}
	});

	it('lets subscription changes from any channel through the Customer filters, and a workflow saved with the old value too', () => {
		for (const [type, metric] of PAIRS.filter(([, m]) => m in PERSON_EVENT)) {
			for (const filters of [{ events: [PERSON_EVENT[metric]] }, { objectTypes: ['customer'] }]) {
				expect({ type, metric, filters, kind: pass(type, metric, filters).kind }).toEqual({ type, metric, filters, kind: 'emit' });
			}
		}
		for (const [type] of PAIRS.filter(([, m]) => m === 'cio_subscription_preferences_changed')) {
			expect(pass(type, 'cio_subscription_preferences_changed', { events: ['customer_cio_subscription_preferences_changed'] }).kind).toBe('emit');
		}
	});

	it('still drops message events under a Customer filter', () => {
		for (const [type, metric] of PAIRS.filter(([, m]) => !(m in PERSON_EVENT))) {
			const filters = { events: Object.values(PERSON_EVENT), objectTypes: ['customer'] };
			expect(pass(type, metric, { events: filters.events })).toEqual({ kind: 'ignore', reason: 'filtered out by events' });
			expect(pass(type, metric, { objectTypes: filters.objectTypes })).toEqual({ kind: 'ignore', reason: 'filtered out by object types' });
		}
	});
});
