import { sentProblems } from '../../helpers/officialTrack';
import { runNode, runNodeError } from '../../helpers/runNode';
import { simulatorPerFile } from '../../helpers/simulatorPerFile';

/**
 * Object → Identify / Delete / Add Relationships / Delete Relationships against the simulator:
 * Track v2 object operations in `/batch` (or one by one through `/entity`), checked against the
 * official Track schema; bad input refused before anything is sent.
 */
const { sim, ws } = simulatorPerFile();

const expectOfficialRequests = () => expect(sim.requests.flatMap((r) => sentProblems(r))).toEqual([]);
const routes = () => sim.requests.map((r) => `${r.method} ${r.path}`);

function objectRun(operation: string, rows: Array<Record<string, unknown>>, params: Record<string, unknown> = {}) {
	return {
		credentials: sim.credentialFor(ws),
		items: rows,
		parameters: {
			resource: 'object',
			operation,
			objectTypeId: '1',
			objectId: (i: number) => rows[i].company,
			...params,
		},
	};
}

const companies = [
	{ company: 'acme', name: 'Acme', seats: 50 },
	{ company: 'globex', name: 'Globex', seats: 12 },
	{ company: 'initech', name: 'Initech', seats: 3 },
];

const identify = (rows = companies, params: Record<string, unknown> = {}) =>
	objectRun('identify', rows, {
		objectAttributesUi: (i: number) => ({ pair: [{ name: 'name', value: rows[i].name }] }),
		objectAttributesJson: (i: number) => ({ seats: rows[i].seats }),
		...params,
	});

/** Relationships of person rows `{who, company}` (identified by id), with a role when adding. */
const relate = (operation: 'addRelationships' | 'deleteRelationships', rows: Array<{ who: string; company: string; role?: string }>, params: Record<string, unknown> = {}) =>
	objectRun(operation, rows, {
		identifierType: 'id',
		identifier: (i: number) => rows[i].who,
		...(operation === 'addRelationships'
			? { relationshipAttributesUi: (i: number) => ({ pair: rows[i].role ? [{ name: 'role', value: rows[i].role }] : [] }), relationshipAttributesJson: '{}' }
			: {}),
		...params,
	});

const related = (company: string) => sim.relationships('client-a', '1', company).map((r) => [r.person.id, r.attributes]);

describe('Object → Identify', () => {
	it('creates objects in one v2 batch with their attributes, one paired output item each', async () => {
		const output = await runNode(identify());
		expect(routes()).toEqual(['POST /api/v2/batch']);
		expect(output[0]).toMatchObject({
			json: {
				identifier: { object_type_id: '1', object_id: 'acme' },
				sent: { type: 'object', identifiers: { object_type_id: '1', object_id: 'acme' }, action: 'identify', attributes: { seats: 50, name: 'Acme' } },
				status: 200,
				via: 'batch',
			},
			pairedItem: { item: 0 },
		});
		expect(sim.object('client-a', '1', 'initech')?.attributes).toEqual({ name: 'Initech', seats: 3 });
		expectOfficialRequests();
	});

	it('with batching off, sends one /entity call per item; an empty value removes an attribute', async () => {
		await runNode(identify([{ company: 'hooli', name: 'Hooli', seats: 7 }]));
		sim.clearRequests();
		await runNode(identify([{ company: 'hooli', name: '', seats: 8 }], { batching: false }));
		expect(routes()).toEqual(['POST /api/v2/entity']);
		expect(sim.object('client-a', '1', 'hooli')?.attributes).toEqual({ seats: 8 });
		expectOfficialRequests();
	});

	it.each([
		['an object type that is not a number', { objectTypeId: 'Companies' }, "Item 0: Object Type ID: must be the object type's number, such as 1 (Customer.io → Settings → Workspace Settings → Custom Objects)"],
		['an object ID over 150 characters', { objectId: 'é'.repeat(151) }, 'Item 0: Object ID: is 151 characters; Customer.io allows at most 150'],
		['an empty object ID', { objectId: '  ' }, 'Item 0: Object ID: is empty'],
		['the reserved attribute "relationship"', { objectAttributesJson: { relationship: 'x' } }, 'Item 0: Object Attributes.relationship: is reserved by Customer.io: use another name'],
		['an attribute value over 1000 bytes', { objectAttributesJson: { bio: 'b'.repeat(1001) } }, 'Item 0: Object Attributes.bio: value is 1001 bytes; at most 1000'],
		[
			'an operation over 32 KB (no v1 call could take it)',
			{ objectAttributesJson: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`a${i}`, 'v'.repeat(900)])) },
			/^Item 0: the operation is \d+ bytes of JSON; Customer.io's Track v2 takes at most 32768 per operation$/,
		],
	])('refuses %s before sending', async (_label, params, message) => {
		const error = await runNodeError(identify([companies[0]], params));
		expect(error.message).toEqual(typeof message === 'string' ? message : expect.stringMatching(message));
		expect(sim.requests).toHaveLength(0);
	});

	it('takes an object ID ≤150 characters of several bytes each (the limit is in characters)', async () => {
		await runNode(identify([companies[0]], { objectId: 'é'.repeat(150) }));
		expect(sim.object('client-a', '1', 'é'.repeat(150))).toBeDefined();
	});

	it('maps a 207 back to the item it names', async () => {
		sim.injectFault({ api: 'track', path: '/api/v2/batch', status: 207, body: { errors: [{ batch_index: 2, reason: 'invalid', field: 'identifiers', message: 'object type does not exist' }] } });
		const output = await runNode({ ...identify(), continueOnFail: true });
		expect(output.map((o) => o.json.error ?? null)).toEqual([null, null, 'Item 2: Customer.io rejected this item: identifiers: object type does not exist']);
	});
});

