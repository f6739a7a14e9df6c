#!/usr/bin/env node
// npm run bench — benchmarks of this package inside the real n8n 2.41.1 (the e2e harness) against
// the local fake providers: batch throughput vs n8n's HTTP Request node, memory with a 1 GB file,
// status requests while waiting, CPU overhead per item. Not part of npm test / CI.
//
//   npm run bench -- [--latency=300] [--items=200] [--concurrency=5] [--image-kb=100]
//                    [--repeats=3] [--memory-mb=1024] [--memory-repeats=2] [--memory-server-runs=3]
//                    [--task-seconds=60]
//                    [--providers=<ids of providers.manifest.ts>, default: every one with a bench scenario]
//                    [--only=throughput,concurrency,accounts,memory,waiting,overhead]
//                    [--cases=<substrings of case keys>] [--baseline=aa7e3fb]
//                    [--quick] [--no-build] [--keep]
//                    [--out=test/bench/results] [--report-only]
//
// --report-only measures nothing: it writes RESULTS.md and chart.png again from <out>/raw.json
// (after a change to the report's layout or text).
//
// Every flag also reads an environment variable: BENCH_LATENCY_MS, BENCH_ITEMS, BENCH_CONCURRENCY,
// BENCH_IMAGE_KB, BENCH_REPEATS, BENCH_MEMORY_MB, BENCH_MEMORY_REPEATS, BENCH_MEMORY_SERVER_RUNS,
// BENCH_TASK_SECONDS, BENCH_BASELINE,
// BENCH_PROVIDERS, BENCH_ONLY, BENCH_CASES, BENCH_QUICK=1, BENCH_NO_BUILD=1, BENCH_KEEP=1, BENCH_OUT.
// Writes <out>/RESULTS.md, <out>/chart.png and <out>/raw.json. See test/bench/README.md.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { join, relative, resolve } from 'node:path';

import { N8N_INSTALL_DIR, NODE24, REPO_DIR } from './n8n-env.mjs';
import { prepareInstance } from '../test/bench/lib/instance.mjs';
import { PROVIDERS as BENCH_PROVIDERS } from '../test/bench/lib/providers.mjs';
import { memorySection, overheadSection, renderChart, throughputSection, waitingSection } from '../test/bench/lib/report.mjs';
import { measureMemory } from '../test/bench/memory.mjs';
import { accountsSection, DEFAULT_BASELINE, measureAccounts } from '../test/bench/accounts.mjs';
import { concurrencySection, measureConcurrency } from '../test/bench/concurrency.mjs';
import { measureThroughput } from '../test/bench/throughput.mjs';
import { measureWaiting } from '../test/bench/waiting.mjs';

const args = Object.fromEntries(
	process.argv.slice(2).map((a) => {
		const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
		if (!m) throw new Error(`unknown argument ${a}`);
		return [m[1], m[2] ?? 'true'];
	}),
);
const opt = (flag, envName, fallback) => args[flag] ?? process.env[envName] ?? fallback;
const flag = (name, envName) => args[name] === 'true' || process.env[envName] === '1';

const quick = flag('quick', 'BENCH_QUICK');
const options = {
	latencyMs: Number(opt('latency', 'BENCH_LATENCY_MS', 300)),
	items: Number(opt('items', 'BENCH_ITEMS', quick ? 60 : 200)),
	concurrency: Number(opt('concurrency', 'BENCH_CONCURRENCY', 5)),
	imageBytes: Number(opt('image-kb', 'BENCH_IMAGE_KB', 100)) * 1000,
	repeats: Number(opt('repeats', 'BENCH_REPEATS', quick ? 1 : 3)),
	memoryBytes: Number(opt('memory-mb', 'BENCH_MEMORY_MB', quick ? 256 : 1024)) * 2 ** 20,
	memoryRepeats: Number(opt('memory-repeats', 'BENCH_MEMORY_REPEATS', quick ? 1 : 2)),
	memoryServerRuns: Number(opt('memory-server-runs', 'BENCH_MEMORY_SERVER_RUNS', quick ? 2 : 3)),
	taskSeconds: Number(opt('task-seconds', 'BENCH_TASK_SECONDS', quick ? 15 : 60)),
	providers: opt('providers', 'BENCH_PROVIDERS', Object.keys(BENCH_PROVIDERS).join(',')).split(','),
	only: opt('only', 'BENCH_ONLY', 'throughput,concurrency,accounts,memory,waiting,overhead').split(','),
	/** The git ref whose build the accounts section runs beside this checkout's. */
	baseline: opt('baseline', 'BENCH_BASELINE', DEFAULT_BASELINE),
	cases: args.cases || process.env.BENCH_CASES ? opt('cases', 'BENCH_CASES', '').split(',') : undefined,
	sampleMs: 20,
	quick,
};
const outDir = resolve(opt('out', 'BENCH_OUT', join(REPO_DIR, 'test/bench/results')));
const build = !flag('no-build', 'BENCH_NO_BUILD');
const keep = flag('keep', 'BENCH_KEEP');
const reportOnly = flag('report-only', 'BENCH_REPORT_ONLY');

