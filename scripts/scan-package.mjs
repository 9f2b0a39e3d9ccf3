// n8n's own verification scan (@n8n/scan-community-package), offline: the registry-based CLI
// needs a published package, so this runs its two legs on our files directly — the source
// leg on nodes/ and credentials/ (what the scanner lints from the provenance-attested repo)
// and the artifact leg on the extracted `npm pack` tarball (compiled JS + package.json).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzePackage, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = new URL('..', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'cio-scan-'));
try {
	const [{ filename }] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
	const unpacked = join(work, 'package');
	execFileSync('tar', ['-xzf', join(work, filename), '-C', work]);
	const source = await analyzePackage(root, SOURCE_FILE_PATTERNS);
	const artifact = await analyzePackage(unpacked, ['**/*.js', 'package.json']);
	for (const [leg, result] of [['source', source], ['packed tarball', artifact]]) {
		console.log(result.passed ? `✅ n8n community scan (${leg}): passed` : `❌ n8n community scan (${leg}): ${result.message}\n${result.details ?? ''}`);
	}
	process.exitCode = source.passed && artifact.passed ? 0 : 1;
} finally {
	rmSync(work, { recursive: true, force: true });
}
