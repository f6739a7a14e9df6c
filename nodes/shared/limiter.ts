import type { IExecuteFunctions } from 'n8n-workflow';

import { waitMs } from './wait';

/**
 * The adaptive in-flight limit of one node execution's API requests. It starts at the node's
 * Concurrency and never exceeds it; when the provider refuses a request for load (429, 503) it
 * halves (once per wave of refusals: requests sent before the cut do not cut again) and holds
 * every new request back for the wait the provider asked for; after as many successes in a row as
 * the limit, it grows by one. Result downloads are not counted: they come from file storage.
 */
export class AdaptiveLimit {
	private limit: number;
	private inFlight = 0;
	private successes = 0;
	/** Counts cuts, so a refusal of a request sent before the last cut does not cut again. */
	private generation = 0;
	private readonly queue: Array<() => void> = [];
	/** Until this resolves, no new request starts (the provider's Retry-After, once for all). */
	private hold: Promise<void> = Promise.resolve();

	constructor(
		readonly max: number,
		readonly adaptive: boolean,
	) {
		this.limit = Math.max(1, max);
	}

	get current() {
		return this.limit;
	}

	/** Waits for a free place; returns the ticket to hand back with the request's outcome. */
	async acquire(): Promise<{ generation: number }> {
		await this.hold;
		if (this.inFlight < this.limit) this.inFlight++;
		else await new Promise<void>((resolve) => this.queue.push(resolve));
		return { generation: this.generation };
	}

	/** The request is over: `refused` when the provider turned it away for load. */
	release(ticket: { generation: number }, outcome: 'ok' | 'refused' | 'other') {
		if (this.adaptive && outcome === 'refused' && ticket.generation === this.generation) {
			this.generation++;
			this.limit = Math.max(1, Math.floor(this.limit / 2));
			this.successes = 0;
		} else if (this.adaptive && outcome === 'ok' && ++this.successes >= this.limit) {
			this.successes = 0;
			this.limit = Math.min(this.max, this.limit + 1);
		}
		this.inFlight--;
		while (this.inFlight < this.limit && this.queue.length) {
			this.inFlight++;
			this.queue.shift()!();
		}
	}

	/** Holds every new request back for `ms` (the provider's Retry-After, or a backoff). */
	pause(ctx: IExecuteFunctions, ms: number) {
		const previous = this.hold;
		// A cancelled wait ends the hold; the request that waited on it then sees the cancellation.
		this.hold = Promise.all([previous, waitMs(ctx, ms)]).then(
			() => undefined,
			() => undefined,
		);
	}
}

const perExecution = new WeakMap<IExecuteFunctions, AdaptiveLimit>();

/** The execution's limit, made once from the node's Concurrency options. */
export function adaptiveLimit(
	ctx: IExecuteFunctions,
	concurrency: number,
	adaptive: boolean,
): AdaptiveLimit {
	let limit = perExecution.get(ctx);
	if (!limit) {
		limit = new AdaptiveLimit(concurrency, adaptive);
		perExecution.set(ctx, limit);
	}
	return limit;
}

export function existingLimit(ctx: IExecuteFunctions): AdaptiveLimit | undefined {
	return perExecution.get(ctx);
}
