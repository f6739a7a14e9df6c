import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

/**
 * Every wait the nodes make (retry backoff, Retry-After, status polling) goes through `waitMs`,
 * and only there is time spent. Tests replace the clock with `setWaitClock` to run backoff and
 * polling without sleeping, and read the waits that were asked for.
 */
export type WaitClock = (ms: number) => Promise<void>;

const realClock: WaitClock = async (ms) => await sleep(ms);
const realNow = () => Date.now();
let clock: WaitClock = realClock;
let now: () => number = realNow;

/**
 * Replaces the clock (tests, the worker simulation) and what `nowMs` reads; without arguments,
 * restores real time.
 */
export function setWaitClock(next?: WaitClock, nextNow?: () => number) {
	clock = next ?? realClock;
	now = next ? (nextNow ?? realNow) : realNow;
}

/** The time on the clock the waits use, in ms (real time: Date.now()). */
export function nowMs() {
	return now();
}

/** A wait that belongs to no one execution (an account's pause after a refusal). */
export async function sleepMs(ms: number) {
	await clock(ms);
}

/** Throws when the execution was cancelled; the error names the item whose work was stopped. */
export function throwIfCancelled(ctx: IExecuteFunctions, itemIndex: number) {
	if (ctx.getExecutionCancelSignal()?.aborted) {
		throw new NodeOperationError(ctx.getNode(), 'The execution was cancelled', { itemIndex });
	}
}

/** Waits `ms`, but wakes up at once when the execution is cancelled. */
export async function waitMs(ctx: IExecuteFunctions, ms: number, itemIndex: number) {
	const signal = ctx.getExecutionCancelSignal();
	if (!signal) return await clock(ms);
	if (signal.aborted) return throwIfCancelled(ctx, itemIndex);
	let onAbort: () => void = () => {};
	const aborted = new Promise<void>((resolve) => {
		onAbort = resolve;
		signal.addEventListener('abort', onAbort, { once: true });
	});
	try {
		await Promise.race([clock(ms), aborted]);
	} finally {
		signal.removeEventListener('abort', onAbort);
	}
	throwIfCancelled(ctx, itemIndex);
}
