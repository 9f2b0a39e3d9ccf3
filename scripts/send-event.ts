import { makeReportingEvent, sendReportingEvent } from '../test/simulator';
import { SANDBOX_WORKSPACES } from '../test/simulator/sandbox';

/**
 * Sends one signed Customer.io reporting event, as Customer.io would:
 *   npx tsx scripts/send-event.ts <trigger production URL> [object_type] [metric] [--key <signing key>]
 * The key defaults to the sandbox US workspace's signing key.
 */
async function main(): Promise<void> {
	const [url, objectType = 'email', metric = 'bounced'] = process.argv.slice(2).filter((a, i, all) => a !== '--key' && all[i - 1] !== '--key');
	if (!url) throw new Error('usage: npx tsx scripts/send-event.ts <url> [object_type] [metric] [--key <signing key>]');
	const keyAt = process.argv.indexOf('--key');
	const signingKey = keyAt >= 0 ? process.argv[keyAt + 1] : SANDBOX_WORKSPACES[0].signingKey;
	const event = makeReportingEvent(objectType, metric, { customer_id: 'u-1002', identifiers: { id: 'u-1002', email: 'grace@example.com' }, recipient: 'grace@example.com' });
	const result = await sendReportingEvent(url, event, { signingKey });
	console.log(`${event.object_type}_${event.metric} ${event.event_id} → HTTP ${result.status} ${result.body}`);
}

main().catch((error: unknown) => {
	console.error(String(error));
	process.exit(1);
});
