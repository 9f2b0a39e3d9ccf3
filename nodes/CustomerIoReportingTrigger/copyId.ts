import type { IDataObject } from 'n8n-workflow';

/**
 * The AI Personalize copy_id a reporting event carries back, for the closed loop's exact join.
 * The journey puts the copy_id of the answer into the email twice:
 * - a custom header (`X-Cio-Copy-Id: {{journey.ai_welcome.copy_id}}`): with the reporting
 *   webhook's "Body Content" on, `email_sent` has `data.headers`, a map of header name to a list
 *   of values (reporting-webhooks spec, `email_sent.data.headers`), beside `delivery_id`;
 * - a link parameter (`?cio_copy={{journey.ai_welcome.copy_id}}`): `email_clicked` has the
 *   clicked link in `data.href`.
 * Every other event of that delivery is joined to the copy through `delivery_id` in the store.
 */
export interface CopyIdSources {
	/** Header name, matched without regard to case (mail systems change it); '' turns it off. */
	header: string;
	/** Query parameter of the clicked link; '' turns it off. */
	linkParameter: string;
}

export const DEFAULT_COPY_ID_SOURCES: CopyIdSources = { header: 'X-Cio-Copy-Id', linkParameter: 'cio_copy' };

/** AI Personalize's copy_id limit: anything longer is not one of its copy_ids. */
const COPY_ID_MAX_CHARS = 100;

/** Header names are RFC 7230 tokens; link parameters anything short without spaces or delimiters. */
export const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;
export const LINK_PARAMETER = /^[^\s&=#?]{1,100}$/;

const copyIdOf = (value: unknown): string | null => {
	if (typeof value !== 'string') return null;
	const id = value.trim();
	// Liquid renders a missing attribute as "": that is "no copy", not a copy named "".
	return id && id.length <= COPY_ID_MAX_CHARS ? id : null;
};

function fromHeaders(headers: unknown, name: string): string | null {
	if (!name || headers === null || typeof headers !== 'object' || Array.isArray(headers)) return null;
	const wanted = name.toLowerCase();
	for (const [key, values] of Object.entries(headers as IDataObject)) {
		if (key.toLowerCase() !== wanted) continue;
		const list: unknown[] = Array.isArray(values) ? values : [values];
		for (const value of list) {
			const id = copyIdOf(value);
			if (id) return id;
		}
	}
	return null;
}

function fromLink(href: unknown, parameter: string): string | null {
	if (!parameter || typeof href !== 'string') return null;
	try {
		return copyIdOf(new URL(href).searchParams.get(parameter));
	} catch {
		return null; // not an absolute URL: no parameter to read
	}
}

/** The copy_id the event carries (header first, then link), or null. */
export function copyIdFromEvent(data: IDataObject, sources: CopyIdSources): string | null {
	return fromHeaders(data.headers, sources.header) ?? fromLink(data.href, sources.linkParameter);
}
