import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { REPO_ROOT } from '../../test/e2e/harness/install';
import { percentile } from './stats';

/**
 * Reads what bench/lib/loop-probe.cjs recorded in an n8n process: the event loop's delay, tick
 * by tick, and V8's garbage collections. A tick that fired `delay` ms late at `at` covers the
 * busy stretch [at - delay, at]. A window takes the stretches that lie inside it: one that runs
 * on past the end is n8n's work after the node returned (saving the execution …), counted in
 * the whole execution's window instead. `work` is each stretch minus the collections within it.
 */
export const LOOP_PROBE = join(REPO_ROOT, 'bench/lib/loop-probe.cjs');

export interface LoopDelay {
	p99: number;
	max: number;
	/** The longest stretch without its garbage collections: the code that ran, ours or n8n's. */
	maxWork: number;
	/** The longest single garbage collection in the window. */
	maxGc: number;
	ticks: number;
}

/** The worst of several windows (e.g. each node's run, leaving out n8n's work between them). */
export function worstLoopDelay(log: string, pid: number, windows: Array<{ from: number; to: number }>): LoopDelay {
	const each = windows.map(({ from, to }) => loopDelay(log, pid, from, to));
	return {
		p99: Math.max(...each.map((d) => d.p99)),
		max: Math.max(...each.map((d) => d.max)),
		maxWork: Math.max(...each.map((d) => d.maxWork)),
		maxGc: Math.max(...each.map((d) => d.maxGc)),
		ticks: each.reduce((n, d) => n + d.ticks, 0),
	};
}

export function loopDelay(log: string, pid: number, from: number, to: number): LoopDelay {
	const file = `${log}.${pid}`;
	if (!existsSync(file)) throw new Error(`no event-loop log at ${file}: was n8n started with the probe?`);
	const ticks: Array<[number, number]> = [];
	const gcs: Array<[number, number]> = [];
	for (const line of readFileSync(file, 'utf8').split('\n')) {
		const parts = line.split(' ');
		const [at, ms] = parts.slice(parts[0] === 'gc' ? 1 : 0).map(Number);
		if (!Number.isFinite(at) || !Number.isFinite(ms)) continue;
		if (parts[0] === 'gc') gcs.push([at, ms]);
		else if (at - ms >= from && at <= to) ticks.push([at, ms]);
	}
	if (ticks.length === 0) throw new Error('the event-loop probe recorded no tick in the window');
	const gcWithin = (start: number, end: number) =>
		gcs.reduce((sum, [at, ms]) => sum + Math.max(0, Math.min(end, at + ms) - Math.max(start, at)), 0);
	const delays = ticks.map(([, ms]) => ms).sort((a, b) => a - b);
	return {
		p99: percentile(delays, 99),
		max: delays[delays.length - 1],
		maxWork: ticks.reduce((max, [at, ms]) => Math.max(max, ms - gcWithin(at - ms, at)), 0),
		maxGc: gcs.filter(([at]) => at >= from && at <= to).reduce((max, [, ms]) => Math.max(max, ms), 0),
		ticks: ticks.length,
	};
}
