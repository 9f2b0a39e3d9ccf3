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
import { outcomeOfError } from '../../shared/transport/errors';
import type { CioResponse } from '../../shared/transport/types';
import * as getBroadcast from './broadcast/get.operation';
import * as getManyBroadcasts from './broadcast/getMany.operation';
import * as getBroadcastMetrics from './broadcast/getMetrics.operation';
import * as getBroadcastTriggerStatus from './broadcast/getTriggerStatus.operation';
import * as triggerBroadcast from './broadcast/trigger.operation';
import * as getCampaign from './campaign/get.operation';
import * as getManyCampaigns from './campaign/getMany.operation';
import * as getCampaignMetrics from './campaign/getMetrics.operation';
import { withFastParameters } from './common/fastParameters';
import * as getDelivery from './delivery/get.operation';
import * as getManyDeliveries from './delivery/getMany.operation';
import * as trackEvent from './event/track.operation';
import * as trackAnonymous from './event/trackAnonymous.operation';
import * as trackPageView from './event/trackPageView.operation';
import * as trackScreenView from './event/trackScreenView.operation';
import * as addObjectRelationships from './object/addRelationships.operation';
import * as deleteObject from './object/delete.operation';
import * as deleteObjectRelationships from './object/deleteRelationships.operation';
import * as getNewsletter from './newsletter/get.operation';
import * as getManyNewsletters from './newsletter/getMany.operation';
import * as getNewsletterMetrics from './newsletter/getMetrics.operation';
import * as identifyObject from './object/identify.operation';
import * as addDevice from './person/addDevice.operation';
import * as deletePerson from './person/delete.operation';
import * as deleteDevice from './person/deleteDevice.operation';
import * as findByEmail from './person/findByEmail.operation';
import * as getPersonActivities from './person/getActivities.operation';
import * as getAttributes from './person/getAttributes.operation';
import * as getPersonMessages from './person/getMessages.operation';
import * as getPersonSegments from './person/getSegments.operation';
import * as identifyPerson from './person/identify.operation';
import * as mergePeople from './person/merge.operation';
import * as suppressPerson from './person/suppress.operation';
import * as unsuppressPerson from './person/unsuppress.operation';
import * as addToSegment from './segment/addPeople.operation';
import * as createSegment from './segment/create.operation';
import * as getSegment from './segment/get.operation';
import * as getManySegments from './segment/getMany.operation';
import * as getSegmentMembership from './segment/getMembership.operation';
import * as removeFromSegment from './segment/removePeople.operation';
import { deliveryReport, type ItemState } from './report';
import * as createReportingWebhook from './reportingWebhook/create.operation';
import * as deleteReportingWebhook from './reportingWebhook/delete.operation';
import * as disableReportingWebhook from './reportingWebhook/disable.operation';
import * as enableReportingWebhook from './reportingWebhook/enable.operation';
import * as getReportingWebhook from './reportingWebhook/get.operation';
import * as getManyReportingWebhooks from './reportingWebhook/getMany.operation';
import * as updateReportingWebhook from './reportingWebhook/update.operation';
import { RunState, type Receipt } from './runState';
import { Slicer } from '../../shared/slices';
import * as sendEmail from './transactional/sendEmail.operation';
import * as sendPush from './transactional/sendPush.operation';
import * as sendSms from './transactional/sendSms.operation';
import type { OperationModule, PreparedItem } from './types';

export const OPERATIONS: Record<string, OperationModule> = {
	'person.identify': identifyPerson,
	'person.delete': deletePerson,
	'person.getAttributes': getAttributes,
	'person.suppress': suppressPerson,
	'person.unsuppress': unsuppressPerson,
	'person.merge': mergePeople,
	'person.addDevice': addDevice,
	'person.deleteDevice': deleteDevice,
	'person.findByEmail': findByEmail,
	'person.getSegments': getPersonSegments,
	'person.getMessages': getPersonMessages,
	'person.getActivities': getPersonActivities,
	'event.track': trackEvent,
	'event.trackAnonymous': trackAnonymous,
	'event.trackPageView': trackPageView,
	'event.trackScreenView': trackScreenView,
	'segment.addPeople': addToSegment,
	'segment.removePeople': removeFromSegment,
	'segment.get': getSegment,
	'segment.getMany': getManySegments,
	'segment.getMembership': getSegmentMembership,
	'segment.create': createSegment,
	'broadcast.trigger': triggerBroadcast,
	'broadcast.getTriggerStatus': getBroadcastTriggerStatus,
	'broadcast.get': getBroadcast,
	'broadcast.getMany': getManyBroadcasts,
	'broadcast.getMetrics': getBroadcastMetrics,
	'newsletter.get': getNewsletter,
	'newsletter.getMany': getManyNewsletters,
	'newsletter.getMetrics': getNewsletterMetrics,
	'delivery.get': getDelivery,
	'delivery.getMany': getManyDeliveries,
	'campaign.get': getCampaign,
	'campaign.getMany': getManyCampaigns,
	'campaign.getMetrics': getCampaignMetrics,
	'object.identify': identifyObject,
	'object.delete': deleteObject,
	'object.addRelationships': addObjectRelationships,
	'object.deleteRelationships': deleteObjectRelationships,
	'transactional.sendEmail': sendEmail,
	'transactional.sendPush': sendPush,
	'transactional.sendSms': sendSms,
	'reportingWebhook.getMany': getManyReportingWebhooks,
	'reportingWebhook.get': getReportingWebhook,
	'reportingWebhook.create': createReportingWebhook,
	'reportingWebhook.update': updateReportingWebhook,
	'reportingWebhook.enable': enableReportingWebhook,
	'reportingWebhook.disable': disableReportingWebhook,
	'reportingWebhook.delete': deleteReportingWebhook,
};

