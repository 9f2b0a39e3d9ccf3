/**
 * Where a credential's requests go. Customer.io has one Track host and one App host per
 * region; "custom" URLs serve the local sandbox, tests and corporate proxies.
 */
export type Region = 'us' | 'eu';
export type RegionSetting = Region | 'custom';

export interface CustomerIoHosts {
	/** Track API root; v1 paths are `${track}/api/v1/...`, v2 `${track}/api/v2/...`. */
	track: string;
	/** App API root; paths are `${app}/v1/...`. */
	app: string;
	/** The region the user says the workspace is in (for custom URLs: the region behind them). */
	region: Region;
}

const PRODUCTION: Record<Region, { track: string; app: string }> = {
	us: { track: 'https://track.customer.io', app: 'https://api.customer.io' },
	eu: { track: 'https://track-eu.customer.io', app: 'https://api-eu.customer.io' },
};

export interface HostSettings {
	region?: unknown;
	customRegion?: unknown;
	trackBaseUrl?: unknown;
	appBaseUrl?: unknown;
}

function cleanBaseUrl(value: unknown, field: string): string {
	const text = typeof value === 'string' ? value.trim().replace(/\/+$/, '') : '';
	if (!/^https?:\/\/[^\s/]+/i.test(text)) {
		throw new Error(`${field} must be an http(s) URL such as https://track.customer.io`);
	}
	return text;
}

export function resolveHosts(settings: HostSettings): CustomerIoHosts {
	const region = settings.region === 'eu' ? 'eu' : settings.region === 'custom' ? 'custom' : 'us';
	if (region !== 'custom') return { ...PRODUCTION[region], region };
	const track = cleanBaseUrl(settings.trackBaseUrl, 'Track Base URL');
	const app = cleanBaseUrl(settings.appBaseUrl, 'App Base URL');
	// Auth is chosen by URL prefix, so one URL must not be a prefix of the other.
	if (track.startsWith(app) || app.startsWith(track)) {
		throw new Error('Track Base URL and App Base URL must be different, non-nested URLs');
	}
	return { track, app, region: settings.customRegion === 'eu' ? 'eu' : 'us' };
}

/** The other production region, to tell "wrong key" from "right key, wrong region". */
export function otherRegion(region: Region): Region {
	return region === 'us' ? 'eu' : 'us';
}

export function productionHosts(region: Region): CustomerIoHosts {
	return { ...PRODUCTION[region], region };
}

/** Which API a full URL belongs to, by prefix; `undefined` for any other host (gets no key). */
export function apiOf(url: string, hosts: CustomerIoHosts): 'track' | 'app' | undefined {
	const within = (base: string) => url === base || url.startsWith(`${base}/`);
	if (within(hosts.track)) return 'track';
	if (within(hosts.app)) return 'app';
	return undefined;
}

/**
 * The host a redirect points to, for an error message: only the host, because the path and
 * query of a Location may carry data. Undefined when there is no usable Location.
 */
export function redirectHost(location: unknown, requestUrl: string): string | undefined {
	const text = Array.isArray(location) ? location[0] : location;
	if (typeof text !== 'string' || !text) return undefined;
	try {
		return new URL(text, requestUrl).host || undefined;
	} catch {
		return undefined;
	}
}
