import { z } from 'zod';
import { LIMITS } from '../../shared/limits';
import { timestampSchema } from './track';

const NINETY_DAYS = 90 * 24 * 3600;

/** A numeric message ID becomes a number; anything else is the message's trigger name. */
export const messageIdSchema = z
	.union([z.string(), z.number()])
	.transform((value) => String(value).trim())
	.refine((value) => value.length > 0, { message: 'is empty: enter the message ID or trigger name' })
	.transform((value): number | string => (/^\d+$/.test(value) ? Number(value) : value));

export const emailRecipientsSchema = z
	.string()
	.transform((value) =>
		value
			.split(',')
			.map((part) => part.trim())
			.filter(Boolean),
	)
	.refine((list) => list.length <= LIMITS.transactionalRecipients, (list) => ({
		message: `has ${list.length} recipients; Customer.io allows at most ${LIMITS.transactionalRecipients}`,
	}))
	.refine((list) => list.every((address) => /^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$|<[^@\s<>]+@[^@\s<>]+>$/.test(address)), {
		message: 'contains something that is not an email address',
	})
	.transform((list) => list.join(','));

export const phoneSchema = z
	.string()
	.trim()
	.regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 phone number such as +14155550100');

export function sendAtSchema(nowSeconds: number) {
	return timestampSchema.refine((seconds) => seconds <= nowSeconds + NINETY_DAYS, {
		message: 'is more than 90 days ahead; Customer.io schedules at most 90 days out',
	});
}