type Result = { json: IDataObject | IDataObject[] } | { error: NodeApiError | NodeOperationError };

function asNodeError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

/** A write's result: what was sent, Customer.io's status and the identifier used (lean: status only). */
type SentOutput = (item: PreparedItem, status: number, sent: unknown, extra?: IDataObject) => IDataObject;

/** Reads change nothing in Customer.io: they are neither remembered nor skipped on a retry. */
const isWrite = (item: PreparedItem) => item.request.method !== 'GET';

/**
 * Runs the chosen operation for all items: every item is validated first (bad input stops the
 * node before anything is sent, unless "Continue On Fail"), then items go out in Track v2
 * batches where possible and one request each otherwise. Output items keep input order (a list
 * read gives one item per record) and
 * `pairedItem`; with "Continue On Fail" a failed item carries `error` and the others go on;
 * without it, the error says which items Customer.io accepted. A retry of the run (Retry On
 * Fail, or retrying the execution) sends the same events and skips what Customer.io accepted
 * on an earlier try (see RunState). Every loop over items runs in slices (see Slicer), so n8n
 * keeps answering webhooks while 100,000 items go through.
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
	const shape = outputShape(this, items);
	const run = RunState.open(this, items.length);
	const slices = new Slicer();

	const results: Result[] = new Array(items.length);
	const states: ItemState[] = new Array(items.length);
	const prepared: PreparedItem[] = [];
	const perItem = withFastParameters(this);
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			prepared.push(await module.prepare.call(perItem, itemIndex, run));
		} catch (error) {
			const nodeError = asNodeError(this, error, itemIndex);
			if (!continueOnFail) throw nodeError;
			results[itemIndex] = { error: nodeError };
			states[itemIndex] = 'not accepted';
		}
		if (slices.due()) await slices.pause();
	}

	const answered = (item: PreparedItem, response: CioResponse, extra: IDataObject = {}): IDataObject | IDataObject[] => {
		if (!module.present) return shape.sent(item, response.status, item.request.body ?? null, extra);
		const presented = module.present.call(this, item, response);
		// `extra` marks replayed writes; list reads are never replayed.
		return Array.isArray(presented) ? presented : { ...presented, ...extra };
	};
	const succeeded = (item: PreparedItem, json: IDataObject | IDataObject[]) => {
		results[item.itemIndex] = { json };
		states[item.itemIndex] = 'accepted';
	};
	const failed = (item: PreparedItem, error: unknown) => {
		const nodeError = asNodeError(this, error, item.itemIndex);
		const unknown = outcomeOfError(nodeError) === 'unknown';
		results[item.itemIndex] = { error: nodeError };
		states[item.itemIndex] = unknown ? 'unknown' : 'not accepted';
		// A send whose answer was lost must not go out again on a retry; anything else may.
		if (unknown && !item.request.idempotent) run.unknown(item);
	};

	// Skip what an earlier try got accepted; an operation over 32 KB cannot ride in a batch
	// (v1 has no such limit, so it goes alone).
	const batched: Array<BatchEntry & { item: PreparedItem }> = [];
	const single: PreparedItem[] = [];
	await slices.each(prepared.length, (index) => {
		const item = prepared[index];
		const receipt = isWrite(item) ? run.receipt(item) : undefined;
		if (receipt?.state === 'accepted') succeeded(item, replayed(item, receipt, answered, shape.sent));
		else if (receipt) {
			results[item.itemIndex] = { error: notSentAgain(this, item.itemIndex) };
			states[item.itemIndex] = 'unknown';
		} else {
			const bytes = batching && item.batchOperation ? byteLength(JSON.stringify(item.batchOperation)) : Infinity;
			if (bytes <= LIMITS.batchOperationBytes) batched.push({ itemIndex: item.itemIndex, operation: item.batchOperation!, bytes, item });
			else single.push(item);
		}
	});

	const client = await CustomerIoClient.create(this);
	const outcomes = await sendBatches(client, packBatches(batched), concurrency, items.length);
	await slices.each(batched.length, (index) => {
		const { itemIndex, operation, item } = batched[index];
		const outcome = outcomes[itemIndex];
		if (!outcome.ok) failed(item, outcome.error);
		else {
			run.accepted(item, outcome.status, { via: 'batch' });
			succeeded(item, shape.sent(item, outcome.status, operation, { via: 'batch' }));
		}
	});

	await mapWithConcurrency(single, concurrency, async (item) => {
		try {
			const response = await client.request(item.request);
			// A send's answer (delivery_id …) is kept so that a retry can output it again.
			if (isWrite(item)) run.accepted(item, response.status, item.request.idempotent ? {} : { answer: response.body as IDataObject });
			succeeded(item, answered(item, response));
		} catch (error) {
			failed(item, error);
		}
	});

	const firstError = results.findIndex((result) => 'error' in result);
	await run.finish(firstError !== -1, slices);
	if (firstError !== -1 && !continueOnFail) {
		const { error } = results[firstError] as { error: NodeApiError | NodeOperationError };
		error.description = [error.description, deliveryReport(states, firstError)].filter(Boolean).join(' ');
		throw error;
	}

	const output: INodeExecutionData[] = [];
	await slices.each(items.length, (itemIndex) => {
		const result = results[itemIndex];
		const pairedItem = { item: itemIndex };
		if (!('json' in result)) output.push({ json: shape.error(itemIndex, result.error), pairedItem });
		else if (!Array.isArray(result.json)) output.push({ json: shape.result(itemIndex, result.json), pairedItem });
		else for (const record of result.json) output.push({ json: shape.result(itemIndex, record), pairedItem });
	});
	return [output];
}

/**
 * How an output item is built: the result alone (1.0's default), or a copy of the input item's
 * fields with the result under the chosen field. With the input's fields a write's result is
 * lean, `{status, via}`: what was sent is the input itself, and n8n keeps (and saves) every
 * output item, so a copy of each operation would double what a 100,000-item run holds. A failed item (Continue On Fail) carries
 * `error` at the top, where users' IF nodes look for it. Under "Continue (using error output)"
 * it is `{error, message}`, the one shape every n8n from 1.88 to 2.41 sends to the error output;
 * n8n then adds the input item's fields itself. (An `error` on the item would route it too, but
 * n8n then replaces its whole json with `{error}`.)
 */