describe('Object → Delete', () => {
	it('deletes objects in a batch (and their relationships), or one by one through /entity', async () => {
		await runNode(identify());
		await runNode(relate('addRelationships', [{ who: 'emp-1', company: 'acme' }]));
		sim.clearRequests();
		await runNode(objectRun('delete', [{ company: 'acme' }, { company: 'globex' }]));
		await runNode(objectRun('delete', [{ company: 'initech' }], { batching: false }));
		expect(routes()).toEqual(['POST /api/v2/batch', 'POST /api/v2/entity']);
		for (const company of ['acme', 'globex', 'initech']) expect(sim.object('client-a', '1', company)).toBeUndefined();
		expect(related('acme')).toEqual([]);
		expectOfficialRequests();
	});

	it('refuses a bad object type before sending, and maps a 207 back to its item', async () => {
		const error = await runNodeError(objectRun('delete', [{ company: 'x' }], { objectTypeId: '0' }));
		expect(error.message).toMatch(/^Item 0: Object Type ID: must be the object type's number/);
		sim.injectFault({ api: 'track', path: '/api/v2/batch', status: 207, body: { errors: [{ batch_index: 0, reason: 'invalid', message: 'nope' }] } });
		const output = await runNode({ ...objectRun('delete', [{ company: 'a' }, { company: 'b' }]), continueOnFail: true });
		expect(output.map((o) => Boolean(o.json.error))).toEqual([true, false]);
	});
});

describe('Object → Add Relationships / Delete Relationships', () => {
	it('relates each item\'s person to its object with relationship attributes, in one batch', async () => {
		const output = await runNode(
			relate('addRelationships', [
				{ who: 'ann', company: 'umbrella', role: 'admin' },
				{ who: 'bob', company: 'umbrella' },
				{ who: 'cy', company: 'wayne', role: 'billing' },
			]),
		);
		expect(routes()).toEqual(['POST /api/v2/batch']);
		expect(output[0].json).toMatchObject({
			identifier: { object_type_id: '1', object_id: 'umbrella', person: { type: 'id', value: 'ann' } },
			sent: { type: 'object', identifiers: { object_type_id: '1', object_id: 'umbrella' }, action: 'add_relationships', cio_relationships: [{ identifiers: { id: 'ann' }, relationship_attributes: { role: 'admin' } }] },
		});
		expect(output[1].json.sent).toEqual({ type: 'object', identifiers: { object_type_id: '1', object_id: 'umbrella' }, action: 'add_relationships', cio_relationships: [{ identifiers: { id: 'bob' } }] });
		expect(related('umbrella')).toEqual([['ann', { role: 'admin' }], ['bob', {}]]);
		expect(related('wayne')).toEqual([['cy', { role: 'billing' }]]);
		expectOfficialRequests();
	});

	it('with batching off, sends one /entity call per item; Delete Relationships ends only that person\'s relationship', async () => {
		await runNode(relate('addRelationships', [{ who: 'dee', company: 'stark' }, { who: 'eve', company: 'stark' }], { batching: false }));
		await runNode(relate('deleteRelationships', [{ who: 'dee', company: 'stark' }]));
		expect(routes()).toEqual(['POST /api/v2/entity', 'POST /api/v2/entity', 'POST /api/v2/batch']);
		expect(sim.requests[2].body).toEqual({ batch: [{ type: 'object', identifiers: { object_type_id: '1', object_id: 'stark' }, action: 'delete_relationships', cio_relationships: [{ identifiers: { id: 'dee' } }] }] });
		expect(related('stark')).toEqual([['eve', {}]]);
		expectOfficialRequests();
	});

	it.each([
		['an empty person identifier', { identifier: '' }, 'Item 0: Person Identifier is empty'],
		['a relationship attribute value over 1000 bytes', { relationshipAttributesJson: { note: 'n'.repeat(1001) } }, 'Item 0: Relationship Attributes.note: value is 1001 bytes; at most 1000'],
		['relationship attributes that are not an object', { relationshipAttributesJson: '[1]' }, 'Item 0: Relationship Attributes (JSON) must be a JSON object'],
	])('refuses %s before sending', async (_label, params, message) => {
		const error = await runNodeError(relate('addRelationships', [{ who: 'x', company: 'acme' }], params));
		expect(error.message).toBe(message);
		expect(sim.requests).toHaveLength(0);
	});

	it.each(['addRelationships', 'deleteRelationships'] as const)('%s: maps a 207 back to the item it names', async (operation) => {
		sim.injectFault({ api: 'track', path: '/api/v2/batch', status: 207, body: { errors: [{ batch_index: 1, reason: 'invalid', field: 'cio_relationships', message: 'person is suppressed' }] } });
		const output = await runNode({ ...relate(operation, [{ who: 'f', company: 'acme' }, { who: 'g', company: 'acme' }]), continueOnFail: true });
		expect(output.map((o) => o.json.error ?? null)).toEqual([null, 'Item 1: Customer.io rejected this item: cio_relationships: person is suppressed']);
	});
});
