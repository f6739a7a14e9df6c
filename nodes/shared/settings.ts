/**
 * The readers of the settings every node shares. The router reads the execution's settings once
 * (`readExecutionSettings`), the prepare step each item's (`readItemSettings`), and operations
 * read the shared fields they show in their own prepare; the code below (HTTP, limits, uploads,
 * downloads, output) gets the values handed to it and never reads a parameter by name.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { itemParameters } from './parameters';
import type { PollSchedule } from './polling';
import { pollSchedule } from './polling';
import { CONCURRENCY, MAX_WAIT, POLL_INTERVAL, REQUEST_TIMEOUT } from './ranges';

/** What shapes a whole node execution: read from the first item. */
export interface ExecutionSettings {
	/** Most items (or batches) with the provider at once. */
	concurrency: number;
	/** Adapt to Provider Limit: share and learn the account's limit. */
	adaptive: boolean;
	/** Dry Run: paid requests are described, not sent. */
	dryRun: boolean;
}

export function readExecutionSettings(ctx: IExecuteFunctions): ExecutionSettings {
	const read = itemParameters(ctx, 0);
	return {
		concurrency: read.integer(
			'options.concurrency',
			'Concurrency',
			CONCURRENCY.min,
			CONCURRENCY.max,
			CONCURRENCY.default,
		),
		adaptive: read.boolean('options.adaptiveConcurrency', 'Adapt to Provider Limit', true),
		dryRun: read.boolean('options.dryRun', 'Dry Run', false),
	};
}

/** The node options that may differ per item (expressions). */
export interface ItemSettings {
	keepInputFields: boolean;
	/** Request Timeout, for every request the item makes. */
	timeoutMs: number;
}

export function readItemSettings(ctx: IExecuteFunctions, itemIndex: number): ItemSettings {
	const read = itemParameters(ctx, itemIndex);
	return {
		keepInputFields: read.boolean('options.keepInputFields', 'Keep Input Fields', true),
		timeoutMs:
			read.number(
				'options.timeoutSeconds',
				'Request Timeout (Seconds)',
				REQUEST_TIMEOUT.min,
				REQUEST_TIMEOUT.max,
				REQUEST_TIMEOUT.default,
			) * 1000,
	};
}

/** Reads the wait limits `waitFields` shows (also for operations that always wait). */
export function readPollSchedule(ctx: IExecuteFunctions, itemIndex: number): PollSchedule {
	const read = itemParameters(ctx, itemIndex);
	const maxWait = read.number('maxWaitSeconds', 'Max Wait (Seconds)', MAX_WAIT.min, MAX_WAIT.max);
	const interval = read.number(
		'pollIntervalSeconds',
		'Poll Interval (Seconds)',
		POLL_INTERVAL.min,
		POLL_INTERVAL.max,
	);
	return pollSchedule(interval, maxWait);
}

export type WaitOptions = { wait: false } | { wait: true; schedule: PollSchedule };

/** Reads what `waitFields` shows, checked like any other input. */
export function readWaitOptions(ctx: IExecuteFunctions, itemIndex: number): WaitOptions {
	const wait = itemParameters(ctx, itemIndex).boolean(
		'waitForCompletion',
		'Wait for Completion',
		true,
	);
	return wait ? { wait: true, schedule: readPollSchedule(ctx, itemIndex) } : { wait: false };
}

/** Reads `downloadResultField`. */
export function readDownloadResult(ctx: IExecuteFunctions, itemIndex: number): boolean {
	return itemParameters(ctx, itemIndex).boolean('downloadResult', 'Download Result', true);
}

/** The node-wide batch size of providers that send several items in one request. */
export function readBatchSize(ctx: IExecuteFunctions, max: number, fallback: number): number {
	return itemParameters(ctx, 0).integer('options.batchSize', 'Batch Size', 1, max, fallback);
}

/** Skip Download Above, in bytes (undefined: no limit). */
export function readSkipDownloadAbove(
	ctx: IExecuteFunctions,
	itemIndex: number,
): number | undefined {
	const mb = itemParameters(ctx, itemIndex).number(
		'skipDownloadAboveMb',
		'Skip Download Above (MB)',
		0,
		1_000_000,
		0,
	);
	return mb > 0 ? mb * 1024 * 1024 : undefined;
}

/** Allow Private File URL (Options), for operations that offer a Binary File at a signed URL. */
export function readAllowPrivateFileUrl(ctx: IExecuteFunctions, itemIndex: number): boolean {
	return itemParameters(ctx, itemIndex).boolean(
		'options.allowPrivateFileUrl',
		'Allow Private File URL',
		false,
	);
}
