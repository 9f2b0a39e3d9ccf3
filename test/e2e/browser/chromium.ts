import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { REPO_ROOT } from '../harness/install';

/**
 * Debian's Chromium driven by playwright-core: no downloaded browser, a fresh profile per run,
 * loopback only. Screenshots of every step go to test/e2e/artifacts/<suite>/ (git-ignored);
 * with UPDATE_SCREENSHOTS=1 the README's screenshots are also written to docs/screenshots/.
 */
export const CHROMIUM = '/usr/bin/chromium';
export const VIEWPORT = { width: 1440, height: 900 };
export const ARTIFACTS_ROOT = join(REPO_ROOT, 'test/e2e/artifacts');
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
export const README_SCREENSHOTS = join(REPO_ROOT, 'docs/screenshots');

/** The flags from docs/n8n-notes.md (playwright adds --headless itself for `headless: true`). */
const FLAGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

export interface Browser {
	context: BrowserContext;
	page: Page;
	/** Screenshot of the current step into the artifacts folder (numbered in order). */
	shot(name: string): Promise<string>;
	/** A 1440x900 screenshot for the README: into the artifacts, and into docs/screenshots/<name>.png with UPDATE_SCREENSHOTS=1. */
	readmeShot(name: string): Promise<string>;
	/** Screenshot and DOM of a failure, for debugging. */
	failure(name: string): Promise<void>;
	close(): Promise<void>;
}

export async function launchChromium(suite: string): Promise<Browser> {
	if (!existsSync(CHROMIUM)) {
		throw new Error(
			`Chromium is missing at ${CHROMIUM}: run \`apt-get update && apt-get install -y chromium\` (Debian's package; the browser tests never download a browser).`,
		);
	}
	const artifacts = join(ARTIFACTS_ROOT, suite);
	rmSync(artifacts, { recursive: true, force: true });
	mkdirSync(artifacts, { recursive: true });
	const profile = mkdtempSync(join(tmpdir(), 'chromium-e2e-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM,
		headless: true,
		args: FLAGS,
		viewport: VIEWPORT,
		locale: 'en-US',
		timezoneId: 'UTC',
	});
	context.setDefaultTimeout(20_000);
	const log: string[] = [];
	// Loopback only: anything else the editor tries (banners, telemetry, fonts) is refused and logged.
	await context.route(
		(url) => !LOOPBACK.has(url.hostname) && url.protocol !== 'data:' && url.protocol !== 'blob:',
		async (route) => {
			log.push(`blocked: ${route.request().method()} ${route.request().url()}`);
			await route.abort('blockedbyclient');
		},
	);
	const page = context.pages()[0] ?? (await context.newPage());
	page.on('pageerror', (error) => log.push(`pageerror: ${error.message}`));
	page.on('console', (message) => {
		if (message.type() === 'error') log.push(`console.error: ${message.text()}`);
	});
	let counter = 0;
	const file = (name: string) => join(artifacts, `${String(++counter).padStart(2, '0')}-${name}.png`);
	return {
		context,
		page,
		async shot(name) {
			const path = file(name);
			await page.screenshot({ path, animations: 'disabled' });
			return path;
		},
		async readmeShot(name) {
			await dismissToasts(page);
			const path = file(`readme-${name}`);
			await page.screenshot({ path, animations: 'disabled' });
			// The committed README images change only on purpose (UPDATE_SCREENSHOTS=1), never as a side effect of CI.
			if (process.env.UPDATE_SCREENSHOTS === '1') await page.screenshot({ path: join(README_SCREENSHOTS, `${name}.png`), animations: 'disabled' });
			return path;
		},
		async failure(name) {
			await page.screenshot({ path: file(`FAILED-${name}`) }).catch(() => undefined);
			const html = await page.content().catch((error: unknown) => `no DOM: ${String(error)}`);
			writeFileSync(join(artifacts, `FAILED-${name}.html`), html);
		},
		async close() {
			writeFileSync(join(artifacts, 'browser-console.log'), log.join('\n') + '\n');
			await context.close().catch(() => undefined);
			rmSync(profile, { recursive: true, force: true });
		},
	};
}

/** Closes n8n's toast notifications so they do not cover README screenshots. */
export async function dismissToasts(page: Page): Promise<void> {
	const close = page.locator('.el-notification .el-notification__closeBtn:visible');
	for (let i = await close.count(); i > 0; i--) {
		await close.first().click().catch(() => undefined);
	}
	await page.locator('.el-notification:visible').first().waitFor({ state: 'detached', timeout: 3000 }).catch(() => undefined);
}

/**
 * Picks an option of an n8n "options" parameter (an element-plus select) by its visible name;
 * answers the names the dropdown offered.
 */
export async function selectOption(page: Page, container: Locator, parameter: string, option: string): Promise<string[]> {
	await container.locator(`[data-test-id="parameter-input-${parameter}"] input`).click();
	const items = page.locator('.el-select-dropdown__item:visible');
	await items.first().waitFor();
	const names = (await items.allInnerTexts()).map((text) => text.split('\n')[0].trim());
	await items.filter({ hasText: new RegExp(`^\\s*${escapeRegExp(option)}`) }).first().click();
	await items.first().waitFor({ state: 'hidden' });
	return names;
}

export function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
