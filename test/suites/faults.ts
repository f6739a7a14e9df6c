/**
 * The provider-faults suite (test/reliability/faults.test.ts runs it on providers.manifest.ts,
 * test/synthetic-provider.test.ts on the test-only provider): each row injects one fault on one
 * path of a real run (task submission, status poll, the task itself, result download) and checks
 * that the node either retried a bounded number of times and then succeeded, or gave that item a
 * clear error of its own (one output, paired, with the provider's words or a plain description).
 * Each provider's scenario and error wording are its own: `faults` in test/<provider>/faults.ts.
 *
 * A synchronous provider (no status poll, no task that can fail or run forever) leaves those
 * paths out of its scenario, and those rows are n/a for it (its per-record / per-task errors are
 * covered in its own tests).
 *
 * What each fault means at the provider decides retry or not: a submission creates paid work, so
 * it is repeated only when the provider certainly did not take it (429, 503, connection refused);
 * status polls and downloads are safe to repeat (502, 503, 504, resets, timeouts).
 */
import type { IDataObject } from 'n8n-workflow';

import type { RecordedRequest } from '../fakes/fake-server';
import { makePng } from '../fakes/media';
import type { FixtureItem } from '../harness/n8n';
import { takeWaits } from '../harness/clock';
import type { ProviderManifestEntry } from '../providers';
import { loadProvider } from '../providers';
import type { FaultFigure } from '../reliability/lib/figures';
import { normalize, writeFragment } from '../reliability/lib/figures';
import type { ProviderEnv } from '../reliability/lib/providers';
import { binaryItem, useProviderEntries } from '../reliability/lib/providers';
import { FAULT_ROWS } from './fault-rows';

export type Path = 'submit' | 'status' | 'download';

/** Rows' helpers: wait settings for a run that polls, one PNG item, a path matcher. */
export const WAIT = { maxWaitSeconds: 30, pollIntervalSeconds: 0.25 };
export const png = (fileName = 'photo.png') => [binaryItem(makePng(8, 6), fileName)];
export const startsWith = (prefix: string) => (request: RecordedRequest) =>
	request.path.startsWith(prefix);

/** A provider's row set of the faults suite (`faults` in test/<provider>/faults.ts). */
export interface FaultScenario {
	params: IDataObject;
	items: () => FixtureItem[];
	paths: Partial<Record<Path, (request: RecordedRequest) => boolean>>;
	/** A 200 reply to the submission that lacks the field the node needs. */
	missingFields: (request: RecordedRequest) => unknown;
	/** Makes the provider's task fail (asynchronous providers). */
	failingTask?: { params?: IDataObject; items?: () => FixtureItem[] };
	/** A status reply saying the task is still running (asynchronous providers). */
	stillRunning?: unknown;
	/** For faults on the submission: parameters that skip what follows it, when the node can. */
	submitOnly?: IDataObject;
	/** The node's words for what went wrong. */
	errors: {
		/** An injected HTTP error (`text`: the fake's words); default "<Provider> error <status>: <text>". */
		status?: (status: number, text: string) => string;
		/** The submission's reply lacks what the node needs (`missingFields`). */
		missingFields: string | RegExp;
		/** The task failed (asynchronous providers). */
		taskFails?: string | RegExp;
		/** The task did not finish within 1 s (asynchronous providers). */
		neverFinishes?: string | RegExp;
	};
}

const ASYNC_ONLY = 'synchronous API';

/** Faults the provider may already have acted on: after them, work exists at most once. */
const TAKEN = new Set([
	undefined,
	'reset-mid-body',
	'malformed-json',
	'truncated-json',
	'delay-800',
	'status-200',
]);

/**
 * Every fault row on every provider of `entries`; `figures` records the results into
 * test/reliability/FIGURES.md (providers.manifest.ts's run only).
 */
