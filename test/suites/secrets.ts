/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test-only code, never shipped */
/**
 * The secrets suite (test/reliability/secrets.test.ts runs it on providers.manifest.ts,
 * test/synthetic-provider.test.ts on the test-only provider; each provider's runs: `secrets` in
 * test/<provider>/secrets.ts). The API key never appears anywhere a user or an operator can see it:
 * for every node, a success path and failure paths (provider errors that echo the key in a JSON body,
 * in a header-like text body and in a 401, a reset connection, a timeout, a rejected key) are run
 * with and without Continue On Fail, and everything is scanned: output items (json, binary metadata
 * and bytes), the error (message, description, context, stack, every own property), the whole run
 * object, and every line n8n's logger emitted at debug level (captured from n8n-core's Logger).
 * A test file that runs it imports ../reliability/lib/debug-logging first (n8n's log level to debug,
 * checked by the suite) and runs alone (`@own-registry`). Importing this module does not: the
 * providers' rows import `png` from it, and every suite loading them ran at debug level.
 */

import { inspect } from 'node:util';

import type { IDataObject } from 'n8n-workflow';

import type { Fault, FaultKind } from '../fakes/fake-server';
import { makePng } from '../fakes/media';
import type { FixtureItem, NodeRun } from '../harness/n8n';
import { binaryBytes } from '../harness/n8n';
import type { ProviderManifestEntry } from '../providers';
import { loadProvider } from '../providers';
import type { SecretsFigure } from '../reliability/lib/figures';
import { writeFragment } from '../reliability/lib/figures';
import type { LogCapture } from '../reliability/lib/log-capture';
import { captureN8nLogs } from '../reliability/lib/log-capture';
import type { ProviderEnv } from '../reliability/lib/providers';
import { binaryItem, randomApiKey, reply, useProviderEntries } from '../reliability/lib/providers';

/** One run of a node whose every path is scanned for the key. */
export interface SecretsScenario {
	label: string;
	params: IDataObject;
	items: () => FixtureItem[];
	/** The first request of the run: where the failure paths strike. */
	first: (path: string) => boolean;
	/** Status requests of an asynchronous task, when the operation polls. */
	status?: (path: string) => boolean;
	/** A provider-shaped error body that echoes `text`. */
	errorBody: (status: number, text: string) => unknown;
}

/** A provider's rows in the secrets suites (`secrets` in test/<provider>/secrets.ts). */
export interface SecretsRows {
	/** Runs scanned for the key (this suite). */
	scenarios: SecretsScenario[];
	/**
	 * A cheap run (Get Credits where the node has it) whose first request the hardening suites
	 * strike (test/suites/hardening.ts: a key echoed by an error page, a redirect to another origin).
	 */
	firstRequest: { params: IDataObject; items?: () => FixtureItem[] };
	/** The status of that error page (default 403): a node may show an excerpt of one reply only. */
	echoStatus?: number;
}

export const FAST_WAIT = { waitForCompletion: true, maxWaitSeconds: 30, pollIntervalSeconds: 0.25 };
export const png = () => [binaryItem(makePng(8, 6))];

interface Path {
	label: string;
	/** Faults to inject; the key is the one the node sends. */
	faults?: (scenario: SecretsScenario, key: string) => Fault[];
	/** Runs with another key, which the fake rejects with 401. */
	wrongKey?: boolean;
	options?: IDataObject;
	/** Only for operations that poll a task. */
	polls?: boolean;
	/** The provider's reply carried the key, and the node must show "***" in its place. */
	echoes?: boolean;
}

const strike = (match: (path: string) => boolean, kind: FaultKind): Fault => ({
	match: (request) => match(request.path),
	times: Infinity,
	kind,
});

const PATHS: Path[] = [
	{ label: 'success' },
	{
		label: 'provider error echoing the key (JSON body)',
		faults: (s, key) => [
			strike(s.first, reply(500, s.errorBody(500, `API key ${key} is suspended`))),
		],
		echoes: true,
	},
	{
		label: 'provider error echoing the key (header-like text)',
		faults: (_s, key) => [
			strike(
				_s.first,
				reply(
					400,
					`Bad request\r\nAPIKEY: ${key}\r\nAuthorization: Bearer ${key}\r\nAuthorization: Token ${key}\r\n`,
				),
			),
		],
		echoes: true,
	},
	{
		label: '401 echoing the key',
		faults: (s, key) => [strike(s.first, reply(401, s.errorBody(401, `Unauthorized: ${key}`)))],
		echoes: true,
	},
	{ label: '401 for a wrong key', wrongKey: true },
	{ label: 'connection reset', faults: (s) => [strike(s.first, 'reset')] },
	{
		label: 'timeout',
		faults: (s) => [strike(s.first, { delayMs: 800 })],
		options: { timeoutSeconds: 0.2 },
	},
	{
		label: 'status poll echoing the key',
		polls: true,
		faults: (s, key) => [strike(s.status!, reply(500, s.errorBody(500, `key=${key}`)))],
		echoes: true,
	},
];

