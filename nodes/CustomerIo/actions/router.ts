import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';
import { mapWithConcurrency } from '../../shared/concurrency';
import { byteLength, LIMITS } from '../../shared/limits';
import { packBatches, sendBatches, type BatchEntry } from '../../shared/transport/batch';
import { CustomerIoClient } from '../../shared/transport/client';
import { withFastParameters } from './common/fastParameters';
import * as trackEvent from './event/track.operation';
import * as trackAnonymous from './event/trackAnonymous.operation';
import * as deletePerson from './person/delete.operation';
import * as getAttributes from './person/getAttributes.operation';
import * as identifyPerson from './person/identify.operation';
import * as sendEmail from './transactional/sendEmail.operation';
import * as sendPush from './transactional/sendPush.operation';
import * as sendSms from './transactional/sendSms.operation';
import type { OperationModule, PreparedItem } from './types';

export const OPERATIONS: Record<string, OperationModule> = {
	'person.identify': identifyPerson,
	'person.delete': deletePerson,
	'person.getAttributes': getAttributes,
	'event.track': trackEvent,
	'event.trackAnonymous': trackAnonymous,
	'transactional.sendEmail': sendEmail,
	'transactional.sendPush': sendPush,
	'transactional.sendSms': sendSms,
};

type Result = { json: IDataObject } | { error: NodeApiError | NodeOperationError };

function asNodeError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

function sentOutput(item: PreparedItem, status: number, sent: unknown, extra: IDataObject = {}): IDataObject {
	return { identifier: item.identifier ?? null, sent: sent as IDataObject, status, ...extra };
}

/**
 * Runs the chosen operation for all items: every item is validated first (bad input stops the
 * node before anything is sent, unless "Continue On Fail"), then items go out in Track v2
 * batches where possible and one request each otherwise. Output items keep input order and
 * `pairedItem`; with "Continue On Fail" a failed item becomes `{error, description, status,
 * itemIndex, item}` and the others go on.
 */
export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const module = OPERATIONS[`${resource}.${operation}`];
	if (!module) {
		throw new NodeOperationError(this.getNode(), `Unsupported operation "${resource} → ${operation}"`, {
			description: 'Pick a resource and operation from the lists in this node.',
		});
	}
	const continueOnFail = this.continueOnFail();
	const batching = this.getNodeParameter('batching', 0, true) as boolean;
	const concurrency = this.getNodeParameter('concurrency', 0, 8) as number;

	const results: Result[] = new Array(items.length);
	const prepared: PreparedItem[] = [];
	const perItem = withFastParameters(this);
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			prepared.push(await module.prepare.call(perItem, itemIndex));
		} catch (error) {
			const nodeError = asNodeError(this, error, itemIndex);
			if (!continueOnFail) throw nodeError;
			results[itemIndex] = { error: nodeError };
		}
	}

	const client = await CustomerIoClient.create(this);
	// An operation over 32 KB cannot ride in a batch; v1 has no such limit, so it goes alone.
	const batched: Array<BatchEntry & { item: PreparedItem }> = [];
	const single: PreparedItem[] = [];
	for (const item of prepared) {
		const bytes = batching && item.batchOperation ? byteLength(JSON.stringify(item.batchOperation)) : Infinity;
		if (bytes <= LIMITS.batchOperationBytes) batched.push({ itemIndex: item.itemIndex, operation: item.batchOperation!, bytes, item });
		else single.push(item);
	}

	const outcomes = await sendBatches(
		client,
		packBatches(batched),
		concurrency,
		(messages, itemIndex) =>
			new NodeApiError(this.getNode(), { status: 207, errors: messages }, {
				message: `Item ${itemIndex}: Customer.io rejected this item: ${messages}`,
				description: 'The other items of the batch were accepted. Fix this item\'s fields and run it again.',
				httpCode: '207',
				itemIndex,
			}),
	);
	for (const { itemIndex, operation, item } of batched) {
		const outcome = outcomes.get(itemIndex)!;
		results[itemIndex] = outcome.ok
			? { json: sentOutput(item, outcome.status, operation, { via: 'batch' }) }
			: { error: asNodeError(this, outcome.error, itemIndex) };
	}

	await mapWithConcurrency(single, concurrency, async (item) => {
		try {
			const response = await client.request(item.request);
			results[item.itemIndex] = {
				json: module.present
					? module.present.call(this, item, response)
					: sentOutput(item, response.status, item.request.body ?? null),
			};
		} catch (error) {
			results[item.itemIndex] = { error: asNodeError(this, error, item.itemIndex) };
		}
	});

	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const result = results[itemIndex];
		if ('json' in result) {
			output.push({ json: result.json, pairedItem: { item: itemIndex } });
			continue;
		}
		if (!continueOnFail) throw result.error;
		output.push({
			json: {
				error: result.error.message,
				description: result.error.description ?? null,
				status: result.error instanceof NodeApiError && result.error.httpCode ? Number(result.error.httpCode) : null,
				itemIndex,
				item: items[itemIndex].json,
			},
			pairedItem: { item: itemIndex },
		});
	}
	return [output];
}
