import { Agent, request } from 'http';

/**
 * A bounded loopback load generator: `total` POSTs, `concurrency` at a time, over keep-alive
 * connections. `make(i)` gives body and headers, and `url` may differ per request (`i` → URL) so
 * two workflows can be measured interleaved, under the same load. Latencies (ms) and answer
 * bodies are by request index.
 */
export async function load(
	url: string | ((i: number) => string),
	total: number,
	concurrency: number,
	make: (i: number) => { body: string; headers: Record<string, string> },
): Promise<{ latencies: number[]; bodies: string[]; statuses: Record<number, number>; seconds: number }> {
	const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
	const latencies: number[] = new Array(total);
	const bodies: string[] = new Array(total);
	const statuses: Record<number, number> = {};
	let next = 0;
	const started = performance.now();
	const worker = async () => {
		while (next < total) {
			const i = next++;
			const target = new URL(typeof url === 'string' ? url : url(i));
			const { body, headers } = make(i);
			const t0 = performance.now();
			const status = await new Promise<number>((resolve, reject) => {
				const req = request(
					{ agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } },
					(res) => {
						const chunks: Buffer[] = [];
						res.on('data', (chunk: Buffer) => chunks.push(chunk));
						res.on('end', () => {
							bodies[i] = Buffer.concat(chunks).toString();
							resolve(res.statusCode ?? 0);
						});
					},
				);
				req.on('error', reject);
				req.end(body);
			});
			latencies[i] = performance.now() - t0;
			statuses[status] = (statuses[status] ?? 0) + 1;
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	agent.destroy();
	return { latencies, bodies, statuses, seconds: (performance.now() - started) / 1000 };
}
