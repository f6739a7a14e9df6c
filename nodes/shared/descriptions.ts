import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { DEFAULT_CONCURRENCY } from './execute';
import type { PollSchedule } from './polling';
import { pollSchedule } from './polling';
import { requireIntInRange, requireNumberInRange } from './validation';

/** Parameters every provider node shows the same way. */

export function binaryPropertyField(
	displayOptions: IDisplayOptions,
	hint: string,
): INodeProperties {
	return {
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		placeholder: 'e.g. data',
		hint,
		description: 'Name of the binary property of the input item that holds the file',
		displayOptions,
	};
}

export function waitFields(
	displayOptions: IDisplayOptions,
	defaults: { maxWaitSeconds: number; pollIntervalSeconds: number },
): INodeProperties[] {
	const whenWaiting: IDisplayOptions = {
		...displayOptions,
		show: { ...displayOptions.show, waitForCompletion: [true] },
	};
	const fields: INodeProperties[] = [
		{
			displayName: 'Wait for Completion',
			name: 'waitForCompletion',
			type: 'boolean',
			default: true,
			description:
				'Whether to wait until the provider finishes and return the result. Turn off to return the task ID at once and fetch the result later with Get Task (or a trigger).',
			displayOptions,
		},
		{
			displayName: 'Max Wait (Seconds)',
			name: 'maxWaitSeconds',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 86400 },
			default: 1800,
			description:
				'Longest time to wait for one task. When it passes, the item fails with the task ID so you can resume with Get Task.',
			displayOptions: whenWaiting,
		},
		{
			displayName: 'Poll Interval (Seconds)',
			name: 'pollIntervalSeconds',
			type: 'number',
			typeOptions: { minValue: 0.25, maxValue: 600, numberPrecision: 2 },
			default: 5,
			description:
				'First wait between status checks; later waits grow ×1.5 up to 15 s (or this value if larger) to spare your rate limit',
			displayOptions: whenWaiting,
		},
	];
	const perOperation: Record<string, number> = {
		maxWaitSeconds: defaults.maxWaitSeconds,
		pollIntervalSeconds: defaults.pollIntervalSeconds,
	};
	return fields.map((field) =>
		field.name in perOperation ? { ...field, default: perOperation[field.name] } : field,
	);
}

export const concurrencyOption: INodeProperties = {
	displayName: 'Concurrency',
	name: 'concurrency',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 50 },
	default: DEFAULT_CONCURRENCY,
	description: 'How many items are sent to the provider at the same time',
};

export const requestTimeoutOption: INodeProperties = {
	displayName: 'Request Timeout (Seconds)',
	name: 'timeoutSeconds',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 3600 },
	default: 120,
	description:
		'How long one request may take before it is abandoned (status checks are then retried; submissions are not, since the provider may already be working on them)',
};

/** Options every provider node offers in its "Options" collection. */
export const commonOptions: INodeProperties[] = [concurrencyOption, requestTimeoutOption];

export const downloadResultField = (
	displayOptions: IDisplayOptions,
	what = 'the result file',
): INodeProperties => ({
	displayName: 'Download Result',
	name: 'downloadResult',
	type: 'boolean',
	default: true,
	description: `Whether to download ${what} into the binary property "data" (result URLs expire)`,
	displayOptions,
});

/** Reads what `waitFields` shows, checked like any other input. */
export function readWaitOptions(
	ctx: IExecuteFunctions,
	itemIndex: number,
): { wait: false } | { wait: true; schedule: PollSchedule } {
	const wait = ctx.getNodeParameter('waitForCompletion', itemIndex, true) as boolean;
	if (!wait) return { wait: false };
	const node = ctx.getNode();
	const maxWait = requireNumberInRange(
		node,
		itemIndex,
		'Max Wait (Seconds)',
		ctx.getNodeParameter('maxWaitSeconds', itemIndex),
		1,
		86400,
	);
	const interval = requireNumberInRange(
		node,
		itemIndex,
		'Poll Interval (Seconds)',
		ctx.getNodeParameter('pollIntervalSeconds', itemIndex),
		0.25,
		600,
	);
	return { wait: true, schedule: pollSchedule(interval, maxWait) };
}

/** The node-wide concurrency (read from the first item: it shapes the whole run). */
export function readConcurrency(ctx: IExecuteFunctions, parameter = 'options.concurrency'): number {
	const value = ctx.getNodeParameter(parameter, 0, DEFAULT_CONCURRENCY) as number;
	return requireIntInRange(ctx.getNode(), 0, 'Concurrency', value, 1, 50);
}
