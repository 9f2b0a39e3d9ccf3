import { isMainThread, parentPort, Worker } from 'worker_threads';
import { packBatches } from '../../nodes/shared/transport/batch';
import type { CustomerIoSimulator, Workspace } from '../../test/simulator';
import { load } from '../lib/load';
import type { ThroughputRun } from './throughput';

/**
 * The floor of case 1: the same Track v2 batches sent by a plain script with keep-alive and the
 * same concurrency, no n8n. It runs on its own thread so that, like n8n, it does not share an
 * event loop (and a core) with the simulator; one thread for the whole bench, so the JIT warms
 * up as it does in a long-running n8n.
 */
interface FloorJob {
	url: string;
	authorization: string;
	count: number;
	concurrency: number;
}

export class Floor {
	private constructor(private readonly worker: Worker) {}

	static start(): Floor {
		return new Floor(new Worker(__filename, { execArgv: ['--require', 'tsx/cjs'] }));
	}

	async run(sim: CustomerIoSimulator, ws: Workspace, count: number, concurrency = 8): Promise<ThroughputRun> {
		sim.clearRequests();
		const connectionsBefore = sim.connectionsOpened;
		const job: FloorJob = {
			url: `${sim.credentialFor(ws).trackBaseUrl}/api/v2/batch`,
			authorization: `Basic ${Buffer.from(`${ws.siteId}:${ws.trackApiKey}`).toString('base64')}`,
			count,
			concurrency,
		};
		const seconds = await new Promise<number>((resolve, reject) => {
			const onError = (error: Error) => reject(error);
			this.worker.once('error', onError);
			this.worker.once('message', (answer: { seconds?: number; error?: string }) => {
				this.worker.off('error', onError);
				if (answer.error !== undefined) reject(new Error(answer.error));
				else resolve(answer.seconds!);
			});
			this.worker.postMessage(job);
		});
		return { itemsPerSecond: count / seconds, seconds, requests: sim.requests.length, connections: sim.connectionsOpened - connectionsBefore };
	}

	async stop(): Promise<void> {
		await this.worker.terminate();
	}
}

async function send({ url, authorization, count, concurrency }: FloorJob): Promise<number> {
	const started = performance.now();
	const entries = Array.from({ length: count }, (_, i) => ({
		itemIndex: i,
		operation: {
			type: 'person',
			identifiers: { id: `floor-${i}` },
			action: 'identify',
			attributes: { email: `floor-${i}@example.com`, plan: i % 3 ? 'free' : 'pro', id: `floor-${i}` },
		},
	}));
	const batches = packBatches(entries);
	const result = await load(url, batches.length, concurrency, (i) => ({
		body: JSON.stringify({ batch: batches[i].map((e) => e.operation) }),
		headers: { authorization },
	}));
	const failed = Object.keys(result.statuses).filter((status) => status !== '200');
	if (failed.length) throw new Error(`floor batches answered ${failed.join(', ')}`);
	return (performance.now() - started) / 1000;
}

if (!isMainThread) {
	parentPort!.on('message', (job: FloorJob) => {
		send(job).then(
			(seconds) => parentPort!.postMessage({ seconds }),
			(error: Error) => parentPort!.postMessage({ error: error.message }),
		);
	});
}
