import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { z } from 'zod';
import { digitsAsNumber } from '../../schemas/app';
import { timestampSchema } from '../../schemas/track';
import { validate } from './validate';

type Show = { resource: string[]; operation: string[] };

/**
 * The metrics call of campaigns in the spec's recommended version 2: `res`,
 * optional `start`/`end` (unix seconds), `tz` and `type`, answered as series over time.
 */
export function metricsFields(show: Show): INodeProperties[] {
	return [
		{
			displayName: 'Resolution',
			name: 'resolution',
			type: 'options',
			options: [
				{ name: 'Hourly', value: 'hourly' },
				{ name: 'Daily', value: 'daily' },
				{ name: 'Weekly', value: 'weekly' },
				{ name: 'Monthly', value: 'monthly' },
			],
			default: 'daily',
			description: 'How long each step of the metric series is',
			displayOptions: { show },
		},
		{
			displayName: 'Options',
			name: 'metricsOptions',
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			displayOptions: { show },
			options: [
				{ displayName: 'End', name: 'end', type: 'dateTime', default: '', description: 'End of the period (ISO 8601 or unix seconds); empty means now' },
				{
					displayName: 'Message Type',
					name: 'type',
					type: 'options',
					options: [
						{ name: 'Email', value: 'email' },
						{ name: 'In-App', value: 'in_app' },
						{ name: 'Push', value: 'push' },
						{ name: 'Slack', value: 'slack' },
						{ name: 'SMS', value: 'twilio' },
						{ name: 'Webhook', value: 'webhook' },
					],
					default: 'email',
					description: 'Only metrics of this kind of message; without it, every kind',
				},
				{ displayName: 'Start', name: 'start', type: 'dateTime', default: '', description: 'Start of the period (ISO 8601 or unix seconds)' },
				{ displayName: 'Time Zone', name: 'tz', type: 'string', default: '', placeholder: 'e.g. America/New_York', description: 'Time zone the steps are counted in' },
			],
		},
	];
}

/** The query of a version 2 metrics call, from the fields above. */
export function metricsQuery(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const options = ctx.getNodeParameter('metricsOptions', itemIndex, {}) as IDataObject;
	const qs: IDataObject = { version: 2, res: ctx.getNodeParameter('resolution', itemIndex, 'daily') as string };
	for (const name of ['start', 'end'] as const) {
		if (options[name] !== undefined && options[name] !== '') qs[name] = validate(ctx, timestampSchema, options[name], itemIndex, name === 'start' ? 'Start' : 'End');
	}
	if (options.type) qs.type = options.type;
	if (typeof options.tz === 'string' && options.tz.trim()) qs.tz = options.tz.trim();
	return qs;
}

/** Most steps the by-period metrics calls give per period ("24 hours, 45 days, 12 weeks, or 121 months"). */
export const MAX_STEPS = { hours: 24, days: 45, weeks: 12, months: 121 } as const;
type Period = keyof typeof MAX_STEPS;

/**
 * The metrics calls of newsletters and broadcasts, which the spec gives no version 2: `period`,
 * optional `steps` and `type` (the kinds of message `types` lists), answered oldest step first.
 */
export function periodMetricsFields(show: Show, optionsName: string, types: INodePropertyOptions[]): INodeProperties[] {
	return [
		{
			displayName: 'Period',
			name: 'period',
			type: 'options',
			options: [
				{ name: 'Hours', value: 'hours' },
				{ name: 'Days', value: 'days' },
				{ name: 'Weeks', value: 'weeks' },
				{ name: 'Months', value: 'months' },
			],
			default: 'days',
			description: 'How long each step of the metric series is',
			displayOptions: { show },
		},
		{
			displayName: 'Options',
			name: optionsName,
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			displayOptions: { show },
			options: [
				{
					displayName: 'Message Type',
					name: 'type',
					type: 'options',
					options: types,
					default: 'email',
					description: 'Only metrics of this kind of message; without it, every kind',
				},
				{
					displayName: 'Steps',
					name: 'steps',
					type: 'number',
					typeOptions: { minValue: 1 },
					default: 12,
					description: 'How many periods back from now (at most 24 hours, 45 days, 12 weeks or 121 months); without it, the most there are',
				},
			],
		},
	];
}

/** The query of a by-period metrics call, from the fields above. */
export function periodMetricsQuery(ctx: IExecuteFunctions, itemIndex: number, optionsName: string): IDataObject {
	const period = ctx.getNodeParameter('period', itemIndex, 'days') as Period;
	const options = ctx.getNodeParameter(optionsName, itemIndex, {}) as IDataObject;
	const qs: IDataObject = { period };
	if (options.steps !== undefined) {
		const max = MAX_STEPS[period];
		const stepsSchema = z.preprocess(digitsAsNumber, z.number({ invalid_type_error: 'must be a number' }).int('must be a whole number').min(1, 'must be 1 or more').max(max, `must be at most ${max} for ${period}`));
		qs.steps = validate(ctx, stepsSchema, options.steps, itemIndex, 'Steps');
	}
	if (options.type) qs.type = options.type;
	return qs;
}
