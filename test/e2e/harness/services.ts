import { execFileSync, spawn, type ChildProcess } from 'child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { freePort } from './n8n';

/**
 * PostgreSQL and Redis from Debian's packages, started on loopback with their data in a temp
 * folder, for n8n's queue mode. `scripts/install-system-deps.sh` installs the packages.
 */
export interface Service {
	readonly port: number;
	readonly logs: string;
	stop(): Promise<void>;
}

class ChildService implements Service {
	private output = '';

	constructor(
		readonly port: number,
		private readonly child: ChildProcess,
		private readonly dir: string,
	) {
		const collect = (chunk: Buffer) => (this.output += chunk.toString());
		child.stdout?.on('data', collect);
		child.stderr?.on('data', collect);
	}

	get logs(): string {
		return this.output;
	}

	async ready(pattern: RegExp, what: string, timeoutMs = 60_000): Promise<this> {
		const deadline = Date.now() + timeoutMs;
		while (!pattern.test(this.output)) {
			if (this.child.exitCode !== null) throw new Error(`${what} exited (${this.child.exitCode}):\n${this.output.slice(-3000)}`);
			if (Date.now() > deadline) throw new Error(`${what} did not start within ${timeoutMs} ms:\n${this.output.slice(-3000)}`);
			await new Promise((r) => setTimeout(r, 100));
		}
		return this;
	}

	async stop(): Promise<void> {
		if (this.child.exitCode === null && this.child.signalCode === null) {
			const exited = new Promise((resolve) => this.child.once('exit', resolve));
			// SIGINT is PostgreSQL's "fast shutdown"; Redis saves nothing (no persistence configured).
			this.child.kill('SIGINT');
			const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
			await exited;
			clearTimeout(timer);
		}
		rmSync(this.dir, { recursive: true, force: true });
	}
}

function postgresBin(name: string): string {
	const root = '/usr/lib/postgresql';
	const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
	for (const version of versions) {
		const bin = join(root, version, 'bin', name);
		if (existsSync(bin)) return bin;
	}
	throw new Error(`PostgreSQL's ${name} was not found under ${root}: run "bash scripts/install-system-deps.sh" (apt-get install postgresql)`);
}

/**
 * PostgreSQL refuses to run as root: as root, its commands run as the package's "postgres"
 * user through setpriv, which execs in place, so signals reach the server itself.
 */
function asDatabaseUser(dir: string): string[] {
	if (process.getuid?.() !== 0) return [];
	const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
	const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
	chownSync(dir, uid, gid);
	return ['setpriv', `--reuid=${uid}`, `--regid=${gid}`, '--init-groups', '--'];
}

export const POSTGRES_USER = 'n8n';
export const POSTGRES_DATABASE = 'postgres';

export interface Postgres extends Service {
	/** Runs SQL with psql as the "n8n" user (fails on the first error). */
	psql(sql: string, database?: string): string;
}

/**
 * A throwaway PostgreSQL: trust auth for user "n8n" on 127.0.0.1, durability off (tests only).
 * `port`: a fixed one (npm start's store, whose credential n8n keeps between runs); default free.
 */
export async function startPostgres(options: { port?: number } = {}): Promise<Postgres> {
	const dir = mkdtempSync(join(tmpdir(), 'n8n-queue-pg-'));
	const prefix = asDatabaseUser(dir);
	const data = join(dir, 'data');
	const run = (args: string[]) => (prefix.length ? [prefix[0], [...prefix.slice(1), ...args]] : [args[0], args.slice(1)]) as [string, string[]];
	execFileSync(...run([postgresBin('initdb'), '-D', data, '-U', POSTGRES_USER, '--auth=trust', '-E', 'UTF8', '--locale=C']), { stdio: 'pipe' });
	const port = options.port ?? (await freePort());
	const [command, args] = run([
		postgresBin('postgres'),
		'-D', data,
		'-p', String(port),
		'-k', dir,
		'-c', 'listen_addresses=127.0.0.1',
		'-c', 'fsync=off',
		'-c', 'synchronous_commit=off',
		'-c', 'full_page_writes=off',
		'-c', 'max_connections=200',
	]);
	const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
	const service = await new ChildService(port, child, dir).ready(/database system is ready to accept connections/, 'PostgreSQL');
	return Object.assign(service, {
		psql: (sql: string, database = POSTGRES_DATABASE) =>
			execFileSync(postgresBin('psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', POSTGRES_USER, '-d', database, '-v', 'ON_ERROR_STOP=1', '-qAt', '-c', sql]).toString(),
	});
}

/** A throwaway Redis on 127.0.0.1 without persistence. */
export async function startRedis(): Promise<Service> {
	if (!existsSync('/usr/bin/redis-server')) {
		throw new Error('redis-server was not found: run "bash scripts/install-system-deps.sh" (apt-get install redis-server)');
	}
	const dir = mkdtempSync(join(tmpdir(), 'n8n-queue-redis-'));
	const port = await freePort();
	const child = spawn('/usr/bin/redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	return await new ChildService(port, child, dir).ready(/Ready to accept connections/, 'Redis');
}
