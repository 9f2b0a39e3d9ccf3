import { spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';

/**
 * scripts/check-n8n-runtime.mjs decides whether a cached n8n runtime may be reused: an n8n
 * installed without its install scripts has no sqlite3 binding and fails at startup ("SQLite
 * package has not been found installed"), so the check loads sqlite3 the way n8n does and runs a
 * query. Here against small fake runtimes; the e2e suite and install-n8n.sh run it on real ones.
 */
const CHECK = resolve(__dirname, '../../../scripts/check-n8n-runtime.mjs');
let folder: string;

function fakeRuntime(sqlite3?: string): string {
	const runtime = mkdtempSync(join(folder, 'runtime-'));
	mkdirSync(join(runtime, 'node_modules/n8n'), { recursive: true });
	writeFileSync(join(runtime, 'node_modules/n8n/package.json'), JSON.stringify({ name: 'n8n', version: '0.0.0' }));
	if (sqlite3 !== undefined) {
		mkdirSync(join(runtime, 'node_modules/sqlite3'), { recursive: true });
		writeFileSync(join(runtime, 'node_modules/sqlite3/package.json'), JSON.stringify({ name: 'sqlite3', main: 'index.js' }));
		writeFileSync(join(runtime, 'node_modules/sqlite3/index.js'), sqlite3);
	}
	return runtime;
}

const check = (runtime: string) => spawnSync(process.execPath, [CHECK, runtime], { encoding: 'utf8' });

beforeAll(() => {
	folder = mkdtempSync(join(tmpdir(), 'runtime-check-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('n8n runtime check', () => {
	it('accepts a runtime whose sqlite3 loads and answers a query', () => {
		const working = `exports.Database = class { get(sql, cb) { cb(null, { ok: 1 }); } };`;
		expect(check(fakeRuntime(working)).status).toBe(0);
	});

	it('rejects a runtime whose sqlite3 binding was never built', () => {
		const unbuilt = `throw new Error('Could not locate the bindings file. Tried: build/Release/node_sqlite3.node');`;
		const result = check(fakeRuntime(unbuilt));
		expect(result.status).toBe(1);
		expect(result.stderr).toContain('a native module does not load');
		expect(result.stderr).toContain('Could not locate the bindings file');
	});

	it('rejects a runtime without sqlite3 at all, and one whose sqlite3 cannot run a query', () => {
		expect(check(fakeRuntime()).status).toBe(1);
		const broken = `exports.Database = class { get(sql, cb) { cb(new Error('SQLITE_CANTOPEN')); } };`;
		expect(check(fakeRuntime(broken)).status).toBe(1);
	});
});
