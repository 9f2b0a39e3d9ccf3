'use strict';
/**
 * Benchmark only: preloaded into n8n (`NODE_OPTIONS=--require <this file>`) with
 * CIO_BENCH_LOOP_LOG=<path>. A 5 ms timer measures how late it fires, i.e. how long the event
 * loop was busy: every webhook, editor call and other execution of the process waits that long.
 * Each tick appends "<epoch ms when it fired> <delay ms>" to <path>.<pid> (flushed every 250 ms);
 * bench/lib/loopDelay.ts reads the lines within a node's run. Task runners inherit NODE_OPTIONS: their files are ignored by pid.
 *
 * With CIO_BENCH_PROFILE=1 the main process also runs V8's sampling profiler (1 ms), so a busy
 * stretch can be split into our node's code, n8n's code and garbage collection: SIGUSR2 writes
 * the samples so far to <path>.<pid>.<n>.cpuprofile and starts a new profile. A "clock" line
 * pairs the epoch with the profiler's monotonic clock (µs).
 */
const file = process.env.CIO_BENCH_LOOP_LOG;
if (file) {
	const { appendFileSync, renameSync, writeFileSync } = require('fs');
	const { performance } = require('perf_hooks');
	const INTERVAL_MS = 5;
	let last = performance.now();
	const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);
	let lines = [`clock ${Date.now()} ${monotonicUs()}`];
	setInterval(() => {
		const now = performance.now();
		lines.push(`${Date.now()} ${Math.max(0, now - last - INTERVAL_MS).toFixed(2)}`);
		last = now;
	}, INTERVAL_MS).unref();
	setInterval(() => {
		if (lines.length === 0) return;
		appendFileSync(`${file}.${process.pid}`, `${lines.join('\n')}\n`);
		lines = [];
	}, 250).unref();

	const taskRunner = /task-runner/.test(process.argv[1] ?? '');
	if (process.env.CIO_BENCH_PROFILE === '1' && !taskRunner) {
		const session = new (require('inspector').Session)();
		session.connect();
		const start = () => session.post('Profiler.start');
		session.post('Profiler.enable', () => session.post('Profiler.setSamplingInterval', { interval: 1000 }, start));
		let dumps = 0;
		process.on('SIGUSR2', () => {
			session.post('Profiler.stop', (error, result) => {
				const target = `${file}.${process.pid}.${++dumps}.cpuprofile`;
				if (!error) {
					writeFileSync(`${target}.part`, JSON.stringify(result.profile));
					renameSync(`${target}.part`, target);
				}
				start();
			});
		});
	}
}
