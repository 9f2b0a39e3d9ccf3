// What `npm publish` would upload (`npm pack --dry-run`): the built package and nothing else —
// dist/, package.json, README.md, LICENSE. Sources, tests, scripts and maps of local paths stay home.
import { execFileSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
const files = pack.files.map((file) => file.path);
const allowed = (path) => path.startsWith('dist/') || ['package.json', 'README.md', 'LICENSE'].includes(path);
const unexpected = files.filter((path) => !allowed(path));
const sources = files.filter((path) => /\.ts$/.test(path) && !path.endsWith('.d.ts'));
const missing = ['package.json', 'README.md', 'LICENSE'].filter((path) => !files.includes(path));
if (unexpected.length || sources.length || missing.length || !files.some((path) => path.startsWith('dist/'))) {
	console.error(`❌ npm pack would publish the wrong files:${unexpected.length ? `\n  not allowed: ${unexpected.join(', ')}` : ''}${sources.length ? `\n  TypeScript sources: ${sources.join(', ')}` : ''}${missing.length ? `\n  missing: ${missing.join(', ')}` : ''}`);
	process.exit(1);
}
console.log(`✅ npm pack: ${files.length} files, ${(pack.size / 1024).toFixed(0)} kB packed (dist/, package.json, README.md, LICENSE)`);
