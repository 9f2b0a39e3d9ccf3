/**
 * Builds a request path from a template, URL-encoding each parameter (identifiers may be
 * emails or contain slashes). The template itself is kept as the `route`: errors and logs
 * name the route, never the identifier, so no email address leaks into an error message.
 */
export interface CioPath {
	path: string;
	route: string;
}

/**
 * Why a value cannot be one path segment, or undefined when it can. After encodeURIComponent
 * a segment holds only letters, digits, `-_.!~*'()` and %XX escapes, so `/ \ ? #` and `%2e`
 * are inert; what URL normalisation still rewrites is an empty segment or one that is exactly
 * `.` or `..` (`/customers/../events` becomes `/events`). Lone UTF-16 surrogates cannot be
 * encoded at all.
 */
export function pathSegmentProblem(value: string): string | undefined {
	if (value === '') return 'is empty';
	if (value === '.' || value === '..') return `"${value}" would change the request path (URLs read it as "this/parent folder")`;
	try {
		encodeURIComponent(value);
	} catch {
		return 'contains an unpaired UTF-16 surrogate, which cannot be put in a URL';
	}
	return undefined;
}

// Each template split once into literal text and parameter names (alternating): a batch of
// 10,000 items builds as many paths.
const compiledTemplates = new Map<string, string[]>();

export function cioPath(template: string, params: Record<string, string | number> = {}): CioPath {
	let parts = compiledTemplates.get(template);
	if (!parts) {
		parts = template.split(/\{(\w+)\}/);
		compiledTemplates.set(template, parts);
	}
	let path = parts[0];
	for (let i = 1; i < parts.length; i += 2) {
		const name = parts[i];
		if (!(name in params)) throw new Error(`Missing path parameter "${name}" for ${template}`);
		const value = String(params[name]);
		// Callers validate first (with a message naming the field); this keeps any path from changing.
		const problem = pathSegmentProblem(value);
		if (problem) throw new Error(`Path parameter "${name}" of ${template}: ${problem}`);
		path += encodeURIComponent(value) + parts[i + 1];
	}
	return { path, route: template };
}
