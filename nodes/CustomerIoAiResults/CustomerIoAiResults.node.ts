import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import * as report from './report.operation';
import * as updateAllocation from './updateAllocation.operation';

const OPERATIONS = { updateAllocation, report } as const;

/**
 * The closed loop of AI Personalize: results per copy in, adaptive shares (Update Allocation)
 * or a report with lift against the holdout (Report) out. No credentials: it works on the rows
 * the workflow read from the user's own store.
 */
export class CustomerIoAiResults implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Customer.io AI Results',
		name: 'customerIoAiResults',
		icon: { light: 'file:../CustomerIo/customerio.svg', dark: 'file:../CustomerIo/customerio.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] === "report" ? "Report" : "Update Allocation" }}',
		description: 'Measures AI Personalize copy by what people did (lift against the holdout, chart) and shifts traffic to the copy that works (Thompson sampling)',
		documentationUrl: 'https://github.com/n8n-nodes-customerio-lifecycle/n8n-nodes-customerio-lifecycle#closed-loop-adaptive-allocation-and-report',
		defaults: { name: 'Customer.io AI Results' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// An agent can report on rows it was given; n8n's verification rules ask every node to say so.
		usableAsTool: true,
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Report',
						value: 'report',
						description: 'Counts, rates and lift against the holdout per copy, with a chart',
						action: 'Report results per copy',
					},
					{
						name: 'Update Allocation',
						value: 'updateAllocation',
						description: 'Set the shares AI Personalize (Allocation: Adaptive) gives each variant',
						action: 'Update the allocation of variants',
					},
				],
				default: 'updateAllocation',
			},
			...updateAllocation.description,
			...report.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0) as keyof typeof OPERATIONS;
		return [await OPERATIONS[operation].execute.call(this, this.getInputData())];
	}
}
