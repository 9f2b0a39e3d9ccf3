import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { properties } from './actions/description';
import { route } from './actions/router';
import { customerIoLifecycleApiTest } from './methods/credentialTest';
import {
	searchBroadcasts,
	searchCampaigns,
	searchManualSegments,
	searchNewsletters,
	searchReportingWebhooks,
	searchSegments,
	searchTransactionalMessages,
} from './methods/listSearch';

/**
 * "Identify a person", "Track an event" …: the chosen operation's `action` text (the same words as
 * its entry in the nodes panel), keyed `resource.operation`, read from the pickers.
 */
export function operationSentences(from: INodeProperties[] = properties): Record<string, string> {
	const sentences: Record<string, string> = {};
	for (const picker of from) {
		if (picker.name !== 'operation' || picker.type !== 'options') continue;
		const resources = (picker.displayOptions?.show?.resource ?? []) as string[];
		for (const option of (picker.options ?? []) as Array<{ value?: unknown; action?: string; name: string }>) {
			for (const resource of resources) sentences[`${resource}.${String(option.value)}`] = option.action ?? option.name;
		}
	}
	return sentences;
}

/**
 * The subtitle under the node on the canvas. n8n evaluates it as an expression in the editor (n8n
 * 1.88 to 2.41), so it is one flat object literal of sentences, looked up by resource and
 * operation (the operation value itself for a pair it does not know).
 */
export function subtitleExpression(sentences: Record<string, string> = operationSentences()): string {
	return `={{ (${JSON.stringify(sentences)})[$parameter["resource"] + "." + $parameter["operation"]] || $parameter["operation"] }}`;
}

export class CustomerIoLifecycle implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Customer.io Lifecycle',
		name: 'customerIoLifecycle',
		icon: { light: 'file:customerio.svg', dark: 'file:customerio.dark.svg' },
		group: ['output'],
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: subtitleExpression(),
		description: 'Identify people, track events and send transactional messages in Customer.io',
		documentationUrl: 'https://github.com/n8n-nodes-customerio-lifecycle/n8n-nodes-customerio-lifecycle#operations-customerio-lifecycle-node',
		defaults: { name: 'Customer.io Lifecycle' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'customerIoLifecycleApi', required: true, testedBy: 'customerIoLifecycleApiTest' }],
		properties,
	};

	methods = {
		credentialTest: { customerIoLifecycleApiTest },
		listSearch: {
			searchBroadcasts,
			searchCampaigns,
			searchManualSegments,
			searchNewsletters,
			searchReportingWebhooks,
			searchSegments,
			searchTransactionalMessages,
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}
