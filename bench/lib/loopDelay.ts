import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { REPO_ROOT } from '../../test/e2e/harness/install';
import { percentile } from './stats';

/**
 * Reads what bench/lib/loop-probe.cjs recorded in an n8n process: the event loop's delay, tick
 * by tick. A tick that fired `delay` ms late at `at` covers the busy stretch [at - delay, at].
 * A window takes the stretches that lie inside it: one that runs on past the end is n8n's work
 * after the node returned (saving the execution …), counted in the whole execution's window
 * instead. stretchShares splits stretches into our code, n8n's and garbage collection by the
 * profile the probe writes.
 */
export const LOOP_PROBE = join(REPO_ROOT, 'bench/lib/loop-probe.cjs');

export interface LoopDelay {
	p99: number;
	max: number;
	ticks: number;
}

/** The worst of several windows (e.g. each node's run, leaving out n8n's work between them). */
export function worstLoopDelay(log: string, pid: number, windows: Array<{ from: number; to: number }>): LoopDelay {
	const each = windows.map(({ from, to }) => loopDelay(log, pid, from, to));
	return {
		p99: Math.max(...each.map((d) => d.p99)),
		max: Math.max(...each.map((d) => d.max)),
		ticks: each.reduce((n, d) => n + d.ticks, 0),
	};
}

export function loopDelay(log: string, pid: number, from: number, to: number): LoopDelay {
	const file = `${log}.${pid}`;
	if (!existsSync(file)) throw new Error(`no event-loop log at ${file}: was n8n started with the probe?`);
	const ticks: Array<[number, number]> = [];
	for (const line of readFileSync(file, 'utf8').split('\n')) {
		const [at, ms] = line.split(' ').map(Number);
		if (Number.isFinite(at) && Number.isFinite(ms) && at - ms >= from && at <= to) ticks.push([at, ms]);
	}
	if (ticks.length === 0) throw new Error('the event-loop probe recorded no tick in the window');
	const delays = ticks.map(([, ms]) => ms).sort((a, b) => a - b);
	return {
		p99: percentile(delays, 99),
		max: delays[delays.length - 1],
		ticks: ticks.length,
	};
}

/** Where the time of the busy stretches in some windows went, from the profile the probe wrote. */
export interface StretchShares {
	/** The most time our node's code took within one stretch (ms): how long it kept n8n waiting at a time. */
	oursMax: number;
	/** The longest stretch and what it was made of (ms). */
	worst: { ms: number; ours: number; gc: number; n8n: number };
}

/** Files of our package as n8n loads it (the runtime's own cache folder shares the name, not this path). */
const OUR_CODE = '/n8n-nodes-customerio-lifecycle/dist/';

interface CpuProfile {
	nodes: Array<{ id: number; callFrame: { functionName: string; url: string }; children?: number[] }>;
	startTime: number;
	samples: number[];
	timeDeltas: number[];
}

/**
 * Splits every busy stretch of the windows into our code, garbage collection and the rest
 * (n8n, Node.js) by the profiler's samples: a sample's interval counts for the code it found
 * running. Stretches come from the probe's ticks, converted to the profiler's clock by the
 * probe's "clock" line.
 */
export function stretchShares(log: string, pid: number, profileFile: string, windows: Array<{ from: number; to: number }>): StretchShares {
	const lines = readFileSync(`${log}.${pid}`, 'utf8').split('\n');
	const clock = lines.find((line) => line.startsWith('clock '))?.split(' ').map(Number);
	if (!clock) throw new Error('the event-loop probe wrote no clock line');
	const toUs = (epochMs: number) => clock[2] + (epochMs - clock[1]) * 1000;
	const profile = JSON.parse(readFileSync(profileFile, 'utf8')) as CpuProfile;
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parentOf = new Map<number, number>();
	for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
	const kindOf = new Map<number, 'ours' | 'gc' | 'n8n'>();
	const kind = (id: number): 'ours' | 'gc' | 'n8n' => {
		let known = kindOf.get(id);
		if (known) return known;
		const node = byId.get(id)!;
		if (node.callFrame.functionName === '(garbage collector)') known = 'gc';
		else if (node.callFrame.url.includes(OUR_CODE)) known = 'ours';
		else known = parentOf.has(id) ? kind(parentOf.get(id)!) : 'n8n';
		kindOf.set(id, known);
		return known;
	};
	const samples: Array<{ at: number; ms: number; kind: 'ours' | 'gc' | 'n8n' }> = [];
	let at = profile.startTime;
	profile.samples.forEach((id, i) => {
		at += profile.timeDeltas[i];
		samples.push({ at, ms: profile.timeDeltas[i] / 1000, kind: kind(id) });
	});
	const shares: StretchShares = { oursMax: 0, worst: { ms: 0, ours: 0, gc: 0, n8n: 0 } };
	for (const line of lines) {
		const [atMs, delay] = line.split(' ').map(Number);
		if (!Number.isFinite(atMs) || !Number.isFinite(delay) || delay < 5) continue;
		if (!windows.some(({ from, to }) => atMs - delay >= from && atMs <= to)) continue;
		const stretch = { ms: delay, ours: 0, gc: 0, n8n: 0 };
		const start = toUs(atMs - delay);
		const end = toUs(atMs);
		let lo = 0;
		let hi = samples.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (samples[mid].at <= start) lo = mid + 1;
			else hi = mid;
		}
		for (let i = lo; i < samples.length && samples[i].at <= end; i++) stretch[samples[i].kind] += samples[i].ms;
		shares.oursMax = Math.max(shares.oursMax, stretch.ours);
		if (stretch.ms > shares.worst.ms) shares.worst = stretch;
	}
	return shares;
}
