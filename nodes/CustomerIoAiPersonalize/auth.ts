import { createHash, timingSafeEqual } from 'crypto';
import { verifyV0 } from '../shared/signature';
import { ownValue } from './own';

/**
 * Who may ask for copy: Customer.io's v0 signature over the raw body, a shared-secret header,
 * or Basic auth (which a Webhook Action can carry in its URL). Secrets are compared in
 * constant time; "none" exists only as an explicit, warned-about choice.
 */
export type RequestAuth =
	| { mode: 'signature'; signingKey: string; toleranceSeconds: number }
	| { mode: 'header'; name: string; value: string }
	| { mode: 'basic'; user: string; password: string }
	| { mode: 'none' };

/**
 * The credential's values as a RequestAuth, or what is wrong with them. Weak secrets are
 * refused: this URL spends model budget and returns copy to whoever passes.
 */
export function authFromCredential(data: Record<string, unknown>, toleranceSeconds: number): RequestAuth | { error: string } {
	const text = (key: string) => String(data[key] ?? '').trim();
	switch (data.method ?? 'header') {
		case 'header':
			if (!/^[A-Za-z0-9-]{1,64}$/.test(text('headerName'))) return { error: 'Header Name must be a plain header name such as X-Api-Key' };
			if (text('headerValue').length < 16) return { error: 'Header Value must be a secret of at least 16 characters' };
			return { mode: 'header', name: text('headerName'), value: text('headerValue') };
		case 'basic':
			if (!text('user') || text('user').includes(':')) return { error: 'User must be set and must not contain ":"' };
			if (text('password').length < 12) return { error: 'Password must have at least 12 characters' };
			return { mode: 'basic', user: text('user'), password: text('password') };
		case 'signature':
			if (text('signingKey').length < 16) return { error: 'Signing Key must have at least 16 characters' };
			return { mode: 'signature', signingKey: text('signingKey'), toleranceSeconds };
		default:
			return { error: `Unknown method ${String(data.method)}` };
	}
}

const digest = (text: string) => createHash('sha256').update(text).digest();
const same = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));

function header(headers: Record<string, unknown>, name: string): string | undefined {
	const value = ownValue(headers, name.toLowerCase());
	return typeof value === 'string' ? value : Array.isArray(value) ? String(value[0]) : undefined;
}

/** undefined when the request may proceed, else why it may not (for the 401 body). */
export function checkAuth(auth: RequestAuth, rawBody: Buffer, headers: Record<string, unknown>, nowSeconds: number): string | undefined {
	switch (auth.mode) {
		case 'none':
			return undefined;
		case 'signature': {
			const check = verifyV0({
				signingKey: auth.signingKey,
				timestamp: header(headers, 'x-cio-timestamp'),
				signature: header(headers, 'x-cio-signature'),
				rawBody,
				nowSeconds,
				toleranceSeconds: auth.toleranceSeconds,
			});
			return check.ok ? undefined : `signature check failed (${check.reason})`;
		}
		case 'header': {
			const given = header(headers, auth.name);
			return given !== undefined && same(given, auth.value) ? undefined : `missing or wrong ${auth.name} header`;
		}
		case 'basic': {
			// Disjoint classes (\s, \S) keep the match linear in the header's length.
			const encoded = /^Basic\s+(\S+)\s*$/i.exec(header(headers, 'authorization') ?? '')?.[1];
			const given = encoded ? Buffer.from(encoded, 'base64').toString('utf8') : '';
			return encoded && same(given, `${auth.user}:${auth.password}`) ? undefined : 'missing or wrong Basic auth';
		}
	}
}
