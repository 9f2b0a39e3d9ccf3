import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { REPO_ROOT } from '../../test/e2e/harness/install';
import { percentile } from './stats';

/**
 * Reads what bench/lib/loop-probe.cjs recorded in an n8n process: the event loop's delay, tick
 * by tick. A tick that fired `delay` ms late at `at` covers the busy stretch [at - delay, at];
 * a window takes every tick whose stretch overlaps it.
 */
export const LOOP_PROBE = join(REPO_ROOT, 'bench/lib/loop-probe.cjs');

export interface LoopDelay {
	p99: number;
	max: number;
	ticks: number;
}

export function loopDelay(log: string, pid: number, from: number, to: number): LoopDelay {
	const file = `${log}.${pid}`;
	if (!existsSync(file)) throw new Error(`no event-loop log at ${file}: was n8n started with the probe?`);
	const delays: number[] = [];
	for (const line of readFileSync(file, 'utf8').split('\n')) {
		const [at, delay] = line.split(' ').map(Number);
		if (!Number.isFinite(at) || !Number.isFinite(delay)) continue;
		if (at >= from && at - delay <= to) delays.push(delay);
	}
	if (delays.length === 0) throw new Error('the event-loop probe recorded no tick in the window');
	delays.sort((a, b) => a - b);
	return { p99: percentile(delays, 99), max: delays[delays.length - 1], ticks: delays.length };
}
