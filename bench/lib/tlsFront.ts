import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { Agent, request, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'http';
import { createServer } from 'https';
import type { AddressInfo } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import type { CustomerIoSimulator } from '../../test/simulator';

/**
 * An HTTPS front on loopback for Customer.io's real host names, so nodes that cannot take a
 * custom URL (n8n's built-in Customer.io node) are measured against the simulator like ours:
 * bench/lib/redirect-preload.cjs sends n8n's TLS connections to `*.customer.io` here, and the
 * Host header picks the simulator prefix. Certificate check is off on the client side for those
 * connections only, so any self-signed certificate will do.
 */
const PREFIX: Record<string, string> = {
	'track.customer.io': '/us/track',
	'track-eu.customer.io': '/eu/track',
	'api.customer.io': '/us/app',
	'beta-api.customer.io': '/us/app',
	'api-eu.customer.io': '/eu/app',
	'beta-api-eu.customer.io': '/eu/app',
};

/** Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection; Node sets its own. */
const HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);
const endToEnd = (headers: Record<string, string | string[] | undefined>): OutgoingHttpHeaders => {
	const out: OutgoingHttpHeaders = {};
	for (const [name, value] of Object.entries(headers)) if (value !== undefined && !HOP.has(name)) out[name] = value;
	return out;
};

/** A throwaway self-signed certificate for *.customer.io, made with the openssl CLI; only kept in memory. */
function selfSigned(): { key: Buffer; cert: Buffer } {
	const dir = mkdtempSync(join(tmpdir(), 'cio-tls-front-'));
	try {
		// P-256 rather than RSA: cheaper handshakes; n8n 2.8 opens a new connection for every request.
		execFileSync('openssl', [
			'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
			'-subj', '/CN=customer.io', '-addext', 'subjectAltName=DNS:customer.io,DNS:*.customer.io',
			'-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
		], { stdio: 'ignore' });
		return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

export class TlsFront {
	/** TLS connections accepted (handshakes completed): shows whether a client reuses connections. */
	connections = 0;
	/** Requests forwarded (any host, any answer). */
	requests = 0;
	// A new loopback connection per request, unbounded like n8n's own agents: the front never
	// queues, and never writes a 500 KB body into a kept-alive socket the simulator just closed.
	private readonly upstream = new Agent({ keepAlive: false, maxSockets: Infinity });
	private readonly server = createServer(selfSigned());

	private constructor(private readonly target: URL) {
		this.server.keepAliveTimeout = 30_000;
		this.server.on('secureConnection', () => this.connections++);
		this.server.on('request', (req, res) => this.forward(req, res));
	}

	static async start(sim: CustomerIoSimulator): Promise<TlsFront> {
		const front = new TlsFront(new URL(sim.url));
		await new Promise<void>((resolve, reject) => {
			front.server.once('error', reject);
			front.server.listen(0, '127.0.0.1', resolve);
		});
		return front;
	}

	get port(): number {
		return (this.server.address() as AddressInfo).port;
	}

	/** `host:port` for CIO_BENCH_TLS_FRONT. */
	get address(): string {
		return `127.0.0.1:${this.port}`;
	}

	private forward(req: IncomingMessage, res: ServerResponse): void {
		this.requests++;
		const prefix = PREFIX[(req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase()];
		if (prefix === undefined) {
			res.writeHead(421, { 'content-type': 'text/plain' }).end(`tls front: no simulator route for host ${req.headers.host}`);
			return;
		}
		// Bodies stream both ways; status and end-to-end headers pass unchanged.
		const { hostname, port } = this.target;
		const out = request({ agent: this.upstream, hostname, port, method: req.method, path: `${prefix}${req.url ?? '/'}`, headers: endToEnd(req.headers) }, (answer) => {
			res.writeHead(answer.statusCode ?? 502, answer.statusMessage, endToEnd(answer.headers));
			answer.pipe(res);
		});
		out.on('error', (error) => {
			if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end(`tls front: ${error.message}`);
			else res.destroy();
		});
		req.pipe(out);
	}

	async stop(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
		this.upstream.destroy();
	}
}
