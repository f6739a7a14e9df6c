import type { IExecuteFunctions } from 'n8n-workflow';

import { ExecutionLimit } from './limiter';
import type { ExecutionSettings, ItemSettings } from './settings';

/**
 * One node execution as the router set it up: its settings, read once, each item's settings (the
 * prepare step fills them in), and its share of the provider accounts' limits. Requests find it by
 * the execution's context, so a provider's transport need not carry it through every call.
 */
export interface NodeRun {
	/** "<resource>.<operation>", as results name it. */
	readonly operation: string;
	readonly settings: ExecutionSettings;
	readonly items: ItemSettings[];
	readonly limit: ExecutionLimit;
}

const runs = new WeakMap<IExecuteFunctions, NodeRun>();

export function startNodeRun(
	ctx: IExecuteFunctions,
	settings: ExecutionSettings,
	operation: string,
): NodeRun {
	const run: NodeRun = {
		operation,
		settings,
		items: [],
		limit: new ExecutionLimit(settings.concurrency, settings.adaptive),
	};
	runs.set(ctx, run);
	return run;
}

export function nodeRun(ctx: IExecuteFunctions): NodeRun | undefined {
	return runs.get(ctx);
}
