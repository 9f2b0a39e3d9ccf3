import type { INodeExecutionData } from 'n8n-workflow';
import { CustomerIoLifecycle } from '../../nodes/CustomerIo/CustomerIoLifecycle.node';
import { fakeExecuteContext, type FakeContextInput } from './fakeExecuteContext';

/** Runs the action node's execute() once, as n8n would for one node with these items. */
export async function runNode(input: FakeContextInput): Promise<INodeExecutionData[]> {
	const node = new CustomerIoLifecycle();
	const [output] = await node.execute.call(fakeExecuteContext(input));
	return output;
}

/** The error a run throws (fails the test if it does not throw). */
export async function runNodeError(input: FakeContextInput): Promise<Error & { description?: string }> {
	try {
		await runNode(input);
	} catch (error) {
		return error as Error & { description?: string };
	}
	throw new Error('expected the node to fail');
}
