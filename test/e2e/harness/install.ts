import { execFileSync } from 'child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join, resolve } from 'path';

export const REPO_ROOT = resolve(__dirname, '../../..');
export const PACKAGE_NAME = 'n8n-nodes-customerio-lifecycle';

/** The n8n runtimes the tests use: `pinned` for the full suite, `matrix` for the compatibility e2e. */
export const N8N_VERSIONS = JSON.parse(readFileSync(join(REPO_ROOT, 'test/compat/n8n-versions.json'), 'utf8')) as {
	pinned: string;
	matrix: Array<{ n8n: string; node: string; role: string }>;
};

/** An installed n8n (scripts/install-n8n.sh): its entry script and the Node.js it runs on. */
export interface Runtime {
	version: string;
	bin: string;
	node: string;
}

export function runtime(version = N8N_VERSIONS.pinned): Runtime {
	const folder = join(REPO_ROOT, '.n8n-runtimes', version);
	const bin = join(folder, 'node_modules/n8n/bin/n8n');
	if (!existsSync(bin)) {
		throw new Error(`The n8n ${version} runtime is missing: run \`bash scripts/install-n8n.sh ${version}\` (npm test does it).`);
	}
	const node = join(folder, 'bin/node');
	return { version, bin, node: existsSync(node) ? node : process.execPath };
}

/**
 * Puts the built package where n8n's community-package installer puts it:
 * `<N8N_USER_FOLDER>/.n8n/nodes/node_modules/<name>`, holding only `package.json` and `dist/`
 * (n8n installs with --omit=dev, so nothing else exists at run time; `n8n-workflow` and `zod`
 * then resolve to n8n's own copies, as for users). Node types become `<name>.<node>`.
 */
export function installBuiltPackage(userFolder: string): string {
	return placePackage(userFolder, (target) => {
		cpSync(join(REPO_ROOT, 'dist'), join(target, 'dist'), { recursive: true });
		cpSync(join(REPO_ROOT, 'package.json'), join(target, 'package.json'));
	});
}

/** `npm pack` of the built package: the file users download from the registry. */
export function packTarball(): string {
	assertBuilt();
	const destination = mkdtempSync(join(tmpdir(), 'cio-pack-'));
	const [packed] = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--pack-destination', destination], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
	) as Array<{ filename: string }>;
	return join(destination, packed.filename);
}

/**
 * Installs a packed tarball exactly as n8n 2.8's community-package installer does: extract it
 * into `.n8n/nodes/node_modules/<name>`, drop dev/peer/optional dependencies from its
 * package.json, then `npm install` there with n8n's flags (no scripts, no lockfile).
 */
export function installTarball(userFolder: string, tarball: string): string {
	return placePackage(userFolder, (target) => {
		execFileSync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1']);
		const manifestPath = join(target, 'package.json');
		const { devDependencies: _dev, peerDependencies: _peer, optionalDependencies: _optional, ...manifest } = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
		writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
		execFileSync('npm', ['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false'], { cwd: target, stdio: 'ignore' });
	});
}

/**
 * `npm install <tarball>` as people who bake n8n images do, without n8n's installer stripping
 * anything, run by the given runtime's Node.js and its npm: answers what landed in node_modules.
 */
export function plainInstall(tarball: string, on: Runtime): string[] {
	const folder = mkdtempSync(join(tmpdir(), 'cio-plain-install-'));
	try {
		writeFileSync(join(folder, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true }));
		const path = `${dirname(on.node)}:${process.env.PATH ?? ''}`;
		execFileSync('npm', ['install', '--audit=false', '--fund=false', tarball], { cwd: folder, stdio: 'ignore', env: { ...process.env, PATH: path } });
		return readdirSync(join(folder, 'node_modules')).filter((name) => !name.startsWith('.'));
	} finally {
		rmSync(folder, { recursive: true, force: true });
	}
}

function assertBuilt(): void {
	if (!existsSync(join(REPO_ROOT, 'dist/nodes/CustomerIo/CustomerIoLifecycle.node.js'))) {
		throw new Error('dist/ is missing: run `npm run build` first');
	}
}

function placePackage(userFolder: string, fill: (target: string) => void): string {
	assertBuilt();
	const nodesDir = join(userFolder, '.n8n/nodes');
	const target = join(nodesDir, 'node_modules', PACKAGE_NAME);
	rmSync(target, { recursive: true, force: true });
	mkdirSync(target, { recursive: true });
	fill(target);
	const manifest = join(nodesDir, 'package.json');
	const version = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
	writeFileSync(manifest, JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [PACKAGE_NAME]: version } }, null, 2));
	return target;
}
