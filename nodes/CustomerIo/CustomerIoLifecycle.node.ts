import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import * as trackEvent from './actions/event/track.operation';
import * as identifyPerson from './actions/person/identify.operation';
import { route } from './actions/router';
import { customerIoLifecycleApiTest } from './methods/credentialTest';

export class CustomerIoLifecycle implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Customer.io Lifecycle',
		name: 'customerIoLifecycle',
		icon: { light: 'file:customerio.svg', dark: 'file:customerio.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Identify people, track events and send transactional messages in Customer.io',
		documentationUrl: 'https://github.com/n8n-nodes-customerio-lifecycle/n8n-nodes-customerio-lifecycle#action-node',
		defaults: { name: 'Customer.io Lifecycle' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'customerIoLifecycleApi', required: true, testedBy: 'customerIoLifecycleApiTest' }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Event', value: 'event' },
					{ name: 'Person', value: 'person' },
				],
				default: 'person',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['person'] } },
				options: [
					{
						name: 'Identify',
						value: 'identify',
						action: 'Identify a person',
						description: 'Create a person or update their attributes',
					},
				],
				default: 'identify',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['event'] } },
				options: [
					{
						name: 'Track',
						value: 'track',
						action: 'Track an event',
						description: 'Record an event a person performed; campaigns can trigger on it',
					},
				],
				default: 'track',
			},
			...identifyPerson.description,
			...trackEvent.description,
		],
	};

	methods = {
		credentialTest: { customerIoLifecycleApiTest },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}
