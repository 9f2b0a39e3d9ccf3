import { Agent, request } from 'http';

/**
 * A bounded loopback load generator: `total` POSTs, `concurrency` at a time, over keep-alive
 * connections; answers each request's latency in ms. `make(i)` gives body and headers.
 */
export async function load(
	url: string,
	total: number,
	concurrency: number,
	make: (i: number) => { body: string; headers: Record<string, string> },
): Promise<{ latencies: number[]; statuses: Record<number, number>; seconds: number }> {
	const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
	const target = new URL(url);
	const latencies: number[] = [];
	const statuses: Record<number, number> = {};
	let next = 0;
	const started = performance.now();
	const worker = async () => {
		while (next < total) {
			const i = next++;
			const { body, headers } = make(i);
			const t0 = performance.now();
			const status = await new Promise<number>((resolve, reject) => {
				const req = request(
					{ agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } },
					(res) => {
						res.resume();
						res.on('end', () => resolve(res.statusCode ?? 0));
					},
				);
				req.on('error', reject);
				req.end(body);
			});
			latencies.push(performance.now() - t0);
			statuses[status] = (statuses[status] ?? 0) + 1;
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	agent.destroy();
	return { latencies, statuses, seconds: (performance.now() - started) / 1000 };
}
