// Checks an installed n8n runtime before it is trusted: the native modules n8n needs load in the
// runtime's own Node.js (a runtime installed without its install scripts has none), and with
// --boot, n8n really starts on SQLite in a throwaway user folder.
// Usage: node scripts/check-n8n-runtime.mjs <runtime folder> [--boot]   (exit 0 = good)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [runtime, flag] = process.argv.slice(2);
const node = existsSync(join(runtime, 'bin/node')) ? join(runtime, 'bin/node') : process.execPath;
const n8nBin = join(runtime, 'node_modules/n8n/bin/n8n');

// sqlite3 is n8n's default database driver; isolated-vm (newer n8n) runs its expression sandbox.
const probe = `
const { createRequire } = require('module');
const fromN8n = createRequire(require.resolve('n8n/package.json', { paths: [process.argv[1]] }));
const sqlite3 = fromN8n('sqlite3');
const db = new sqlite3.Database(':memory:');
db.get('select 1 as ok', (error, row) => {
	if (error || !row || row.ok !== 1) { console.error('sqlite3 does not answer a query:', error); process.exit(1); }
	try { fromN8n.resolve('isolated-vm'); } catch { process.exit(0); }
	fromN8n('isolated-vm');
});`;
const loaded = spawnSync(node, ['-e', probe, runtime], { encoding: 'utf8' });
if (loaded.status !== 0) {
	console.error(`n8n runtime at ${runtime}: a native module does not load:\n${(loaded.stderr || loaded.stdout).split('\n').slice(0, 8).join('\n')}`);
	process.exit(1);
}
if (flag !== '--boot') process.exit(0);

const freePort = () =>
	new Promise((resolve) => {
		const server = createServer().listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
const folder = mkdtempSync(join(tmpdir(), 'n8n-runtime-check-'));
const env = {
	PATH: process.env.PATH,
	HOME: folder,
	N8N_USER_FOLDER: folder,
	N8N_PORT: String(await freePort()),
	N8N_RUNNERS_BROKER_PORT: String(await freePort()),
	N8N_LISTEN_ADDRESS: '127.0.0.1',
	DB_TYPE: 'sqlite',
	N8N_DIAGNOSTICS_ENABLED: 'false',
	N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
	N8N_TEMPLATES_ENABLED: 'false',
	N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
};
const child = spawn(node, [n8nBin, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
let output = '';
const ready = await new Promise((resolve) => {
	const timer = setTimeout(() => resolve(false), 180_000);
	const collect = (chunk) => {
		output += chunk;
		if (/Editor is now accessible/.test(output)) {
			clearTimeout(timer);
			resolve(true);
		}
	};
	child.stdout.on('data', collect);
	child.stderr.on('data', collect);
	child.on('exit', () => {
		clearTimeout(timer);
		resolve(false);
	});
});
if (child.exitCode === null) {
	const exited = new Promise((resolve) => child.once('exit', resolve));
	child.kill('SIGKILL');
	await exited;
}
rmSync(folder, { recursive: true, force: true });
if (!ready) {
	console.error(`n8n runtime at ${runtime} did not start on SQLite:\n${output.slice(-3000)}`);
	process.exit(1);
}
console.log(`n8n runtime at ${runtime} starts on SQLite`);
