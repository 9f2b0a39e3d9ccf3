import type { IDataObject } from 'n8n-workflow';

export const REDACTED = '[redacted]';

/** Shorter values are not treated as secrets: hiding them would mangle ordinary text. */
const MIN_SECRET_LENGTH = 4;
/** Deeper than this a value is cut off instead of walked: bodies come from the network. */
const MAX_DEPTH = 32;

function base64Forms(text: string): string[] {
	const standard = Buffer.from(text, 'utf8').toString('base64');
	const unpadded = standard.replace(/=+$/, '');
	return [standard, unpadded, unpadded.replace(/\+/g, '-').replace(/\//g, '_')];
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Hides every form in which a credential can come back from a server or a library: the raw
 * site ID and keys, the Track pair `siteId:trackKey`, base64 of each (the Basic header is
 * `Basic base64(pair)`, the Bearer header carries the raw App key), and the URL-encoded form of
 * all of these. Matching ignores case (`%2b` and `%2B`). Every text the transport hands on —
 * error messages, descriptions, error context, response bodies — goes through one instance.
 */
export class Redactor {
	private readonly pattern?: RegExp;

	constructor(private readonly secrets: string[]) {
		const forms = new Set<string>();
		for (const secret of secrets) {
			if (secret.length < MIN_SECRET_LENGTH) continue;
			for (const form of [secret, ...base64Forms(secret)]) {
				forms.add(form);
				forms.add(encodeURIComponent(form));
			}
		}
		// Longest first, so a whole header value is replaced rather than the key inside it.
		const alternatives = [...forms].sort((a, b) => b.length - a.length).map(escapeRegExp);
		// A list of literals: matching is linear in the text.
		if (alternatives.length > 0) this.pattern = new RegExp(alternatives.join('|'), 'gi');
	}

	static forCredentials(credentials: IDataObject): Redactor {
		const value = (field: string) => (typeof credentials[field] === 'string' ? (credentials[field] as string) : '');
		const siteId = value('siteId');
		const trackKey = value('trackApiKey');
		const raw = [siteId, trackKey, value('appApiKey'), value('signingKey')];
		return new Redactor(siteId || trackKey ? [...raw, `${siteId}:${trackKey}`] : raw);
	}

	/** This redactor plus more secrets (those of one request). */
	including(more: string[]): Redactor {
		return more.length ? new Redactor([...this.secrets, ...more]) : this;
	}

	text(value: string): string {
		return this.pattern ? value.replace(this.pattern, REDACTED) : value;
	}

	/** A copy of a JSON value with every string (keys included) redacted. */
	deep(value: unknown, depth = 0): unknown {
		if (typeof value === 'string') return this.text(value);
		if (value === null || typeof value !== 'object') return value;
		if (depth >= MAX_DEPTH) return '[too deeply nested]';
		if (Array.isArray(value)) return value.map((entry) => this.deep(entry, depth + 1));
		// fromEntries defines own properties, so a "__proto__" key stays a plain key.
		return Object.fromEntries(
			Object.entries(value).map(([key, entry]) => [this.text(key), this.deep(entry, depth + 1)]),
		);
	}
}
