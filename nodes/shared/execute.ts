import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { knownSecrets } from './credentials';
import { addRunTotal, DryRunRequest, dryRunItem } from './dryRun';
import { CONTEXT_FIELDS, redactError } from './errors';
import { withInputFields } from './output';
import type { ItemCall, NodeRun } from './run';
import { itemCall } from './run';
import { readItemSettings } from './settings';

/** One operation's work for one item, split so that nothing is paid for before input is checked. */
export interface ItemOperation<P> {
	/** Reads and validates the item's parameters and input files. No network calls. */
	prepare(ctx: IExecuteFunctions, itemIndex: number): Promise<P>;
	/**
	 * Calls the provider for one item, its requests made with `call` (the item's index and
	 * settings). The item holds one of the node's Concurrency slots until it calls `releaseSlot`
	 * (once the provider has answered) or returns: storing and downloading result files need not
	 * keep the next item's request waiting.
	 */
	run(
		ctx: IExecuteFunctions,
		params: P,
		call: ItemCall,
		releaseSlot: () => void,
	): Promise<INodeExecutionData | INodeExecutionData[]>;
}

/** For providers that take several items in one request (records, task arrays, multi-file uploads). */
export interface BatchOperation<P> {
	prepare(ctx: IExecuteFunctions, itemIndex: number): Promise<P>;
	batchSize(ctx: IExecuteFunctions): number;
	/**
	 * Items share a request only when their keys are equal (the settings the provider takes once
	 * per request); without it, any items may.
	 */
	batchKey?(params: P): string;
	/**
	 * Returns one outcome per entry of `batch`, in the same order: the item's output or its error.
	 * Each entry has its item's call; a request for several items is made with the call of the
	 * first one it carries. The batch holds a Concurrency slot until it calls `releaseSlot` or
	 * returns, as in `run`.
	 */
	runBatch(
		ctx: IExecuteFunctions,
		batch: Array<{ call: ItemCall; params: P }>,
		releaseSlot: () => void,
	): Promise<Array<INodeExecutionData | INodeExecutionData[] | Error>>;
}

type Outcome = INodeExecutionData[] | Error;

/** Runs `tasks` with at most `limit` in flight; stops starting new ones once `shouldStop` says so. */
async function runLimited(
	tasks: Array<() => Promise<void>>,
	limit: number,
	shouldStop: () => boolean,
) {
	let next = 0;
	const worker = async () => {
		while (next < tasks.length && !shouldStop()) {
			const task = tasks[next++];
			await task();
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, worker));
}

/**
 * The node's Concurrency: at most `limit` items (or batches) with the provider at once, served in
 * the order they asked. `acquire` resolves with the release function (calling it twice is harmless).
 */
function providerSlots(limit: number) {
	let free = Math.max(1, limit);
	const waiting: Array<() => void> = [];
	return {
		async acquire(): Promise<() => void> {
			if (free > 0) free--;
			else await new Promise<void>((resolve) => waiting.push(resolve));
			let released = false;
			return () => {
				if (released) return;
				released = true;
				const next = waiting.shift();
				if (next) next();
				else free++;
			};
		},
	};
}

/**
 * Items being worked on at once, per Concurrency slot: one with the provider, one storing or
 * downloading its results (bounded, so slow downloads cannot pile up without limit).
 */
const WORKERS_PER_SLOT = 2;

/**
 * Runs `work` for each unit (an item or a batch) in order, each holding a Concurrency slot until it
 * releases it or ends. Once `stopped` says so, no unit starts its work, not even one that was
 * already waiting for a slot.
 */
async function runInSlots<U>(
	units: U[],
	concurrency: number,
	stopped: () => boolean,
	work: (unit: U, releaseSlot: () => void) => Promise<void>,
) {
	const slots = providerSlots(concurrency);
	const tasks = units.map((unit) => async () => {
		const releaseSlot = await slots.acquire();
		try {
			if (!stopped()) await work(unit, releaseSlot);
		} finally {
			releaseSlot();
		}
	});
	await runLimited(tasks, concurrency * WORKERS_PER_SLOT, stopped);
}

function asItems(result: INodeExecutionData | INodeExecutionData[]): INodeExecutionData[] {
	return Array.isArray(result) ? result : [result];
}

/**
 * The one place that turns per-item outcomes into the node's output: every input item yields its
 * results or exactly one error item, each with `pairedItem`, and (option Keep Input Fields, on by
 * default) the input item's json fields under the result's. Without Continue On Fail the first
 * failing item (in input order) stops the node.
 */
