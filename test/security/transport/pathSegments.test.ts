import { simulatorPerFile } from '../../helpers/simulatorPerFile';
import { runInN8n } from './n8n';

/**
 * Attack: a Person Identifier that URL normalisation rewrites moves the request to another
 * endpoint. encodeURIComponent leaves "." and ".." alone, so `/customers/../events` became
 * `POST /api/v1/events` (the anonymous-event endpoint) and `/customers/../attributes` became
 * `GET /v1/attributes`. Such identifiers are refused per item, in every operation (batch
 * included: a person called ".." could never be read or deleted one by one); anything else —
 * `%2e%2e`, slashes, backslashes, `?`, `#` — is encoded so that it stays one path segment.
 */
const { sim, ws } = simulatorPerFile({ appRateLimitPerSecond: false });

const operations: Record<string, Record<string, unknown>> = {
	'Track, one by one': { resource: 'event', operation: 'track', eventName: 'purchased', batching: false },
	'Track, batched': { resource: 'event', operation: 'track', eventName: 'purchased' },
	'Identify, one by one': { resource: 'person', operation: 'identify', batching: false },
	'Identify, batched': { resource: 'person', operation: 'identify' },
	'Delete, one by one': { resource: 'person', operation: 'delete', batching: false },
	'Get Attributes': { resource: 'person', operation: 'getAttributes' },
	'Send Email': { resource: 'transactional', operation: 'sendEmail', messageId: '7', to: 'ada@example.com' },
};
const dotSegments: Array<[string, string]> = [
	['.', 'id'],
	['..', 'id'],
	[' .. ', 'id'],
	['..', 'email'],
	['.', 'cio_id'],
	['..', 'cio_id'],
];
/** Values of the same family that are fine: encoded, each stays exactly one path segment. */
const harmless = ['%2e%2e', '%2E.', '.%2e', '..%2f', '..\\', '\\..', 'a/../b', '../x', '...', '. .', '..;', '/', '//', '?x=1', '#top', 'a\\b', '%00', 'ad@x.io/..'];
const cases = Object.entries(operations).flatMap(([label, parameters], o) =>
	dotSegments.map(([identifier, identifierType], d) => {
		const k = (o * dotSegments.length + d) * 2;
		const goods = [harmless[k % harmless.length], harmless[(k + 1) % harmless.length]];
		return [label, JSON.stringify(identifier), identifierType, parameters, identifier, goods] as const;
	}),
);

/** The identifiers that reached Customer.io: decoded from the path, or read from the body. */
function identifiersReached(identifierType: string): string[] {
	return sim.requests.flatMap((r) => {
		const body = r.body as { batch?: Array<{ identifiers: Record<string, string> }>; identifiers?: Record<string, string> };
		if (r.path === '/api/v2/batch') return body.batch!.map((op) => Object.values(op.identifiers)[0]);
		if (r.path.startsWith('/v1/send/')) return [Object.values(body.identifiers!)[0]];
		const segment = /^\/(?:api\/)?v1\/customers\/([^/]+)(?:\/events|\/attributes)?$/.exec(r.path)?.[1];
		if (segment === undefined) return [`another route: ${r.method} ${r.path}`];
		const value = decodeURIComponent(segment);
		return [identifierType === 'cio_id' && r.api === 'track' ? value.replace(/^cio_/, '') : value];
	});
}

describe('identifiers that would change the request path are refused per item; the rest stay one segment', () => {
	it.each(cases)('%s with identifier %s (%s): nothing is sent for it, the other items reach their own route', async (_label, _shown, identifierType, parameters, identifier, goods) => {
		const ids = [goods[0], identifier, goods[1]];
		const { output } = await runInN8n({
			credentials: sim.credentialFor(ws),
			items: ids.map((id) => ({ id })),
			continueOnFail: true,
			parameters: { ...parameters, identifierType, identifier: (i: number) => ids[i] },
		});
		expect(output?.[1].json.error).toBe(`Item 1: Person Identifier "${identifier.trim()}" would change the request path (URLs read it as "this/parent folder")`);
		expect(output?.[1].json.description).toMatch(/cannot be "\." or "\.\."/);
		expect([output?.[0].json.error, output?.[2].json.error]).toEqual([undefined, undefined]);
		expect(identifiersReached(identifierType).sort()).toEqual([...goods].sort());
	});

	it('stops the node before anything is sent (On Error: Stop)', async () => {
		const { error } = await runInN8n({
			credentials: sim.credentialFor(ws),
			items: [{ id: 'good-1' }, { id: '..' }],
			parameters: { ...operations['Track, one by one'], identifierType: 'id', identifier: (i: number) => ['good-1', '..'][i] },
		});
		expect(error?.message).toBe('Item 1: Person Identifier ".." would change the request path (URLs read it as "this/parent folder")');
		expect(sim.requests).toEqual([]);
	});
});
