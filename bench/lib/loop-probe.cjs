'use strict';
/**
 * Benchmark only: preloaded into n8n (`NODE_OPTIONS=--require <this file>`) with
 * CIO_BENCH_LOOP_LOG=<path>. A 5 ms timer measures how late it fires, i.e. how long the event
 * loop was busy: every webhook, editor call and other execution of the process waits that long.
 * Each tick appends "<epoch ms when it fired> <delay ms>", each garbage collection of 5 ms or
 * more "gc <epoch ms at its start> <duration ms>", to <path>.<pid> (flushed every 250 ms), so a
 * busy stretch can be told apart from V8 collecting n8n's heap. bench/lib/loopDelay.ts reads the
 * lines within a node's run. Task runners inherit NODE_OPTIONS: their files are ignored by pid.
 */
const file = process.env.CIO_BENCH_LOOP_LOG;
if (file) {
	const { appendFileSync } = require('fs');
	const { performance, PerformanceObserver } = require('perf_hooks');
	const INTERVAL_MS = 5;
	let last = performance.now();
	let lines = [];
	setInterval(() => {
		const now = performance.now();
		lines.push(`${Date.now()} ${Math.max(0, now - last - INTERVAL_MS).toFixed(2)}`);
		last = now;
	}, INTERVAL_MS).unref();
	new PerformanceObserver((list) => {
		for (const entry of list.getEntries()) {
			if (entry.duration >= 5) lines.push(`gc ${(performance.timeOrigin + entry.startTime).toFixed(0)} ${entry.duration.toFixed(2)}`);
		}
	}).observe({ entryTypes: ['gc'] });
	setInterval(() => {
		if (lines.length === 0) return;
		appendFileSync(`${file}.${process.pid}`, `${lines.join('\n')}\n`);
		lines = [];
	}, 250).unref();
}
