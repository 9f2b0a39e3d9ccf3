/**
 * Builds a request path from a template, URL-encoding each parameter (identifiers may be
 * emails or contain slashes). The template itself is kept as the `route`: errors and logs
 * name the route, never the identifier, so no email address leaks into an error message.
 */
export interface CioPath {
	path: string;
	route: string;
}

export function cioPath(template: string, params: Record<string, string | number> = {}): CioPath {
	const path = template.replace(/\{(\w+)\}/g, (_match, name: string) => {
		if (!(name in params)) throw new Error(`Missing path parameter "${name}" for ${template}`);
		return encodeURIComponent(String(params[name]));
	});
	return { path, route: template };
}
