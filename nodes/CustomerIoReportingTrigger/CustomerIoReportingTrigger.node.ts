import type { INodeTypeDescription } from 'n8n-workflow';
import { CustomerIoLifecycleTrigger } from '../CustomerIoLifecycleTrigger/CustomerIoLifecycleTrigger.node';

/**
 * The Reporting Trigger under its first type name: workflows saved with it keep loading and
 * running. Hidden from the node creator, which offers the same trigger as
 * `customerIoLifecycleTrigger` (listed under "Customer.io Lifecycle").
 */
export class CustomerIoReportingTrigger extends CustomerIoLifecycleTrigger {
	description: INodeTypeDescription = { ...this.description, name: 'customerIoReportingTrigger', hidden: true };
}