export function describeFaults(
	entries: readonly ProviderManifestEntry[],
	{ figures: record = false }: { figures?: boolean } = {},
): void {
	const envs = useProviderEntries(entries);
	const SCENARIOS: Record<string, FaultScenario> = Object.fromEntries(
		entries.map((entry) => [entry.id, loadProvider(entry).rows.faults()]),
	);
	const PROVIDER_NAMES: Record<string, string> = Object.fromEntries(
		entries.map((entry) => [entry.id, entry.displayName]),
	);
	const figures: FaultFigure[] = [];
	const notApplicable: Array<{ provider: string; faultClass: string; why: string }> = [];
	const CASES = FAULT_ROWS.flatMap((row) =>
		entries
			.map((entry) => entry.id)
			.flatMap((provider) => {
				const scenario = SCENARIOS[provider];
				const applies =
					row.path === 'task'
						? scenario.stillRunning !== undefined
						: scenario.paths[row.path] !== undefined;
				if (!applies) {
					notApplicable.push({
						provider: PROVIDER_NAMES[provider],
						faultClass: row.faultClass,
						why: ASYNC_ONLY,
					});
					return [];
				}
				return [{ row, provider }];
			}),
	);

	afterAll(() => {
		if (record && figures.length === CASES.length)
			writeFragment('faults', { rows: figures, notApplicable });
	});

	describe('provider faults: a bounded retry that succeeds, or a clear error for the item', () => {
		it.each(
			CASES.map(
				({ row, provider }) => [row.faultClass, PROVIDER_NAMES[provider], row, provider] as const,
			),
		)('%s | %s', async (_fault, _provider, row, provider) => {
			const env: ProviderEnv = envs[provider];
			const scenario = SCENARIOS[provider];
			const on = row.path === 'task' ? scenario.paths.status! : scenario.paths[row.path]!;
			for (const fault of row.faults(on, scenario)) env.fake.faults.add(fault);
			const failing = row.faultClass === 'async task fails' ? scenario.failingTask : undefined;
			takeWaits();
			const { items, error } = await env.run(
				{
					...scenario.params,
					...(row.path === 'submit' ? scenario.submitOnly : {}),
					...failing?.params,
					...row.params,
				},
				(failing?.items ?? scenario.items)(),
				{ continueOnFail: true },
			);
			const waits = takeWaits();

			expect(error).toBeUndefined();
			expect(items).toHaveLength(1);
			expect(items[0].pairedItem).toEqual({ item: 0 });
			const onPath = env.fake.requests.filter(on);
			const submissions = env.fake.requests.filter(scenario.paths.submit!);
			// Paid work was asked for at most once, however the fault went.
			expect(submissions.filter((request) => TAKEN.has(request.fault)).length).toBeLessThanOrEqual(
				1,
			);

			let result: string;
			const json = items[0].json;
			if ('retried' in row.expect) {
				expect(json.error).toBeUndefined();
				// Done with its result file, or (submission rows that skip the wait) accepted.
				if (json.status === 'done') expect(items[0].binary?.data).toBeDefined();
				else
					expect([row.path, json.status, json.taskId]).toEqual([
						'submit',
						'processing',
						expect.any(String),
					]);
				expect(onPath).toHaveLength(row.expect.retried + 1);
				expect(onPath.filter((request) => request.fault)).toHaveLength(row.expect.retried);
				// Retry-After is honoured: the retry waited exactly what the provider asked for.
				if (row.expect.waitedMs) expect(waits).toContain(row.expect.waitedMs);
				result = `retried ${row.expect.retried}× → ok`;
			} else {
				const expected = row.expect.error(PROVIDER_NAMES[provider], scenario)!;
				if (typeof expected === 'string') expect(json.error).toBe(expected);
				else expect(json.error).toMatch(expected);
				// After the provider took the work (a poll, the task, a download), the item's error
				// keeps the task id, so it can be resumed with Get Task rather than paid for again.
				if (row.expect.taskId || row.path !== 'submit')
					expect(json.taskId).toEqual(expect.any(String));
				if (row.expect.taskId === 'message') expect(json.error).toContain(json.taskId);
				// A failed submission is not repeated unless the provider certainly refused it.
				const attempts = row.expect.attempts ?? (row.path === 'submit' ? 1 : undefined);
				if (attempts !== undefined) expect(onPath).toHaveLength(attempts);
				const count = onPath.length;
				const after =
					count > 1 ? ` after ${count} ${row.path === 'task' ? 'status polls' : 'attempts'}` : '';
				const detail =
					row.expect.describe && json.description ? ` (${String(json.description)})` : '';
				const kept = row.path !== 'submit' ? ' — task id kept' : '';
				result = `error${after}: ${normalize(String(json.error) + detail)}${kept}`;
			}
			figures.push({
				provider: PROVIDER_NAMES[provider],
				faultClass: row.faultClass,
				result,
				requests: onPath.length,
			});
		});
	});
}
