import type { IDataObject } from 'n8n-workflow';
import { jsonShapeProblem, type JsonShapeExcess } from '../shared/jsonShape';
import { verifyV0, type SignatureCheck } from '../shared/signature';
import type { CopyIdSources } from './copyId';
import { describeEnvelopeIssue, envelopeSchema, toOutputItem } from './envelope';
import { filteredOutBy, type EventFilters } from './filters';
import { EVENT_LIMITS } from './limits';

/**
 * What the trigger does with one request, decided from the exact bytes and headers received.
 * Pure, so every forged, stale, oversized or malformed variant can be tested without n8n.
 * Cheapest checks first: size (before hashing up to 16 MB), signature, shape (before parsing).
 */
export interface TriggerSettings {
	/** undefined: verification off (an explicit, warned-about choice). */
	signingKey: string | undefined;
	toleranceSeconds: number;
	filters: EventFilters;
	/** Where events carry AI Personalize's copy_id (a header of sent emails, a parameter of clicked links). */
	copyIdSources: CopyIdSources;
}

export type Decision =
	| { kind: 'reject'; status: 400 | 401; error: string }
	| { kind: 'ignore'; reason: string }
	| { kind: 'emit'; item: IDataObject };

const SIGNATURE_PROBLEM: Record<Exclude<SignatureCheck, { ok: true }>['reason'], string> = {
	'missing-headers': 'missing x-cio-timestamp or x-cio-signature header',
	'malformed-timestamp': 'x-cio-timestamp is not unix seconds',
	'malformed-signature': 'x-cio-signature is not a 64-character hex HMAC',
	stale: 'x-cio-timestamp is outside the accepted window (replayed or clock skew)',
	mismatch: 'signature does not match the signing key',
};

const SHAPE_PROBLEM: Record<JsonShapeExcess['kind'], (limit: number) => string> = {
	depth: (limit) => `event is nested deeper than ${limit} levels (the limit; Customer.io sends 4)`,
	members: (limit) => `event has more than ${limit} keys and array items (the limit)`,
};

const header = (headers: Record<string, unknown>, name: string): string | undefined => {
	const value = headers[name];
	return typeof value === 'string' ? value : Array.isArray(value) ? String(value[0]) : undefined;
};

export function decide(input: {
	rawBody: Buffer;
	headers: Record<string, unknown>;
	settings: TriggerSettings;
	nowSeconds: number;
}): Decision {
	const { rawBody, headers, settings } = input;
	if (rawBody.length > EVENT_LIMITS.bodyBytes) {
		return {
			kind: 'reject',
			status: 400,
			error: `Rejected: body has ${rawBody.length} bytes, more than the limit of ${EVENT_LIMITS.bodyBytes}`,
		};
	}
	if (settings.signingKey !== undefined) {
		const check = verifyV0({
			signingKey: settings.signingKey,
			timestamp: header(headers, 'x-cio-timestamp'),
			signature: header(headers, 'x-cio-signature'),
			rawBody,
			nowSeconds: input.nowSeconds,
			toleranceSeconds: settings.toleranceSeconds,
		});
		if (!check.ok) return { kind: 'reject', status: 401, error: `Rejected: ${SIGNATURE_PROBLEM[check.reason]}` };
	}
	const shape = jsonShapeProblem(rawBody, EVENT_LIMITS);
	if (shape) return { kind: 'reject', status: 400, error: `Rejected: ${SHAPE_PROBLEM[shape.kind](shape.limit)}` };
	let body: unknown;
	try {
		body = JSON.parse(rawBody.toString('utf8'));
	} catch {
		return { kind: 'reject', status: 400, error: 'Body is not JSON: expected a Customer.io reporting event' };
	}
	const parsed = envelopeSchema.safeParse(body);
	if (!parsed.success) {
		return { kind: 'reject', status: 400, error: `Not a Customer.io reporting event: ${describeEnvelopeIssue(parsed.error)}` };
	}
	const filteredBy = filteredOutBy(parsed.data, settings.filters);
	if (filteredBy) return { kind: 'ignore', reason: `filtered out by ${filteredBy}` };
	return { kind: 'emit', item: toOutputItem(parsed.data, settings.copyIdSources) };
}
