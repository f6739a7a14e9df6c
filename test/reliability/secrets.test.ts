/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test-only code, never shipped */
/**
 * The API key never appears anywhere a user or an operator can see it: for every node, a success
 * path and failure paths (provider errors that echo the key in a JSON body, in a header-like text
 * body and in a 401, a reset connection, a timeout, a rejected key) are run with and without
 * Continue On Fail, and everything is scanned: output items (json, binary metadata and bytes),
 * the error (message, description, context, stack, every own property), the whole run object, and
 * every line n8n's logger emitted at debug level (captured from n8n-core's Logger).
 */
import './lib/debug-logging';

import { inspect } from 'node:util';

import type { IDataObject } from 'n8n-workflow';

import type { Fault, FaultKind } from '../fakes/fake-server';
import { makeMp4, makePng } from '../fakes/media';
import type { FixtureItem, NodeRun } from '../harness/n8n';
import { binaryBytes } from '../harness/n8n';
import type { SecretsFigure } from './lib/figures';
import { writeFragment } from './lib/figures';
import type { LogCapture } from './lib/log-capture';
import { captureN8nLogs } from './lib/log-capture';
import type { ProviderEnv, ProviderKey } from './lib/providers';
import { binaryItem, PROVIDER_NAMES, randomApiKey, reply, useProviders } from './lib/providers';

const envs = useProviders();
let logs: LogCapture;
beforeAll(() => {
	logs = captureN8nLogs();
	// n8n's logger was created at debug level (its most verbose), not the harness's silent default.
	expect(logs.level).toBe('debug');
});

interface Scenario {
	provider: ProviderKey;
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

const FAST_WAIT = { waitForCompletion: true, maxWaitSeconds: 30, pollIntervalSeconds: 0.25 };
const png = () => [binaryItem(makePng(8, 6))];

const SCENARIOS: Scenario[] = [
	{
		provider: 'cutoutPro',
		label: 'video.removeBackground (submit, poll, download)',
		params: {
			resource: 'video',
			operation: 'removeBackground',
			videoUrl: 'https://cdn.example.com/clip.mp4',
			outputFormat: 'mov',
			downloadResult: true,
			...FAST_WAIT,
		},
		items: () => [{ json: {} }],
		first: (path) => path.endsWith('/submitTaskByUrl'),
		status: (path) => path.endsWith('/getTaskInfo'),
		errorBody: (code, text) => ({ code, msg: text, data: { echo: text } }),
	},
	{
		provider: 'cutoutPro',
		label: 'image.removeBackground (upload)',
		params: {
			resource: 'image',
			operation: 'removeBackground',
			inputType: 'binary',
			binaryPropertyName: 'data',
			mattingType: 'general',
		},
		items: png,
		first: (path) => path.endsWith('/matting'),
		errorBody: (code, text) => ({ code, msg: text, data: null }),
	},
	{
		provider: 'backgroundRemoverAi',
		label: 'image.removeBackground (upload, poll, download)',
		params: {
			resource: 'image',
			operation: 'removeBackground',
			binaryPropertyName: 'data',
			model: 'u2net',
			backgroundType: 'transparent',
			maxWaitSeconds: 30,
			pollIntervalSeconds: 0.25,
		},
		items: png,
		first: (path) => path === '/v1/convert/',
		status: (path) => path === '/v1/results/',
		errorBody: (_code, text) => ({ error: text, detail: { echo: text } }),
	},
	{
		provider: 'backgroundRemoverAi',
		label: 'video.removeBackground (streamed upload, poll, download)',
		params: {
			resource: 'video',
			operation: 'removeBackground',
			binaryPropertyName: 'data',
			model: 'u2net',
			videoFormat: 'mov',
			downloadResult: true,
			...FAST_WAIT,
		},
		items: () => [binaryItem(makeMp4(), 'clip.mp4', 'video/mp4')],
		first: (path) => path === '/v1/convert/',
		status: (path) => path === '/v1/results/',
		errorBody: (_code, text) => ({ error: [text, { message: text }] }),
	},
	{
		provider: 'ximilar',
		label: 'image.removeBackground (records, download)',
		params: {
			resource: 'image',
			operation: 'removeBackground',
			endpoint: 'precise',
			inputType: 'binary',
			binaryPropertyName: 'data',
			downloadResult: true,
		},
		items: png,
		first: (path) => path.endsWith('/removebg'),
		errorBody: (code, text) => ({
			status: { code, text, error_description: { headers: { Authorization: text } } },
			detail: text,
		}),
	},
	{
		provider: 'runware',
		label: 'image.removeBackground (tasks, download)',
		params: {
			resource: 'image',
			operation: 'removeBackground',
			inputType: 'binary',
			binaryPropertyName: 'data',
			model: 'runware:109@1',
			outputType: 'URL',
			outputFormat: 'PNG',
		},
		items: png,
		first: (path) => path === '/v1',
		errorBody: (_code, text) => ({
			errors: [{ code: 'serverError', message: text, parameter: text, taskUUID: text }],
		}),
	},
	{
		provider: 'photoroom',
		label: 'image.removeBackground (upload)',
		params: { resource: 'image', operation: 'removeBackground', binaryPropertyName: 'data' },
		items: png,
		first: (path) => path === '/v1/segment',
		errorBody: (_code, text) => ({ error: { message: text, detail: text } }),
	},
	{
		provider: 'photoroom',
		label: 'image.edit (URL, Amazon preset)',
		params: {
			resource: 'image',
			operation: 'edit',
			inputType: 'url',
			imageUrl: 'https://cdn.example.com/shoe.jpg',
			marketplace: 'amazon',
		},
		items: () => [{ json: {} }],
		first: (path) => path === '/v2/edit',
		errorBody: (_code, text) => ({ error: { message: text } }),
	},
];

interface Path {
	label: string;
	/** Faults to inject; the key is the one the node sends. */
	faults?: (scenario: Scenario, key: string) => Fault[];
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

const figures: SecretsFigure[] = [];
const CASES = SCENARIOS.flatMap((scenario) =>
	PATHS.filter((path) => !path.polls || scenario.status).map((path) => ({ scenario, path })),
);

afterAll(() => {
	if (figures.length === CASES.length * 2 - SCENARIOS.length) {
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
				[PROVIDER_NAMES[scenario.provider], scenario.label, path.label, scenario, path] as const,
		),
	)('%s %s | %s', async (_node, _operation, _path, scenario, path) => {
		const env: ProviderEnv = envs[scenario.provider];
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
				node: PROVIDER_NAMES[scenario.provider],
				operation: scenario.label.replace(/ \(.*\)$/, ''),
				path: path.label,
				logLines: logLines.length,
				leaks: leaks.length,
			});
		}
	});
});
