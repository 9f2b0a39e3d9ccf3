import type { IDataObject } from 'n8n-workflow';
import { CustomerIoAiResults } from '../../nodes/CustomerIoAiResults/CustomerIoAiResults.node';
import { fakeExecuteContext } from './fakeExecuteContext';

const node = new CustomerIoAiResults();

/** Runs the node on `items` with `parameters`, the workflow's static data and an execution mode ('manual' for test runs). */
export async function runAiResults(parameters: Record<string, unknown>, items: object[], staticData: IDataObject = {}, mode = 'trigger') {
	const binaries: Array<{ data: Buffer; fileName?: string; mimeType?: string }> = [];
	const ctx = fakeExecuteContext({
		credentials: {},
		parameters,
		items,
		extra: {
			getMode: () => mode,
			getWorkflowStaticData: (type: string) => {
				expect(type).toBe('global');
				return staticData;
			},
			helpers: {
				prepareBinaryData: async (data: Buffer, fileName?: string, mimeType?: string) => {
					binaries.push({ data, fileName, mimeType });
					return { data: data.toString('base64'), fileName, mimeType, fileExtension: 'svg' };
				},
			},
		},
	});
	const [out] = await node.execute.call(ctx);
	return { out, staticData, binaries };
}
