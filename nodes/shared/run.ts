import { ExecutionLimit } from './limiter';
import type { ExecutionSettings, ItemSettings } from './settings';

/**
 * One node execution as the router set it up: its settings, read once, and its share of the
 * provider accounts' limits. The router hands it to execute.ts, which makes each item's `ItemCall`.
 */
export interface NodeRun {
	/** "<resource>.<operation>", as results name it. */
	readonly operation: string;
	readonly settings: ExecutionSettings;
	readonly limit: ExecutionLimit;
}

export function startNodeRun(settings: ExecutionSettings, operation: string): NodeRun {
	return {
		operation,
		settings,
		limit: new ExecutionLimit(settings.concurrency, settings.adaptive),
	};
}

/**
 * What every request made for one item needs of its execution, handed down as an argument from
 * execute.ts through the operation to the transport's request functions, the result downloads,
 * polling and `sendWithRetry`. A batch's request is sent with the call of its first item sent.
 */
export interface ItemCall {
	/** The item the request is for: errors name it, and a cancelled wait stops it. */
	readonly itemIndex: number;
	/** The item's Request Timeout, in ms, for each attempt of each request. */
	readonly timeoutMs: number;
	/** The execution's share of its provider accounts' limits (API requests only). */
	readonly limit: ExecutionLimit;
	/** Dry Run: a paid request is described, not sent. */
	readonly dryRun: boolean;
}

/** The call of one item whose settings the prepare step read. */
export function itemCall(run: NodeRun, itemIndex: number, item: ItemSettings): ItemCall {
	return {
		itemIndex,
		timeoutMs: item.timeoutMs,
		limit: run.limit,
		dryRun: run.settings.dryRun,
	};
}
