import type { N8n } from '../../test/e2e/harness/n8n';
import { code, customerIo, manualTrigger, workflow } from '../../test/e2e/harness/workflows';
import { people } from './anchors';

/**
 * Our node as users chain it: People → Identify → Track, the same people and event as the
 * anchors (bench/cases/anchors.ts), through the same TLS front with Region "US".
 * - `fast`: node 1.1 as the editor creates it; each output item keeps the person's fields, so
 *   Track maps `{{ $json.id }}` and the attributes are mapped field by field (drag and drop).
 * - `reach-back`: node 1.0 (output = result only), so Track must reach back to the People node
 *   with `{{ $('People').item.json.id }}`, which n8n evaluates with a paired-item lookup per item.
 * `per-item` turns batching off and sends one request at a time, as the built-in node does.
 */
export type ChainMapping = 'fast' | 'reach-back';

export async function createChainWorkflow(
	n8n: N8n,
	credential: { id: string; name: string },
	count: number,
	mapping: ChainMapping,
	mode: 'batch' | 'per-item' = 'batch',
): Promise<string> {
	const fast = mapping === 'fast';
	const person = fast ? '={{ $json.id }}' : "={{ $('People').item.json.id }}";
	const sending = mode === 'batch' ? { batching: true, concurrency: 8 } : { batching: false, concurrency: 1 };
	const extra = { typeVersion: fast ? 1.1 : 1 };
	const wf = await n8n.createWorkflow(
		workflow(
			`bench chain ${mapping} ${mode} ${count}`,
			[
				manualTrigger(),
				code('People', people(count)),
				customerIo(
					'Identify',
					credential,
					{
						resource: 'person',
						operation: 'identify',
						identifierType: 'id',
						identifier: '={{ $json.id }}',
						attributesUi: { pair: [{ name: 'email', value: '={{ $json.email }}' }, { name: 'plan', value: '={{ $json.plan }}' }] },
						...sending,
					},
					extra,
				),
				customerIo('Track', credential, { resource: 'event', operation: 'track', identifierType: 'id', identifier: person, eventName: 'bench_event', ...sending }, extra),
			],
			['Manual Trigger', 'People', 'Identify', 'Track'],
		),
	);
	return wf.id;
}