function outputShape(ctx: IExecuteFunctions, items: INodeExecutionData[]) {
	const errorOf = (itemIndex: number, error: NodeApiError | NodeOperationError): IDataObject => ({
		error: error.message,
		description: error.description ?? null,
		status: error instanceof NodeApiError && error.httpCode ? Number(error.httpCode) : null,
		itemIndex,
	});
	const include = ctx.getNodeParameter('includeInputFields', 0, false) as boolean;
	const field = include ? String(ctx.getNodeParameter('resultField', 0, 'customerio')).trim() : '';
	if (include && !field) {
		throw new NodeOperationError(ctx.getNode(), 'Put Result in Field is empty', {
			description: "Enter the name of the output field for Customer.io's result (e.g. customerio), or turn off Include Input Fields.",
		});
	}
	const result = include
		? (itemIndex: number, json: IDataObject): IDataObject => ({ ...items[itemIndex].json, [field]: json })
		: (_itemIndex: number, json: IDataObject) => json;
	let error = (itemIndex: number, failure: NodeApiError | NodeOperationError): IDataObject => {
		const details = errorOf(itemIndex, failure);
		return include ? { ...items[itemIndex].json, error: details.error, [field]: details } : { ...details, item: items[itemIndex].json };
	};
	if (ctx.getNode().onError === 'continueErrorOutput') {
		error = (_itemIndex, failure) => (failure.description ? { error: failure.message, message: failure.description } : { error: failure.message });
	}
	const sent: SentOutput = include
		? (_item, status, _sent, extra = {}) => ({ status, ...extra })
		: (item, status, body, extra = {}) => ({ identifier: item.identifier ?? null, sent: body as IDataObject, status, ...extra });
	return { result, error, sent };
}

/** The output an earlier try produced for an item Customer.io accepted, marked as not sent again. */
function replayed(
	item: PreparedItem,
	receipt: Receipt,
	answered: (item: PreparedItem, response: CioResponse, extra: IDataObject) => IDataObject | IDataObject[],
	sent: SentOutput,
): IDataObject | IDataObject[] {
	const status = receipt.status ?? 200;
	if (receipt.via === 'batch') return sent(item, status, item.batchOperation, { via: 'batch', alreadySent: true });
	return answered(item, { status, body: receipt.answer ?? {}, headers: {} }, { alreadySent: true });
}

function notSentAgain(ctx: IExecuteFunctions, itemIndex: number): NodeOperationError {
	return new NodeOperationError(
		ctx.getNode(),
		`Item ${itemIndex}: not sent again: an earlier try of this run sent it and Customer.io's answer was lost`,
		{
			itemIndex,
			description:
				'Customer.io may have carried it out on that try (queued the message, triggered the broadcast, created the webhook), so this retry does not send it a second time. Check in Customer.io; to send it anyway, run the workflow again (a new execution).',
		},
	);
}
