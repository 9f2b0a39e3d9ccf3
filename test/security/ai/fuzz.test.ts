import { MAX_BLOCK_MS } from '../../helpers/eventLoopProbe';
import { body, call, modelAnswering, warmUp, type Call } from './harness';

/**
 * Whatever arrives, the caller gets a 200 with copy or a 400 naming the problem, never a 500
 * (a throw from webhook()), and the event loop is never blocked. One line per input, so a
 * failure names the input. Statuses: 400 for requests the node cannot use, 200 (fallback copy)
 * for any misbehaviour of the chat model.
 */
beforeAll(warmUp);

const wrongTypes = [1, true, null, [], {}, 'x'.repeat(201)];
const fieldCases: Array<[string, string]> = ['template_id', 'user_id', 'tracking_id', 'attrs', 'fields'].flatMap((field) =>
	wrongTypes.map((value): [string, string] => [`${field} = ${JSON.stringify(value).slice(0, 12)}`, body({ [field]: value })]),
);
/** Wrong types that are still usable requests: a number user_id, empty attrs or fields. */
const usable = new Set(['user_id = 1', 'attrs = {}', 'fields = {}']);

const requests: Array<[string, Call, number]> = [
	...fieldCases.map(([name, raw]): [string, Call, number] => [name, { raw }, usable.has(name) ? 200 : 400]),
	['empty body', { raw: '' }, 400],
	['whitespace', { raw: ' \n\t ' }, 400],
	['null', { raw: 'null' }, 400],
	['an array', { raw: '[]' }, 400],
	['a string', { raw: '"welcome"' }, 400],
	['a number', { raw: '42' }, 400],
	['truncated JSON', { raw: body().slice(0, 30) }, 400],
	['a byte-order mark before the JSON', { raw: `\uFEFF${body()}` }, 400],
	['form-urlencoded', { raw: 'template_id=welcome&user_id=u-1', headers: { 'x-api-key': 'ai-personalize-shared-secret-7', 'content-type': 'application/x-www-form-urlencoded' } }, 400],
	['XML', { raw: '<template_id>welcome</template_id>' }, 400],
	['binary', { raw: Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)) }, 400],
	['NUL bytes', { raw: body({ fields: { note: '\u0000'.repeat(100) } }) }, 200],
	['lone surrogates and emoji', { raw: body({ user_id: '\ud800😀\udfff', fields: { first_name: '\udc00Ada\ud83d' } }) }, 200],
	['right-to-left and zero-width text', { raw: body({ user_id: '\u202Eu-1\u200B', fields: { first_name: 'אדה\u200D' } }) }, 200],
	['an emoji template_id', { raw: body({ template_id: '👋' }) }, 400],
	['__proto__ and constructor keys', { raw: '{"template_id":"welcome","user_id":"u","attrs":{"__proto__":"x","plan":"pro"},"fields":{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}}' }, 200],
	['template_id __proto__', { raw: body({ template_id: '__proto__' }) }, 400],
	['2,000 levels of nesting', { raw: `{"template_id":"welcome","user_id":"u","fields":${'['.repeat(2000)}${']'.repeat(2000)}}` }, 400],
	['1,990 array items', { raw: body({ fields: { list: Array(1990).fill('a@b.cc') } }) }, 200],
	['a request n8n could not read', { raw: '', request: { rawBody: undefined, readRawBody: async () => Promise.reject(new Error('request aborted')) } }, 400],
	['a request n8n read as nothing', { raw: '', request: { rawBody: undefined } }, 400],
	['headers as arrays', { raw: body(), headers: { 'x-api-key': ['ai-personalize-shared-secret-7', 'x'] } }, 200],
];

const models: Array<[string, unknown]> = [
	['a model rejecting with undefined', { invoke: async () => Promise.reject(undefined) }],
	['a model rejecting with null', { invoke: async () => Promise.reject(null) }],
	['a model throwing a string', { invoke: () => { throw 'quota exceeded'; } }],
	['a model throwing before its promise', { invoke: () => { throw new Error('boom'); } }],
	['a model answering undefined', { invoke: async () => undefined }],
	['a model answering null', { invoke: async () => null }],
	['a model answering a number', modelAnswering(42)],
	['a model answering odd content parts', modelAnswering([null, 1, { text: null }, { text: '{' }])],
	['a model answering an object as content', modelAnswering({ subject: 'x' })],
	['a model answering numbers as vars', modelAnswering(JSON.stringify({ subject: 1, preheader: 2, body: 3, cta: 4 }))],
	['a model answering a __proto__ key', modelAnswering('{"__proto__":{"polluted":1},"subject":"s","preheader":"p","body":"b","cta":"c"}')],
	['a model without invoke', {}],
	['a chat model input that yields a number', 42],
	['a chat model input that fails with undefined', () => Promise.reject(undefined)],
];

it('answers every request 200 or 400, never 500, without blocking the event loop', async () => {
	const seen: string[] = [];
	for (const [name, input] of requests) {
		const result = await call(input);
		const answered = result.threw ? `500 (${result.threw.message})` : `${result.status} ${result.status === 400 ? typeof result.body?.error : typeof result.body?.vars}`;
		seen.push(`${name}: ${answered}${result.blockedMs < MAX_BLOCK_MS ? '' : `, blocked ${Math.round(result.blockedMs)} ms`}`);
	}
	expect(seen).toEqual(requests.map(([name, , status]) => `${name}: ${status} ${status === 400 ? 'string' : 'object'}`));
	expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

it('answers fallback copy whatever the chat model does, never 500', async () => {
	const seen: string[] = [];
	for (const [name, model] of models) {
		const result = await call({ raw: body(), model });
		const answered = result.threw ? `500 (${result.threw.message})` : `${result.status} ${result.body?.source}`;
		seen.push(`${name}: ${answered}${result.blockedMs < MAX_BLOCK_MS ? '' : `, blocked ${Math.round(result.blockedMs)} ms`}`);
	}
	expect(seen).toEqual(models.map(([name]) => `${name}: 200 fallback`));
	expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});
