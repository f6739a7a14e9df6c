/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions, no-console -- benchmark code, never shipped: a child process for the fakes, files, process.cpuUsage, progress lines */
/**
 * CPU overhead per item of our nodes beyond the HTTP calls they make (run by `npm run bench`,
 * never by `npm test`: the file name does not end in .test.ts).
 *
 * Method: each node runs inside n8n-core's real engine (test/harness/n8n.ts, filesystem binary
 * mode) against a fake provider in ANOTHER process (test/bench/lib/fake-host.cjs) with latency 0.
 * process.cpuUsage() (user + system) is read around the node's execute() only. The same HTTP
 * calls are then made by a minimal node that does nothing else (same parameters read through
 * n8n, same credential, same requests, results stored the plainest way). Our overhead per item is
 * (ours - minimal) / items, median of alternating repeats after a warm-up, with a GC before each.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject, IExecuteFunctions, INodeType } from 'n8n-workflow';

import { runNode } from '../harness/n8n';
import { loadProvider, PROVIDERS } from '../providers';
import type { OverheadContext, OverheadRows, Scenario } from './lib/overhead';
import { API_KEY } from './lib/overhead';

const REPO_DIR = join(__dirname, '../..');
const FAKES_DIR = process.env.BENCH_FAKES_DIR ?? '';
const OUT = process.env.BENCH_OUT ?? join(process.cwd(), 'overhead.json');
const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);
const JSON_ITEMS = Number(process.env.BENCH_JSON_ITEMS ?? 200);
const SIZES = (process.env.BENCH_SIZES ?? '100000:40,1000000:16,10000000:4')
	.split(',')
	.map((entry) => entry.split(':').map(Number) as [number, number]);

jest.setTimeout(60 * 60_000);

// ------------------------------------------------------------------ fakes in their own process

let host: ChildProcess;
let nextId = 0;
const pending = new Map<number, (body: IDataObject) => void>();

async function hostCall(message: IDataObject): Promise<IDataObject> {
	const id = ++nextId;
	const reply = new Promise<IDataObject>((resolve) => pending.set(id, resolve));
	host.send({ ...message, id });
	const body = await reply;
	if (body.error) throw new Error(String(body.error));
	return body;
}

async function startFake(module: string, fn: string, options: IDataObject) {
	const body = await hostCall({
		op: 'start',
		module,
		fn,
		options: { apiKey: API_KEY, ...options },
	});
	return { baseUrl: String(body.baseUrl), index: Number(body.index) };
}

beforeAll(async () => {
	if (!FAKES_DIR) throw new Error('BENCH_FAKES_DIR is not set (run through npm run bench)');
	host = fork(join(__dirname, 'lib/fake-host.cjs'), [FAKES_DIR], { stdio: 'inherit' });
	await new Promise<void>((resolve) =>
		host.on('message', (message: IDataObject) => {
			if (message.ready) resolve();
			else pending.get(Number(message.id))?.(message);
		}),
	);
});

afterAll(async () => {
	await hostCall({ op: 'close' }).catch(() => undefined);
});

// ------------------------------------------------------------------ measuring

/** When each measured execute() ran (µs, the clock of --cpu-prof profiles), for profiling. */
const windows: Array<{ key: string; which: string; startUs: number; endUs: number }> = [];

/** Wraps a node so that the CPU time of its execute() (all work until it resolves) is recorded. */
function timed(
	node: INodeType,
	samples: number[],
	label: { key: string; which: string },
): INodeType {
	const wrapper = Object.create(node) as INodeType;
	wrapper.execute = async function (this: IExecuteFunctions) {
		const start = process.cpuUsage();
		const startUs = Number(process.hrtime.bigint() / 1000n);
		try {
			return await node.execute!.call(this);
		} finally {
			const used = process.cpuUsage(start);
			samples.push((used.user + used.system) / 1000);
			windows.push({ ...label, startUs, endUs: Number(process.hrtime.bigint() / 1000n) });
		}
	};
	return wrapper;
}

