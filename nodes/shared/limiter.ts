import type { IExecuteFunctions } from 'n8n-workflow';

/**
 * The adaptive in-flight limit of one node execution's API requests. It starts at the node's
 * Concurrency and never exceeds it. Each request the provider refuses for load (429, 503) lowers
 * it by one: a burst of 50 against a provider that takes 5 gives 45 refusals and a limit of 5,
 * where halving per wave would take several waves of refusals to get there. After GROWTH × limit
 * successes in a row it rises by one, to find capacity the provider gains back, slowly enough that
 * probing above the provider's limit costs about one refusal in 3 × limit requests.
 * Result downloads are not counted: they come from file storage.
 */
const GROWTH = 3;

export class AdaptiveLimit {
	private limit: number;
	private inFlight = 0;
	private successes = 0;
	private readonly queue: Array<() => void> = [];

	constructor(
		readonly max: number,
		readonly adaptive: boolean,
	) {
		this.limit = Math.max(1, max);
	}

	get current() {
		return this.limit;
	}

	/** Waits for a free place, in the order asked. */
	async acquire(): Promise<void> {
		if (this.inFlight < this.limit) this.inFlight++;
		else await new Promise<void>((resolve) => this.queue.push(resolve));
	}

	/** The request is over: `refused` when the provider turned it away for load. */
	release(outcome: 'ok' | 'refused' | 'other') {
		if (this.adaptive && outcome === 'refused') {
			this.limit = Math.max(1, this.limit - 1);
			this.successes = 0;
		} else if (this.adaptive && outcome === 'ok' && ++this.successes >= GROWTH * this.limit) {
			this.successes = 0;
			this.limit = Math.min(this.max, this.limit + 1);
		}
		this.inFlight--;
		while (this.inFlight < this.limit && this.queue.length) {
			this.inFlight++;
			this.queue.shift()!();
		}
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
