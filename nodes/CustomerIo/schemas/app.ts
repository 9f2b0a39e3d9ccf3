import { z } from 'zod';

/**
 * Inputs of the App API reads, as Customer.io's App OpenAPI types them: checked before anything
 * is sent.
 */

/**
 * A numeric ID given as a number or as digits, nothing else. Coercing would read `true` as 1,
 * `[7]` as 7, "0x1F" as 31 and "1e3" as 1000: an expression gone wrong would then read, change
 * or trigger another campaign or broadcast than the one meant.
 */
export const digitsAsNumber = (value: unknown): unknown => (typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value);

/** Campaign, segment and transactional-message IDs are integers (int32 in the spec). */
export const appIdSchema = z.preprocess(
	digitsAsNumber,
	z
		.number({ invalid_type_error: 'must be a number' })
		.int('must be a whole number')
		.min(1, 'must be 1 or more')
		.max(2 ** 31 - 1, 'is too large for an ID'),
);

/** `GET /v1/customers?email=` (format: email). */
export const emailSchema = z.string().trim().min(1, 'is empty').email('is not an email address');

/** A manual segment's name (required by `POST /v1/segments`). */
export const segmentNameSchema = z.string().trim().min(1, 'is empty: give the segment a name');

/** Metrics resolutions of the campaign metrics call, version 2 (`res`). */
export const METRIC_RESOLUTIONS = ['hourly', 'daily', 'weekly', 'monthly'] as const;

/** Message types the campaign metrics call filters by (`type`); SMS is `twilio`. */
export const METRIC_TYPES = ['email', 'webhook', 'twilio', 'slack', 'push', 'in_app'] as const;
