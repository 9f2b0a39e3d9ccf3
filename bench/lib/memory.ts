import { readFileSync, writeFileSync } from 'fs';

/**
 * Peak resident memory of a process (Linux VmHWM), resettable between cases by writing 5 to
 * /proc/<pid>/clear_refs, so each case reports its own peak.
 */
export function resetPeak(pid: number): void {
	try {
		writeFileSync(`/proc/${pid}/clear_refs`, '5');
	} catch {
		// Not permitted here: the peak then covers the process's whole life (said in the report).
	}
}

const statusMb = (pid: number, field: 'VmHWM' | 'VmRSS') => {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
	return Math.round(kb / 1024);
};

export const peakRssMb = (pid: number): number => statusMb(pid, 'VmHWM');

/** Resident memory now. */
export const rssMb = (pid: number): number => statusMb(pid, 'VmRSS');
