import { MAX_BLOCK_MS } from '../../helpers/eventLoopProbe';
import { body, call, warmUp } from './harness';

/**
 * A template_id from the request is looked up among the node's own templates only: names that
 * every JavaScript object inherits used to find Object.prototype members and end in a 500. An
 * unknown template is a 400 that does not tell the caller which templates exist.
 */
beforeAll(warmUp);

const inherited = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', '__defineGetter__', '__lookupSetter__'];

it.each([...inherited, 'winback'])('template_id %j: 400 unknown template, naming none of the node\'s templates', async (templateId) => {
	const result = await call({ raw: body({ template_id: templateId }) });
	expect(result.threw).toBeUndefined();
	expect(result).toMatchObject({ status: 400, body: { error: `template_id: unknown template "${templateId}"; use a template_id defined in the node's Templates` } });
	expect(JSON.stringify(result.body)).not.toContain('welcome');
	expect(result.blockedMs).toBeLessThan(MAX_BLOCK_MS);
});
