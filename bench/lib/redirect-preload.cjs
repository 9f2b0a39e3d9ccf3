'use strict';
/**
 * Benchmark only: `NODE_OPTIONS=--require <this file>` in an n8n process, with
 * CIO_BENCH_TLS_FRONT=<host>:<port> (bench/lib/tlsFront.ts). n8n's built-in Customer.io node has
 * hard-coded https://track.customer.io URLs, so the redirect happens below n8n: every HTTPS request
 * n8n makes (axios through Node's https.Agent, for both helpers.request and helpers.httpRequest)
 * opens its socket with tls.connect(options), which we patch. Connections to customer.io or
 * *.customer.io go to the front instead, keeping the original name as SNI (and in the Host
 * header, which the front routes on); the certificate check is off for those connections only,
 * everything else is passed through untouched.
 */
const tls = require('tls');

const front = process.env.CIO_BENCH_TLS_FRONT;
if (front) {
	const at = front.lastIndexOf(':');
	const frontHost = front.slice(0, at);
	const frontPort = Number(front.slice(at + 1));
	const original = tls.connect;
	const isCustomerIo = (name) => typeof name === 'string' && /(^|\.)customer\.io\.?$/i.test(name);

	tls.connect = function connect(...args) {
		const options = args[0];
		// Node's https.Agent calls tls.connect(options); the (port, host, …) and path forms are left alone,
		// and so is a given socket (a proxy tunnel: its target was chosen already).
		if (options === null || typeof options !== 'object' || options.socket) return original.apply(this, args);
		const name = options.host ?? options.hostname ?? options.servername;
		if (!isCustomerIo(name)) return original.apply(this, args);
		const redirected = {
			...options,
			host: frontHost,
			port: frontPort,
			servername: options.servername || String(name).replace(/\.$/, ''),
			rejectUnauthorized: false,
		};
		delete redirected.hostname;
		delete redirected.lookup;
		return original.call(this, redirected, ...args.slice(1));
	};
}
