'use strict';
/**
 * Benchmark only: preloaded into n8n (`NODE_OPTIONS=--require <this file>`) with
 * CIO_BENCH_LOOP_LOG=<path>. A 5 ms timer measures how late it fires, i.e. how long the event
 * loop was busy: every webhook, editor call and other execution of the process waits that long.
 * Each tick appends "<epoch ms when it fired> <delay ms>" to <path>.<pid> (flushed every 250 ms);
 * bench/lib/loopDelay.ts reads the ticks within a node's run. Task runners inherit NODE_OPTIONS:
 * their own files are ignored by pid.
 */
const file = process.env.CIO_BENCH_LOOP_LOG;
if (file) {
	const { appendFileSync } = require('fs');
	const { performance } = require('perf_hooks');
	const INTERVAL_MS = 5;
	let last = performance.now();
	let lines = [];
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
}
