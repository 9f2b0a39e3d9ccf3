import { metaError, type Reply } from './reply';

/**
 * How the App API pages its long lists (segment membership, newsletters, deliveries, a person's
 * messages and activities): `limit` records a page, and `next`, an opaque token to send back as
 * `start` for the following page (empty on the last page). The token here encodes the offset;
 * one the API never gave is refused with 400.
 */
export function tokenPage<T>(records: T[], query: Record<string, string>, limits: { fallback: number; max: number }): { items: T[]; next: string } | Reply {
	const { fallback, max } = limits;
	if (query.limit !== undefined && (!/^\d+$/.test(query.limit) || Number(query.limit) < 1 || Number(query.limit) > max)) {
		return metaError(400, `limit must be a whole number from 1 to ${max}`);
	}
	const limit = query.limit !== undefined ? Number(query.limit) : fallback;
	let offset = 0;
	if (query.start !== undefined && query.start !== '') {
		const decoded = Buffer.from(query.start, 'base64url').toString();
		if (!/^offset:\d+$/.test(decoded)) return metaError(400, 'start is not a token this API returned');
		offset = Number(decoded.slice('offset:'.length));
	}
	const more = offset + limit < records.length;
	return { items: records.slice(offset, offset + limit), next: more ? Buffer.from(`offset:${offset + limit}`).toString('base64url') : '' };
}

/** A route's early answer (an error) rather than the value it was after. */
export const isReply = (value: object): value is Reply => 'status' in value;