function assemble(
	ctx: IExecuteFunctions,
	outcomes: Outcome[],
	keepInputFields: boolean[],
): INodeExecutionData[][] {
	const output: INodeExecutionData[] = [];
	const inputs = ctx.getInputData();
	// On Error: "Continue (using error output)"
	const errorOutput = ctx.getNode().onError === 'continueErrorOutput';
	outcomes.forEach((outcome, itemIndex) => {
		const keep = keepInputFields[itemIndex];
		const shape = (json: IDataObject) =>
			keep ? withInputFields(inputs[itemIndex]?.json, json) : json;
		if (outcome instanceof Error) {
			const json = errorJson(outcome, itemIndex);
			if (errorOutput) {
				// n8n sends to the error output the items whose json holds only `error`, `message` and
				// `details`, and merges the input item's fields under them itself.
				const { error, ...details } = json;
				output.push({ json: { error, details }, pairedItem: { item: itemIndex } });
			} else {
				output.push({ json: shape(json), pairedItem: { item: itemIndex } });
			}
		} else {
			for (const item of outcome)
				output.push({ ...item, json: shape(item.json), pairedItem: { item: itemIndex } });
		}
	});
	addRunTotal(output);
	return [output];
}

/** The json of an error item: the same fields for every provider and operation. */
export function errorJson(error: Error, itemIndex: number): IDataObject {
	const json: IDataObject = { error: error.message, itemIndex };
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.description) json.description = error.description;
		if (error instanceof NodeApiError && error.httpCode) json.httpCode = error.httpCode;
		for (const key of CONTEXT_FIELDS) {
			if (error.context?.[key] !== undefined) json[key] = error.context[key] as IDataObject[string];
		}
	}
	return json;
}

/**
 * The error that stops the node (no Continue On Fail), carrying the work the provider already did
 * for other items: the items that finished and those that failed after their task was created, and
 * the synchronous results already paid for (an image the provider answered with, e.g. Cutout.pro's
 * matting), which have no task to fetch again: their binary data travels in `workDone` itself.
 * Their output is lost with the node's failure otherwise, and a rerun or Retry On Fail pays again.
 */
function withWorkDone(failure: Error, outcomes: Outcome[]): Error {
	const done: IDataObject[] = [];
	outcomes.forEach((outcome, itemIndex) => {
		if (outcome === failure) return;
		const records =
			outcome instanceof Error
				? [{ json: errorJson(outcome, itemIndex) }]
				: outcome.map(({ json, binary }) => ({ json, binary }));
		for (const { json, binary } of records as Array<Pick<INodeExecutionData, 'json' | 'binary'>>) {
			const paidResult = !(outcome instanceof Error) && binary && Object.keys(binary).length > 0;
			if (json.taskId === undefined && json.resultUrl === undefined && !paidResult) continue;
			const entry: IDataObject = { itemIndex };
			for (const key of ['taskId', 'status', 'resultUrl'] as const)
				if (json[key] !== undefined) entry[key] = json[key];
			if (outcome instanceof Error) entry.error = outcome.message;
			else if (paidResult && json.taskId === undefined && json.resultUrl === undefined) {
				const files = Object.values(binary);
				entry.files = files.map((file) => file.fileName ?? file.mimeType).join(', ');
				entry.binary = binary as unknown as IDataObject;
			}
			done.push(entry);
		}
	});
	if (!done.length || !(failure instanceof NodeApiError || failure instanceof NodeOperationError))
		return failure;
	failure.context = { ...(failure.context ?? {}), workDone: done };
	const shown = done.slice(0, 20);
	const list = shown
		.map((entry) =>
			[
				`item ${entry.itemIndex}`,
				entry.taskId && `task ${entry.taskId}`,
				entry.resultUrl,
				entry.files && `result ${entry.files} (in workDone)`,
			]
				.filter(Boolean)
				.join(': '),
		)
		.join('; ')
		.concat(done.length > shown.length ? `; and ${done.length - shown.length} more` : '');
	const results = done.some((entry) => entry.files)
		? " Results the provider answered with directly are in this error's workDone (binary), charged already."
		: '';
	failure.description =
		`${failure.description ?? ''} The provider already did the work of other items, which this failure discards (a rerun pays again): ${list}.${results} Use Get Task with these task IDs, or set the node's On Error to "Continue (using error output)" so every item keeps its own result.`.trim();
	return failure;
}

/** Every error leaves the node here: tied to its item, with every API key read so far removed. */
function toItemError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): Error {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.context?.itemIndex === undefined) {
			error.context = { ...(error.context ?? {}), itemIndex };
		}
		return redactError(error, knownSecrets(ctx));
	}
	return redactError(
		new NodeOperationError(ctx.getNode(), error as Error, { itemIndex }),
		knownSecrets(ctx),
	);
}

/** Items checked at once: the checks read parameters and the first bytes of files (no paid calls). */
const PREPARE_CONCURRENCY = 16;

/** An item whose input passed its checks: its parameters, and the call its requests are made with. */
type Ready<P> = { call: ItemCall; params: P };

/**
 * Checks every item (its parameters, the node's options, the first bytes of its files) before any
 * paid call, and makes each item's call from its settings. Also returns each item's Keep Input
 * Fields (false where the options themselves were bad: the item keeps its error only).
 */
