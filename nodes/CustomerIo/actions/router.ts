import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';
import { CustomerIoClient } from '../../shared/transport/client';
import * as trackEvent from './event/track.operation';
import * as identifyPerson from './person/identify.operation';

type Operation = (this: IExecuteFunctions, client: CustomerIoClient, itemIndex: number) => Promise<IDataObject>;

const OPERATIONS: Record<string, Operation> = {
	'person.identify': identifyPerson.execute,
	'event.track': trackEvent.execute,
};

/**
 * Runs the chosen operation for every item. Each output item is paired with its input; with
 * "Continue On Fail" a failed item becomes `{error, status, item}` and the others go on.
 */
export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const run = OPERATIONS[`${resource}.${operation}`];
	if (!run) {
		throw new NodeOperationError(this.getNode(), `Unsupported operation "${resource} → ${operation}"`, {
			description: 'Pick a resource and operation from the lists in this node.',
		});
	}
	const client = await CustomerIoClient.create(this);
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const json = await run.call(this, client, itemIndex);
			output.push({ json, pairedItem: { item: itemIndex } });
		} catch (error) {
			// Operations throw n8n errors; anything else is wrapped so the UI still shows the item.
			const nodeError =
				error instanceof NodeApiError || error instanceof NodeOperationError
					? error
					: new NodeOperationError(this.getNode(), error as Error, { itemIndex });
			if (!this.continueOnFail()) throw nodeError;
			output.push({
				json: {
					error: nodeError.message,
					description: nodeError.description ?? null,
					status: nodeError instanceof NodeApiError ? nodeError.httpCode : null,
					item: itemIndex,
				},
				pairedItem: { item: itemIndex },
			});
		}
	}
	return [output];
}