const log = (...a) => console.error('[bench]', ...a);
const load1 = () => loadavg()[0];

function machine() {
	let cpu = cpus()[0]?.model ?? 'unknown';
	const lscpu = spawnSync('lscpu', [], { encoding: 'utf8' });
	const model = /^Model name:\s+(.*)$/m.exec(lscpu.stdout ?? '')?.[1];
	if (model) cpu = model.trim();
	let os = `${process.platform} ${release()}`;
	try {
		const pretty = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1];
		if (pretty) os = `${pretty}, kernel ${release()}`;
	} catch {
		// not Linux
	}
	const n8nVersion = JSON.parse(readFileSync(join(N8N_INSTALL_DIR, 'node_modules/n8n/package.json'), 'utf8')).version;
	const n8nNode = spawnSync(NODE24, ['--version'], { encoding: 'utf8' }).stdout.trim();
	const pkg = JSON.parse(readFileSync(join(REPO_DIR, 'package.json'), 'utf8'));
	const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_DIR, encoding: 'utf8' }).stdout.trim();
	const dirty = spawnSync('git', ['status', '--porcelain', '--', 'nodes', 'credentials'], { cwd: REPO_DIR, encoding: 'utf8' }).stdout.trim();
	return {
		date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
		cpu,
		cores: cpus().length,
		ramGb: (totalmem() / 2 ** 30).toFixed(1),
		os,
		n8n: n8nVersion,
		n8nNode,
		benchNode: process.version,
		package: `${pkg.name}@${pkg.version}`,
		commit: `${commit}${dirty ? ' + uncommitted changes in nodes/' : ''}`,
	};
}

function runOverhead(instance) {
	const out = join(instance.work, 'overhead.json');
	const jest = join(REPO_DIR, 'node_modules/jest/bin/jest.js');
	log('overhead: jest (in-process n8n-core engine), fakes in a child process');
	const r = spawnSync(
		process.execPath,
		['--expose-gc', jest, '--config', join(REPO_DIR, 'test/bench/jest.config.cjs'), '--runInBand', '--silent=false'],
		{
			cwd: REPO_DIR,
			stdio: ['ignore', 'inherit', 'inherit'],
			env: {
				...process.env,
				BENCH_FAKES_DIR: instance.fakesDir,
				BENCH_OUT: out,
				BENCH_REPEATS: String(Math.max(5, options.repeats + 2)),
				BENCH_JSON_ITEMS: String(options.quick ? 60 : 200),
				BENCH_SIZES: options.quick ? '100000:10,1000000:4,10000000:2' : '100000:40,1000000:16,10000000:4',
			},
		},
	);
	if (r.status !== 0) throw new Error(`overhead benchmark failed (exit ${r.status})`);
	return JSON.parse(readFileSync(out, 'utf8'));
}

/**
 * The report's prose, kept as documentation in test/bench/report-text.md: its `## ` sections, in
 * order (Method, then what limits each figure).
 */
