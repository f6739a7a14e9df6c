import type { IExecuteFunctions } from 'n8n-workflow';

import { operationError, withTaskId } from './errors';
import type { ItemCall } from './run';
import { waitMs } from './wait';

export interface PollSchedule {
	/** First wait before the first status request, and the floor of every later wait. */
	initialIntervalMs: number;
	factor: number;
	maxIntervalMs: number;
	/** Give up after this long, with an error that carries the task id. */
	maxWaitMs: number;
}

/**
 * Default backoff: 2 s, ×1.5 per poll, capped at 15 s. A 60 s task costs 8 status requests
 * (a fixed 1 s loop would cost 60).
 */
export function pollSchedule(pollIntervalSeconds: number, maxWaitSeconds: number): PollSchedule {
	const initialIntervalMs = Math.max(250, pollIntervalSeconds * 1000);
	return {
		initialIntervalMs,
		factor: 1.5,
		maxIntervalMs: Math.max(initialIntervalMs, 15_000),
		maxWaitMs: maxWaitSeconds * 1000,
	};
}

/** The waits a schedule makes, in order; exported so tests and benchmarks can count requests. */
export function* pollDelays(schedule: PollSchedule): Generator<number> {
	let interval = schedule.initialIntervalMs;
	let waited = 0;
	while (waited < schedule.maxWaitMs) {
		const next = Math.min(interval, schedule.maxWaitMs - waited);
		yield next;
		waited += next;
		interval = Math.min(schedule.maxIntervalMs, interval * schedule.factor);
	}
}

export type PollState<T> = { done: true; value: T } | { done: false; progress?: string };

/**
 * Polls `check` with backoff until it reports done, the deadline passes (error naming the task id
 * so the user can resume with Get Task), or the execution is cancelled.
 */
export async function pollUntilDone<T>(
	ctx: IExecuteFunctions,
	options: {
		provider: string;
		taskId: string;
		/** The item whose task it is (its status requests are made with this call too). */
		call: ItemCall;
		schedule: PollSchedule;
		check: () => Promise<PollState<T>>;
		resumeHint: string;
	},
): Promise<T> {
	let lastProgress: string | undefined;
	for (const delay of pollDelays(options.schedule)) {
		await waitMs(ctx, delay, options.call.itemIndex);
		let state: PollState<T>;
		try {
			state = await options.check();
		} catch (error) {
			throw withTaskId(error, options.taskId);
		}
		if (state.done) return state.value;
		lastProgress = state.progress ?? lastProgress;
	}
	throw operationError(
		ctx.getNode(),
		`${options.provider} task ${options.taskId} did not finish within ${Math.round(options.schedule.maxWaitMs / 1000)} s`,
		{
			itemIndex: options.call.itemIndex,
			taskId: options.taskId,
			description: `The task is still running at the provider${lastProgress ? ` (${lastProgress})` : ''}. ${options.resumeHint}`,
		},
	);
}
