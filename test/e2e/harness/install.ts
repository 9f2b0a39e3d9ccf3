import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join, resolve } from 'path';

export const REPO_ROOT = resolve(__dirname, '../../..');
export const PACKAGE_NAME = 'n8n-nodes-customerio-lifecycle';
export const N8N_BIN = join(REPO_ROOT, '.n8n-runtime/node_modules/n8n/bin/n8n');

/**
 * Puts the built package where n8n's community-package installer puts it:
 * `<N8N_USER_FOLDER>/.n8n/nodes/node_modules/<name>`, holding only `package.json` and `dist/`
 * (n8n installs with --omit=dev, so nothing else exists at run time; `n8n-workflow` and `zod`
 * then resolve to n8n's own copies, as for users). Node types become `<name>.<node>`.
 */
export function installBuiltPackage(userFolder: string): string {
	if (!existsSync(join(REPO_ROOT, 'dist/nodes/CustomerIo/CustomerIoLifecycle.node.js'))) {
		throw new Error('dist/ is missing: run `npm run build` first');
	}
	const nodesDir = join(userFolder, '.n8n/nodes');
	const target = join(nodesDir, 'node_modules', PACKAGE_NAME);
	rmSync(target, { recursive: true, force: true });
	mkdirSync(target, { recursive: true });
	cpSync(join(REPO_ROOT, 'dist'), join(target, 'dist'), { recursive: true });
	cpSync(join(REPO_ROOT, 'package.json'), join(target, 'package.json'));
	const manifest = join(nodesDir, 'package.json');
	const version = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
	writeFileSync(manifest, JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [PACKAGE_NAME]: version } }, null, 2));
	return target;
}

export function assertRuntimeInstalled(): void {
	if (!existsSync(N8N_BIN)) {
		throw new Error('The pinned n8n runtime is missing: run `bash scripts/install-n8n.sh` (npm test does it).');
	}
}