/** Every way the key could be written: as sent, and base64-encoded (as in Basic auth). */
function keyForms(key: string): string[] {
	return [key, Buffer.from(key).toString('base64'), encodeURIComponent(key)];
}

/** All a user or operator could see of a run, as text. */
async function visibleText(run: NodeRun, logLines: string[]): Promise<string> {
	const parts: string[] = [
		JSON.stringify(run.items),
		JSON.stringify(run.run),
		inspect(run.run, { depth: 30 }),
	];
	for (const item of run.items) {
		for (const binary of Object.values(item.binary ?? {})) {
			parts.push(JSON.stringify(binary), (await binaryBytes(binary)).toString('latin1'));
		}
	}
	const { error } = run;
	if (error) {
		parts.push(
			error.message,
			error.description ?? '',
			JSON.stringify(error.context ?? {}),
			JSON.stringify(error),
			error.stack ?? '',
			inspect(error, { depth: 30, showHidden: true }),
		);
	}
	parts.push(...logLines);
	return parts.join('\n');
}

/**
 * Every path of every scenario of the providers of `entries`; `figures` records the results into
 * test/reliability/FIGURES.md (providers.manifest.ts's run only).
 */
export function describeSecrets(
	entries: readonly ProviderManifestEntry[],
	{ figures: record = false }: { figures?: boolean } = {},
): void {
	const envs = useProviderEntries(entries);
	let logs: LogCapture;
	beforeAll(() => {
		logs = captureN8nLogs();
		// n8n's logger was created at debug level (its most verbose), not the harness's silent default.
		expect(logs.level).toBe('debug');
	});
	const SCENARIOS = entries.flatMap((entry) =>
		loadProvider(entry)
			.rows.secrets()
			.scenarios.map((scenario) => ({ ...scenario, entry })),
	);
	const figures: SecretsFigure[] = [];
	const CASES = SCENARIOS.flatMap((scenario) =>
		PATHS.filter((path) => !path.polls || scenario.status).map((path) => ({ scenario, path })),
	);

	afterAll(() => {
		if (record && figures.length === CASES.length * 2 - SCENARIOS.length) {
			const merged = new Map<string, SecretsFigure>();
			for (const row of figures) {
				const key = `${row.node}|${row.operation}|${row.path}`;
				const seen = merged.get(key);
				merged.set(
					key,
					seen
						? {
								...seen,
								logLines: seen.logLines + row.logLines,
								leaks: seen.leaks + row.leaks,
							}
						: row,
				);
			}
			writeFragment('secrets', { rows: [...merged.values()], logLevel: logs.level });
		}
	});

	describe('the API key never appears in output, errors, run data or logs', () => {
		it.each(
			CASES.map(
				({ scenario, path }) =>
					[scenario.entry.displayName, scenario.label, path.label, scenario, path] as const,
			),
		)('%s %s | %s', async (_node, _operation, _path, scenario, path) => {
			const env: ProviderEnv = envs[scenario.entry.id];
			// Continue On Fail changes nothing on success: that path runs once.
			for (const continueOnFail of path.label === 'success' ? [false] : [false, true]) {
				env.fake.reset();
				const key = path.wrongKey ? randomApiKey('wrong') : env.apiKey;
				for (const fault of path.faults?.(scenario, key) ?? []) env.fake.faults.add(fault);
				const firstLine = logs.lines.length;
				const run = await env.run(
					{ ...scenario.params, options: path.options ?? {} },
					scenario.items(),
					{ continueOnFail, apiKey: key },
				);
				const logLines = logs.lines.slice(firstLine);
				const text = await visibleText(run, logLines);

				// The run did what the path says, so the scan looked at the right thing.
				const failed = run.error ?? run.items.find((item) => item.json.error);
				if (path.label === 'success') expect(failed).toBeUndefined();
				else expect(failed).toBeDefined();
				if (continueOnFail) expect(run.items).toHaveLength(1);
				expect(
					env.fake.requests.some((request) =>
						Object.values(request.headers).some((value) => value.includes(key)),
					),
				).toBe(true);
				if (path.echoes) expect(text).toContain('***');
				// n8n's logger was captured (and, on a failure, logged the error itself).
				expect(logLines.join('\n')).toContain('Start executing node "Under Test"');
				if (run.error) expect(logLines.join('\n')).toContain(run.error.message.slice(0, 40));

				const leaks = keyForms(key).filter((form) => text.includes(form));
				expect(leaks).toEqual([]);
				figures.push({
					node: scenario.entry.displayName,
					operation: scenario.label.replace(/ \(.*\)$/, ''),
					path: path.label,
					logLines: logLines.length,
					leaks: leaks.length,
				});
			}
		});
	});
}
