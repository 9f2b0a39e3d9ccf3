import { Agent, request } from 'http';
import { isMainThread, parentPort, Worker } from 'worker_threads';
import { packBatches } from '../../nodes/shared/transport/batch';
import type { CustomerIoSimulator, Workspace } from '../../test/simulator';
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
	const target = new URL(url);
	const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
	let next = 0;
	const worker = async () => {
		while (next < batches.length) {
			const body = JSON.stringify({ batch: batches[next++].map((e) => e.operation) });
			await new Promise<void>((resolve, reject) => {
				const req = request(
					{ agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { authorization, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
					(res) => {
						res.resume();
						res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`floor batch answered ${res.statusCode}`))));
					},
				);
				req.on('error', reject);
				req.end(body);
			});
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	agent.destroy();
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