function reportText() {
	const text = readFileSync(join(REPO_DIR, 'test/bench/report-text.md'), 'utf8').replace(/^<!--[\s\S]*?-->\s*/, '');
	return text.split(/\n(?=## )/).map((section) => section.trim());
}

/** Whether a run has a section the chart draws (the concurrency and accounts sections are tables only). */
const charted = (raw) => Boolean(raw.throughput || raw.memory || raw.waiting || raw.overhead);

function resultsMarkdown(raw) {
	const m = raw.meta;
	const o = raw.options;
	const parts = [
		'# Benchmarks',
		'',
		`Generated by \`npm run bench\` (scripts/bench.mjs) on ${m.date}. Raw data: [raw.json](raw.json).${charted(raw) ? ' Chart: [chart.png](chart.png).' : ''}`,
		'',
		...(charted(raw) ? ['![benchmark chart](chart.png)', ''] : []),
		'| Machine | |',
		'| --- | --- |',
		`| CPU | ${m.cpu}, ${m.cores} cores |`,
		`| RAM | ${m.ramGb} GB |`,
		`| OS | ${m.os} |`,
		`| n8n | ${m.n8n} (Node ${m.n8nNode}), regular mode, SQLite, filesystem binary mode |`,
		`| Bench runner | Node ${m.benchNode} (fakes, limiter, jest) |`,
		`| Package | ${m.package}, commit ${m.commit} |`,
		`| Load average (1 min) | ${raw.load.map((l) => `${l.at}: ${l.value.toFixed(2)}`).join(', ')} — the machine is shared: other n8n processes ran at the same time |`,
		'',
		`Parameters: latency ${o.latencyMs} ms, ${o.items} items, concurrency ${o.concurrency}, images ${o.imageBytes / 1000} KB, ${o.repeats} repeats, memory file ${o.memoryBytes / 2 ** 20} MB × ${o.memoryRepeats} \`n8n execute\` runs + ${o.memoryServerRuns} runs in \`n8n start\`, task ${o.taskSeconds} s${o.quick ? ', **--quick** (reduced)' : ''}. Command: \`${raw.command}\`.`,
		'',
	];
	if (raw.throughput) parts.push('## Batch throughput', '', throughputSection(raw.throughput), '');
	if (raw.concurrency) parts.push('## Concurrency above the provider\'s limit', '', concurrencySection(raw.concurrency), '');
	if (raw.accounts) parts.push('## Many executions on one provider account', '', accountsSection(raw.accounts), '');
	if (raw.memory) parts.push('## Memory', '', memorySection({ ...raw.memory, sampleMs: o.sampleMs }), '');
	if (raw.waiting) parts.push('## Waiting for a task', '', waitingSection(raw.waiting), '');
	if (raw.overhead) parts.push('## CPU overhead per item', '', overheadSection(raw.overhead), '');
	if (raw.errors.length) parts.push('## Errors', '', ...raw.errors.map((e) => `- ${e}`), '');
	for (const section of reportText()) parts.push(section, '');
	return parts.join('\n');
}

function writeReport(raw) {
	if (charted(raw)) {
		const chartWork = mkdtempSync(join(tmpdir(), 'bench-chart-'));
		const chartError = renderChart(raw, join(outDir, 'chart.png'), chartWork);
		rmSync(chartWork, { recursive: true, force: true });
		if (chartError) raw.errors.push(`chart: ${chartError}`);
	}
	writeFileSync(join(outDir, 'RESULTS.md'), resultsMarkdown(raw));
	log(`wrote ${relative(process.cwd(), join(outDir, 'RESULTS.md'))}${charted(raw) ? ' and chart.png' : ''}`);
	if (raw.errors.length) process.exitCode = 1;
}

async function main() {
	mkdirSync(outDir, { recursive: true });
	if (reportOnly) {
		writeReport(JSON.parse(readFileSync(join(outDir, 'raw.json'), 'utf8')));
		return;
	}
	const raw = {
		command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
		options,
		meta: machine(),
		load: [{ at: 'start', value: load1() }],
		errors: [],
	};
	log(`machine: ${raw.meta.cpu}, ${raw.meta.cores} cores, ${raw.meta.ramGb} GB, load ${load1().toFixed(2)}`);
	const instance = prepareInstance({ build });
	const ctx = { instance, options, log, loadavg: load1 };
	const step = async (name, fn) => {
		if (!options.only.includes(name)) return;
		const started = Date.now();
		try {
			raw[name] = await fn();
		} catch (error) {
			log(`${name} failed: ${error.stack ?? error}`);
			raw.errors.push(`${name}: ${String(error.message ?? error).slice(0, 500)}`);
		}
		raw.load.push({ at: `after ${name} (${Math.round((Date.now() - started) / 1000)} s)`, value: load1() });
	};
	try {
		await step('throughput', () => measureThroughput(ctx));
		await step('concurrency', () => measureConcurrency(ctx));
		await step('accounts', () => measureAccounts(ctx));
		await step('waiting', () => measureWaiting(ctx));
		await step('memory', () => measureMemory(ctx));
		await step('overhead', () => runOverhead(instance));
	} finally {
		if (!keep) instance.cleanup();
		else log(`kept ${instance.work}`);
	}
	writeFileSync(join(outDir, 'raw.json'), JSON.stringify(raw, null, 1));
	writeReport(raw);
}

await main();
