import type { Workspace } from '../simulator';

/**
 * Every form in which a credential's keys may come back from a server or show up in n8n: the raw
 * site ID and keys, the `siteId:trackKey` pair, its base64 (padded, unpadded, base64url), the
 * `Basic …` and `Bearer …` header values, and the URL-encoded form of each.
 */
export function keyForms(ws: Workspace): string[] {
	const pair = `${ws.siteId}:${ws.trackApiKey}`;
	const base64 = Buffer.from(pair).toString('base64');
	const forms = [
		ws.siteId,
		ws.trackApiKey,
		ws.appApiKey,
		ws.signingKey,
		pair,
		base64,
		base64.replace(/=+$/, ''),
		Buffer.from(pair).toString('base64url'),
		Buffer.from(ws.appApiKey).toString('base64'),
		`Basic ${base64}`,
		`Bearer ${ws.appApiKey}`,
	];
	return [...forms, ...forms.map(encodeURIComponent)];
}

/** Throws, quoting the place, when `text` holds any form of the workspace's keys (case-insensitive). */
export function expectNoKeyIn(ws: Workspace, text: string): void {
	const lower = text.toLowerCase();
	for (const form of keyForms(ws)) {
		const at = lower.indexOf(form.toLowerCase());
		if (at >= 0) throw new Error(`a form of the keys leaked: ${JSON.stringify(form)} in …${text.slice(Math.max(0, at - 80), at + 80)}…`);
	}
}
