import { runNode, runNodeError } from '../../helpers/runNode';
import { simulatorPerFile } from '../../helpers/simulatorPerFile';

/** Transactional → Send Email / Push / SMS: required fields, limits, attachments, no double sends. */
const { sim, ws } = simulatorPerFile();

const pdf = Buffer.from('%PDF-1.4 invoice 42 \u00e9\u00e8 binary \u0000\u0001\u0002');

function email(params: Record<string, unknown> = {}, binary?: Record<string, { data: string; fileName?: string; mimeType: string }>) {
	return {
		credentials: sim.credentialFor(ws),
		items: [{ json: { id: '42' }, binary }],
		parameters: {
			resource: 'transactional',
			operation: 'sendEmail',
			messageId: '7',
			identifierType: 'id',
			identifier: '42',
			to: 'ada@example.com',
			messageData: '{"order": 42}',
			emailOptions: {},
			...params,
		},
	};
}

describe('Transactional → Send Email', () => {
	it('sends and returns the delivery id', async () => {
		const [item] = await runNode(email());
		expect(item.json).toMatchObject({ delivery_id: expect.any(String), status: 200 });
		const [delivery] = sim.deliveries('client-a').slice(-1);
		expect(delivery).toMatchObject({ kind: 'email' });
		expect(sim.requests[0].body).toMatchObject({
			transactional_message_id: 7,
			identifiers: { id: '42' },
			to: 'ada@example.com',
			message_data: { order: 42 },
		});
	});

	it('accepts a trigger name instead of a numeric id', async () => {
		await runNode(email({ messageId: 'password_reset' }));
		expect(sim.requests[0].body).toMatchObject({ transactional_message_id: 'password_reset' });
	});

	it('sends to the person\'s email when To is empty and they are identified by email (Customer.io requires `to`)', async () => {
		await runNode(email({ to: '', identifierType: 'email', identifier: 'ada@example.com' }));
		expect(sim.requests[0].body).toMatchObject({ identifiers: { email: 'ada@example.com' }, to: 'ada@example.com' });
	});

	it('attaches binary properties, base64-encoded, byte for byte', async () => {
		const [item] = await runNode(
			email({ emailOptions: { attachments: 'invoice' } }, {
				invoice: { data: pdf.toString('base64'), fileName: 'invoice.pdf', mimeType: 'application/pdf' },
			}),
		);
		const sent = sim.requests[0].body as { attachments: Record<string, string> };
		expect(Buffer.from(sent.attachments['invoice.pdf'], 'base64').equals(pdf)).toBe(true);
		// The output names attachments and sizes, not their content.
		expect((item.json.sent as { attachments: unknown }).attachments).toEqual({ 'invoice.pdf': `${pdf.length} bytes` });
	});

	it('refuses 2 MB of attachments before sending', async () => {
		const big = Buffer.alloc(2 * 1024 * 1024, 1).toString('base64');
		const error = await runNodeError(
			email({ emailOptions: { attachments: 'big' } }, { big: { data: big, fileName: 'big.bin', mimeType: 'application/octet-stream' } }),
		);
		expect(error.message).toBe('Item 0: attachments are 2097152 bytes; Customer.io accepts less than 2097152 (2 MB) in all');
		expect(sim.requests).toHaveLength(0);
	});

	it.each([
		['16 recipients', { to: Array.from({ length: 16 }, (_, i) => `u${i}@example.com`).join(',') }, 'Item 0: To: has 16 recipients; Customer.io allows at most 15'],
		['a recipient that is not an address', { to: 'ada@example.com, nope' }, 'Item 0: To: contains something that is not an email address'],
		['no To for a person identified by ID (Customer.io requires `to`)', { to: '' }, 'Item 0: To is empty'],
		['no message', { messageId: ' ' }, 'Item 0: Transactional Message: is empty: enter the message ID or trigger name'],
		['message data that is not JSON', { messageData: '{order' }, 'Item 0: Message Data is not valid JSON'],
		['a send time over 90 days ahead', { emailOptions: { sendAt: String(Math.floor(Date.now() / 1000) + 91 * 86400) } }, 'Item 0: Send At: is more than 90 days ahead; Customer.io schedules at most 90 days out'],
	])('refuses %s before sending', async (_label, params, message) => {
		const error = await runNodeError(email(params));
		expect(error.message).toBe(message);
		expect(sim.requests).toHaveLength(0);
	});

	it('never sends twice when the answer to a send is lost', async () => {
		sim.injectFault({ api: 'app', path: '/v1/send/email', status: 503, times: 1 });
		const before = sim.deliveries('client-a').length;
		const [item] = await runNode({ ...email(), continueOnFail: true });
		expect(item.json.status).toBe(503);
		expect(sim.requests).toHaveLength(1);
		expect(sim.deliveries('client-a')).toHaveLength(before);
	});
});

describe('Transactional → Send Push / SMS', () => {
	it('sends a push to one device token', async () => {
		await runNode({
			credentials: sim.credentialFor(ws),
			parameters: {
				resource: 'transactional',
				operation: 'sendPush',
				messageId: '9',
				identifierType: 'id',
				identifier: '42',
				messageData: '{}',
				pushTo: 'token',
				deviceToken: 'device-abc',
				pushOptions: { title: 'Hi', customData: '{"deep": "link"}' },
			},
		});
		expect(sim.requests[0]).toMatchObject({
			path: '/v1/send/push',
			body: { to: 'device-abc', title: 'Hi', custom_data: { deep: 'link' }, transactional_message_id: 9 },
		});
	});

	it('sends an SMS to an E.164 number and refuses anything else', async () => {
		const sms = (smsTo: string) => ({
			credentials: sim.credentialFor(ws),
			parameters: {
				resource: 'transactional',
				operation: 'sendSms',
				messageId: '11',
				identifierType: 'id',
				identifier: '42',
				messageData: '{}',
				smsTo,
				smsOptions: {},
			},
		});
		const [item] = await runNode(sms('+14155550100'));
		expect(item.json.delivery_id).toEqual(expect.any(String));
		const error = await runNodeError(sms('0415 555 0100'));
		expect(error.message).toBe('Item 0: To (Phone Number): must be an E.164 phone number such as +14155550100');
	});
});
