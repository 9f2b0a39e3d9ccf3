/** What a simulated endpoint answers: status, JSON body (or none) and extra headers. */
export interface Reply {
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
}

export const ok = (body: unknown = {}): Reply => ({ status: 200, body });

/** Track v1 and most App errors: `{"meta":{"error":"..."}}`. */
export const metaError = (status: number, error: string): Reply => ({ status, body: { meta: { error } } });

/** The Track spec's generic 400 (devices, segments): `{"meta":{"errors":["..."]}}`. */
export const metaErrors = (status: number, errors: string[]): Reply => ({ status, body: { meta: { errors } } });

/** App API resource errors: `{"errors":[{"detail","status"}]}`. */
export const detailError = (status: number, detail: string): Reply => ({
	status,
	body: { errors: [{ detail, status: String(status) }] },
});

export const isObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);
