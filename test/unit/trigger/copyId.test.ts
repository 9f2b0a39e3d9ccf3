import { CustomerIoLifecycleTrigger } from '../../../nodes/CustomerIoLifecycleTrigger/CustomerIoLifecycleTrigger.node';
import { makeReportingEvent, signedHeaders } from '../../simulator';
import { webhookContext } from './contexts';
import { KEY, run, settings, signed } from './requests';

/**
 * The closed loop's exact join starts here: the journey writes AI Personalize's copy_id into a
 * custom email header and into the CTA link; Customer.io reports the header in `email_sent`'s
 * `data.headers` (map of header name → list of values, only with "Body Content" on) and the link
 * in `email_clicked`'s `data.href`. The trigger puts it on the item as `copy_id`.
 */
const emitted = (event: object, over = {}) => {
	const decision = run(signed(JSON.stringify(event)), settings(over));
	if (decision.kind !== 'emit') throw new Error(`not emitted: ${JSON.stringify(decision)}`);
	return decision.item;
};

describe('copy_id from a sent email\'s headers', () => {
	it('reads the X-Cio-Copy-Id header of email_sent (Body Content on), whatever case Customer.io reports its name in', () => {
		const sent = makeReportingEvent('email', 'sent', { content: '<html>…</html>', headers: { 'X-Cio-Copy-Id': ['welcome-b'] } });
		expect(emitted(sent)).toMatchObject({ event: 'email_sent', delivery_id: sent.data.delivery_id, copy_id: 'welcome-b' });
		expect(emitted(makeReportingEvent('email', 'sent', { headers: { 'x-cio-copy-id': [' welcome-a '] } })).copy_id).toBe('welcome-a');
	});

	it('gives null without the header, without Body Content, or for an empty value (a person the journey never served)', () => {
		expect(emitted(makeReportingEvent('email', 'sent')).copy_id).toBeNull();
		expect(emitted(makeReportingEvent('email', 'sent', { headers: { Customheader1: ['customvalue1'] } })).copy_id).toBeNull();
		expect(emitted(makeReportingEvent('email', 'sent', { headers: { 'X-Cio-Copy-Id': [''] } })).copy_id).toBeNull();
		expect(emitted(makeReportingEvent('email', 'sent', { headers: { 'X-Cio-Copy-Id': ['x'.repeat(101)] } })).copy_id).toBeNull();
	});

	it('reads another header name when set, and none when emptied', () => {
		const sent = makeReportingEvent('email', 'sent', { headers: { 'X-Variant': ['welcome-b'], 'X-Cio-Copy-Id': ['welcome-a'] } });
		expect(emitted(sent, { copyIdSources: { header: 'x-variant', linkParameter: 'cio_copy' } }).copy_id).toBe('welcome-b');
		expect(emitted(sent, { copyIdSources: { header: '', linkParameter: 'cio_copy' } }).copy_id).toBeNull();
	});
});

describe('copy_id from a clicked link', () => {
	it('reads the cio_copy parameter of email_clicked\'s href', () => {
		const click = makeReportingEvent('email', 'clicked', { href: 'https://example.com/start?utm_source=cio&cio_copy=welcome-b#top' });
		expect(emitted(click)).toMatchObject({ event: 'email_clicked', copy_id: 'welcome-b' });
	});

	it('gives null for a link without the parameter, with it emptied, or a link that is no absolute URL', () => {
		expect(emitted(makeReportingEvent('email', 'clicked', { href: 'https://example.com/pricing' })).copy_id).toBeNull();
		expect(emitted(makeReportingEvent('email', 'clicked', { href: 'https://example.com/?cio_copy=' })).copy_id).toBeNull();
		expect(emitted(makeReportingEvent('email', 'clicked', { href: '/relative?cio_copy=welcome-b' })).copy_id).toBeNull();
		const click = makeReportingEvent('email', 'clicked', { href: 'https://example.com/?cio_copy=welcome-b' });
		expect(emitted(click, { copyIdSources: { header: 'X-Cio-Copy-Id', linkParameter: '' } }).copy_id).toBeNull();
	});

	it('is null on events that carry neither (delivered, opened …): those join through delivery_id', () => {
		expect(emitted(makeReportingEvent('email', 'delivered')).copy_id).toBeNull();
		expect(emitted(makeReportingEvent('email', 'opened')).copy_id).toBeNull();
	});
});

describe('Copy ID options in the node', () => {
	const trigger = new CustomerIoLifecycleTrigger();
	const sent = JSON.stringify(makeReportingEvent('email', 'sent', { headers: { 'X-Campaign-Copy': ['welcome-b'] } }));
	const call = (options: Record<string, unknown>) =>
		webhookContext({ rawBody: sent, headers: signedHeaders(KEY, sent) }, { parameters: { options }, credentials: { customerIoLifecycleApi: { signingKey: KEY } } });

	it('uses the header named in the options', async () => {
		const result = await trigger.webhook.call(call({ copyIdHeader: 'X-Campaign-Copy' }).ctx);
		expect(result.workflowData?.[0][0].json.copy_id).toBe('welcome-b');
	});

	it('refuses a header name or link parameter that cannot be one, naming the option', async () => {
		await expect(trigger.webhook.call(call({ copyIdHeader: 'X Cio: Copy' }).ctx)).rejects.toThrow('Copy ID Header is not usable');
		await expect(trigger.webhook.call(call({ copyIdLinkParameter: 'a&b' }).ctx)).rejects.toThrow('Copy ID Link Parameter is not usable');
	});
});
