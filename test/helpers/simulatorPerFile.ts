import { CustomerIoSimulator, type SimulatorOptions, type Workspace, type WorkspaceInput } from '../simulator';
import { appOperation, appProblems } from './officialApp';

/**
 * A simulator with one workspace for the whole test file: started before its tests, stopped
 * after them, its recorded requests and injected faults cleared before each test so that no
 * test sees another's, and every App request of each test checked against Customer.io's
 * official request schema (test/fixtures/openapi/app-requests.json) after it. Call it at the
 * top of a test file (it registers Jest hooks).
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
	// Whatever a test does, every App request it made is one Customer.io's official schema takes.
	afterEach(() => {
		const refused = sim.requests
			.filter((r) => r.api === 'app' && appOperation(r.method, r.path))
			.flatMap((r) => appProblems(r.method, r.path, { query: r.query, body: r.body }).map((problem) => `${r.method} ${r.path}: ${problem}`));
		expect(refused).toEqual([]);
	});
	return { sim, ws };
}