async function prepareAll<P>(
	ctx: IExecuteFunctions,
	prepare: (ctx: IExecuteFunctions, itemIndex: number) => Promise<P>,
	run: NodeRun,
): Promise<{ prepared: Array<Ready<P> | Error>; keepInputFields: boolean[] }> {
	const count = ctx.getInputData().length;
	const prepared: Array<Ready<P> | Error> = new Array(count);
	const keepInputFields: boolean[] = new Array(count).fill(false);
	let failed = false;
	const tasks = Array.from({ length: count }, (_, itemIndex) => async () => {
		try {
			// The node's own options are checked with the item's other parameters.
			const settings = readItemSettings(ctx, itemIndex);
			keepInputFields[itemIndex] = settings.keepInputFields;
			prepared[itemIndex] = {
				call: itemCall(run, itemIndex, settings),
				params: await prepare(ctx, itemIndex),
			};
		} catch (error) {
			prepared[itemIndex] = toItemError(ctx, error, itemIndex);
			failed = true;
		}
	});
	// Without Continue On Fail, bad input anywhere stops the node before any paid call; the error
	// reported is the first bad item's, in input order, as if the items were checked one by one.
	const stopAtError = !ctx.continueOnFail();
	await runLimited(tasks, PREPARE_CONCURRENCY, () => stopAtError && failed);
	if (stopAtError && failed) throw prepared.find((entry) => entry instanceof Error);
	return { prepared, keepInputFields };
}

/** The items whose input passed its checks, in input order. */
function readyItems<P>(prepared: Array<Ready<P> | Error>): Array<Ready<P>> {
	return prepared.flatMap((entry) => (entry instanceof Error ? [] : [entry]));
}

export async function executeItems<P>(
	ctx: IExecuteFunctions,
	operation: ItemOperation<P>,
	run: NodeRun,
): Promise<INodeExecutionData[][]> {
	const { concurrency } = run.settings;
	const { prepared, keepInputFields } = await prepareAll(ctx, operation.prepare, run);
	const outcomes: Outcome[] = prepared.map((entry) => (entry instanceof Error ? entry : []));
	const ready = readyItems(prepared);
	let firstFailure: Error | undefined;
	await runInSlots(
		ready,
		concurrency,
		() => firstFailure !== undefined,
		async ({ call, params }, releaseSlot) => {
			const { itemIndex } = call;
			try {
				outcomes[itemIndex] = asItems(await operation.run(ctx, params, call, releaseSlot));
			} catch (error) {
				if (error instanceof DryRunRequest) {
					outcomes[itemIndex] = [dryRunItem(error, run.operation)];
					return;
				}
				const itemError = toItemError(ctx, error, itemIndex);
				outcomes[itemIndex] = itemError;
				if (!ctx.continueOnFail()) firstFailure ??= itemError;
			}
		},
	);
	if (firstFailure) throw withWorkDone(firstFailure, outcomes);
	return assemble(ctx, outcomes, keepInputFields);
}

export async function executeBatches<P>(
	ctx: IExecuteFunctions,
	operation: BatchOperation<P>,
	run: NodeRun,
): Promise<INodeExecutionData[][]> {
	const { concurrency } = run.settings;
	const { prepared, keepInputFields } = await prepareAll(ctx, operation.prepare, run);
	const outcomes: Outcome[] = prepared.map((entry) => (entry instanceof Error ? entry : []));
	const ready = readyItems(prepared);
	const size = Math.max(1, operation.batchSize(ctx));
	const byKey = new Map<string, typeof ready>();
	for (const entry of ready) {
		const key = operation.batchKey?.(entry.params) ?? '';
		byKey.set(key, [...(byKey.get(key) ?? []), entry]);
	}
	const batches: Array<typeof ready> = [];
	for (const group of byKey.values())
		for (let start = 0; start < group.length; start += size)
			batches.push(group.slice(start, start + size));
	let firstFailure: Error | undefined;
	const record = (
		itemIndex: number,
		result: INodeExecutionData | INodeExecutionData[] | Error | unknown,
		batch: { size: number; position: number },
	) => {
		if (result instanceof DryRunRequest) {
			// a dry run: the batch's one request, described; each item shows it, its place and its share
			outcomes[itemIndex] = [dryRunItem(result, run.operation, batch)];
		} else if (result instanceof Error || result === undefined) {
			const itemError = toItemError(
				ctx,
				result ??
					new NodeOperationError(ctx.getNode(), 'The provider returned no result for this item', {
						itemIndex,
					}),
				itemIndex,
			);
			outcomes[itemIndex] = itemError;
			if (!ctx.continueOnFail()) firstFailure ??= itemError;
		} else {
			outcomes[itemIndex] = asItems(result as INodeExecutionData | INodeExecutionData[]);
		}
	};
	await runInSlots(
		batches,
		concurrency,
		() => firstFailure !== undefined,
		async (batch, releaseSlot) => {
			try {
				const results = await operation.runBatch(ctx, batch, releaseSlot);
				batch.forEach(({ call }, position) =>
					record(call.itemIndex, results[position], { size: batch.length, position }),
				);
			} catch (error) {
				// A failure of the whole request belongs to every item that was in it.
				batch.forEach(({ call }, position) =>
					record(call.itemIndex, error instanceof Error ? error : new Error(String(error)), {
						size: batch.length,
						position,
					}),
				);
			}
		},
	);
	if (firstFailure) throw withWorkDone(firstFailure, outcomes);
	return assemble(ctx, outcomes, keepInputFields);
}
