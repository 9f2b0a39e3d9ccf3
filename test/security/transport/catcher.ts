import { createServer, type IncomingHttpHeaders, type Server } from 'http';
import type { AddressInfo } from 'net';

/**
 * A stranger's server on loopback: the Location a hostile or misconfigured Customer.io URL
 * redirects to. It records whatever reaches it and answers 200 with `answer` (by default `{}`,
 * what Customer.io answers to a Track call, so a followed redirect looks like success).
 */
export class Catcher {
	readonly received: Array<{ method: string; url: string; headers: IncomingHttpHeaders; body: string }> = [];
	private server?: Server;
	url = '';

	constructor(private readonly answer: unknown = {}) {}

	async start(): Promise<this> {
		this.server = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				this.received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() });
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end(JSON.stringify(this.answer));
			});
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
		return this;
	}

	get host(): string {
		return new URL(this.url).host;
	}

	async stop(): Promise<void> {
		this.server?.closeAllConnections();
		await new Promise((resolve) => this.server?.close(resolve));
	}
}
