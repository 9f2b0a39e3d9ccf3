import { z } from 'zod';

/**
 * Inputs of the App API reads, as Customer.io's App OpenAPI types them: checked before anything
 * is sent.
 */

/** Campaign, segment and transactional-message IDs are integers (int32 in the spec). */
export const appIdSchema = z.coerce
	.number({ invalid_type_error: 'must be a number' })
	.int('must be a whole number')
	.min(1, 'must be 1 or more')
	.max(2 ** 31 - 1, 'is too large for an ID');

/** `GET /v1/customers?email=` (format: email). */
export const emailSchema = z.string().trim().min(1, 'is empty').email('is not an email address');

/** A manual segment's name (required by `POST /v1/segments`). */
export const segmentNameSchema = z.string().trim().min(1, 'is empty: give the segment a name');

/** Metrics resolutions of the campaign metrics call, version 2 (`res`). */
export const METRIC_RESOLUTIONS = ['hourly', 'daily', 'weekly', 'monthly'] as const;

/** Message types the campaign metrics call filters by (`type`); SMS is `twilio`. */
export const METRIC_TYPES = ['email', 'webhook', 'twilio', 'slack', 'push', 'in_app'] as const;
