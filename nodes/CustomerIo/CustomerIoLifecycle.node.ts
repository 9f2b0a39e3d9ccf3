import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { properties } from './actions/description';
import { route } from './actions/router';
import { customerIoLifecycleApiTest } from './methods/credentialTest';

export class CustomerIoLifecycle implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Customer.io Lifecycle',
		name: 'customerIoLifecycle',
		icon: { light: 'file:customerio.svg', dark: 'file:customerio.dark.svg' },
		group: ['output'],
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
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
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}