const median = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

async function measure(scenario: Scenario) {
	const ours: number[] = [];
	const minimal: number[] = [];
	const run = async (which: 'ours' | 'minimal', samples: number[]) => {
		const spec = scenario[which];
		gc();
		const { items, error } = await runNode({
			node: timed(spec.node, samples, { key: scenario.key, which }),
			parameters: spec.parameters,
			credentials: scenario.credential as never,
			items: scenario.input(),
		});
		if (error)
			throw new Error(`${scenario.key} ${which}: ${error.message} ${error.description ?? ''}`);
		if (items.length !== scenario.items)
			throw new Error(`${scenario.key} ${which}: ${items.length} items out, ${scenario.items} in`);
	};
	// warm-up (JIT, connection pools), not recorded
	await run('ours', []);
	await run('minimal', []);
	for (let i = 0; i < REPEATS; i++) {
		if (i % 2) {
			await run('minimal', minimal);
			await run('ours', ours);
		} else {
			await run('ours', ours);
			await run('minimal', minimal);
		}
		await hostCall({ op: 'forget' });
	}
	const perItem = (values: number[]) => median(values) / scenario.items;
	const result = {
		key: scenario.key,
		label: scenario.label,
		kind: scenario.kind,
		bytes: scenario.bytes,
		items: scenario.items,
		repeats: REPEATS,
		oursMs: ours,
		minimalMs: minimal,
		oursPerItemMs: perItem(ours),
		minimalPerItemMs: perItem(minimal),
		overheadPerItemMs: perItem(ours) - perItem(minimal),
		// spread of the difference: pairwise (same repeat) differences
		overheadRangeMs: ((diffs) => [Math.min(...diffs), Math.max(...diffs)])(
			ours.map((value, i) => (value - minimal[i]) / scenario.items),
		),
	};
	console.log(
		`${scenario.key}: ours ${result.oursPerItemMs.toFixed(3)} ms/item, minimal ${result.minimalPerItemMs.toFixed(3)} ms/item, overhead ${result.overheadPerItemMs.toFixed(3)} ms/item`,
	);
	return result;
}

// ------------------------------------------------------------------ scenarios

/** Every provider's scenarios (`overhead` in test/<provider>/overhead.ts), in manifest order. */
const UNITS = PROVIDERS.filter((entry) =>
	existsSync(join(REPO_DIR, entry.tests, 'overhead.ts')),
).map((entry) => {
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- the manifest names the folder
	const { overhead } = require(join(REPO_DIR, entry.tests, 'overhead')) as {
		overhead: OverheadRows;
	};
	const context: OverheadContext = {
		startFake: async (options) =>
			await startFake(entry.fake.module.replace(/^test\/fakes\//, ''), entry.fake.start, options),
		jsonItems: JSON_ITEMS,
		credential: (baseUrl) => ({
			type: loadProvider(entry).credential(),
			data: { apiKey: API_KEY, baseUrl },
		}),
	};
	return { overhead, context };
});

/** The JSON scenarios of every provider, then for each size every provider's binary ones. */
async function scenarios(): Promise<Scenario[]> {
	const list: Scenario[] = [];
	for (const { overhead, context } of UNITS) list.push(...((await overhead.json?.(context)) ?? []));
	for (const [bytes, items] of SIZES) {
		for (const { overhead, context } of UNITS)
			list.push(...((await overhead.binary?.(context, bytes, items)) ?? []));
	}
	return list;
}

// ------------------------------------------------------------------ the run

it('measures CPU per item: ours minus the same HTTP calls made by a minimal node', async () => {
	const only = process.env.BENCH_ONLY?.split(',');
	const list = (await scenarios()).filter((s) => !only || only.some((o) => s.key.includes(o)));
	const results = [];
	for (const scenario of list) results.push(await measure(scenario));
	writeFileSync(
		OUT,
		JSON.stringify({ repeats: REPEATS, node: process.version, results, windows }, null, 2),
	);
});
