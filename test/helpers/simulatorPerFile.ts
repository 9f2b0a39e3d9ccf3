import { CustomerIoSimulator, type SimulatorOptions, type Workspace, type WorkspaceInput } from '../simulator';

/**
 * A simulator with one workspace for the whole test file: started before its tests, stopped
 * after them, its recorded requests and injected faults cleared before each test so that no
 * test sees another's. Call it at the top of a test file (it registers Jest hooks).
 */
export function simulatorPerFile(
	options: SimulatorOptions = {},
	workspace: WorkspaceInput = { name: 'client-a', region: 'us' },
): { sim: CustomerIoSimulator; ws: Workspace } {
	const sim = new CustomerIoSimulator(options);
	// A workspace needs no running server, so callers get it at once, not after beforeAll.
	const ws = sim.addWorkspace(workspace);
	beforeAll(() => sim.start(0));
	afterAll(() => sim.stop());
	beforeEach(() => {
		sim.clearRequests();
		sim.clearFaults();
	});
	return { sim, ws };
}
