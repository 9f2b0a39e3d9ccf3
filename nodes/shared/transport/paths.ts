/**
 * Builds a request path from a template, URL-encoding each parameter (identifiers may be
 * emails or contain slashes). The template itself is kept as the `route`: errors and logs
 * name the route, never the identifier, so no email address leaks into an error message.
 */
export interface CioPath {
	path: string;
	route: string;
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
		path += encodeURIComponent(String(params[name])) + parts[i + 1];
	}
	return { path, route: template };
}
