// One private n8n user folder for a bench run: this package built, packed and installed the way
// n8n installs community packages, the fake providers compiled, and a way to run a stored workflow
// with `n8n execute` while sampling the n8n process's memory.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import * as env from '../../lib/n8n/index.mjs';

const log = (...a) => console.error('[bench]', ...a);

/**
 * Builds (unless build=false), packs into a private folder (not the shared .n8n-harness/pack),
 * installs into a fresh user folder outside the repo and compiles the fakes into a private folder.
 * `pkgDir` is the package folder to build and pack (default: this checkout; see
 * prepareInstanceAt for an older commit). The fakes always come from this checkout.
 */
export function prepareInstance({ build = true, filesDir, pkgDir = env.REPO_DIR } = {}) {
	env.ensureHarness({ quiet: true });
	const work = mkdtempSync(join(tmpdir(), 'n8n-bench-'));
	if (build) {
		log(`npm run build${pkgDir === env.REPO_DIR ? '' : ` in ${pkgDir}`}`);
		const b = spawnSync('npm', ['run', 'build'], { cwd: pkgDir, stdio: ['ignore', 'ignore', 'inherit'] });
		if (b.status !== 0) throw new Error(`npm run build failed in ${pkgDir} (exit ${b.status})`);
	}
	const tgz = env.packPackage(pkgDir, join(work, 'pack'));
	const userFolder = join(work, 'user');
	mkdirSync(userFolder);
	const installed = env.installTarball(userFolder, tgz);
	log(`installed ${installed.name}@${installed.version} into ${userFolder}`);
	const fakesOut = join(work, 'fakes');
	const tsc = join(env.REPO_DIR, 'node_modules/typescript/bin/tsc');
	const r = spawnSync(process.execPath, [tsc, '-p', join(env.REPO_DIR, 'test/e2e/tsconfig.fakes.json'), '--outDir', fakesOut], {
		cwd: env.REPO_DIR,
		encoding: 'utf8',
	});
	if (r.status !== 0) throw new Error(`tsc for test/fakes failed:\n${r.stdout}\n${r.stderr}`);
	const fakesDir = join(fakesOut, 'test/fakes');
	const files = filesDir ?? join(work, 'files');
	mkdirSync(files, { recursive: true });
	return makeInstance({ work, userFolder, fakesDir, packageName: installed.name, filesDir: files });
}

/**
 * An instance of the package as it was at a git commit of this repository: the commit's files
 * (`git archive`, no worktree is registered) in a temp folder with this checkout's node_modules
 * linked in, built there, packed and installed like prepareInstance. For benchmarks that put an
 * older build beside this checkout's in one run. `instance.commit` is the full hash;
 * cleanup() removes the source folder too.
 */
export function prepareInstanceAt(ref) {
	const rev = spawnSync('git', ['rev-parse', '--verify', `${ref}^{commit}`], { cwd: env.REPO_DIR, encoding: 'utf8' });
	if (rev.status !== 0) throw new Error(`git rev-parse ${ref}: ${rev.stderr.trim()}`);
	const commit = rev.stdout.trim();
	const src = mkdtempSync(join(tmpdir(), 'n8n-bench-src-'));
	try {
		const archive = spawnSync('sh', ['-c', `git archive --format=tar ${commit} | tar -x -C "${src}"`], { cwd: env.REPO_DIR, encoding: 'utf8' });
		if (archive.status !== 0) throw new Error(`git archive ${commit}: ${archive.stderr}`);
		symlinkSync(realpathSync(join(env.REPO_DIR, 'node_modules')), join(src, 'node_modules'));
		log(`${ref} = ${commit.slice(0, 7)} checked out into ${src}`);
		const instance = prepareInstance({ build: true, pkgDir: src });
		const cleanup = instance.cleanup;
		return Object.assign(instance, {
			commit,
			cleanup: () => {
				cleanup();
				rmSync(src, { recursive: true, force: true });
			},
		});
	} catch (error) {
		rmSync(src, { recursive: true, force: true });
		throw error;
	}
}

function makeInstance({ work, userFolder, fakesDir, packageName, filesDir }) {
	const requireFake = createRequire(join(fakesDir, 'index.js'));
	const instance = {
		work,
		userFolder,
		fakesDir,
		packageName,
		/** Files the Read/Write Files node may read (N8N_RESTRICT_FILE_ACCESS_TO). */
		filesDir,
		nodeType: (name) => `${packageName}.${name}`,
		fake: (name) => requireFake(`./${name}.js`),
		env: {
			N8N_RESTRICT_FILE_ACCESS_TO: filesDir,
		},
		importCredentials: (creds) => env.importCredentials(userFolder, creds, { env: instance.env }),
		importWorkflow: (wf) => env.importWorkflow(userFolder, wf, { env: instance.env }),
		publishWorkflow: (id) => env.publishWorkflow(userFolder, id, { env: instance.env }),
		startN8n: async (opts = {}) => env.startN8n({ port: await env.freePort(), userFolder, env: instance.env, ...opts }),
		listExecutions: (opts) => env.listExecutions(userFolder, opts),
		/** A copy of the user folder (own SQLite database), for n8n processes that run at the same time. */
		clone(suffix) {
			const copy = join(work, `user-${suffix}`);
			rmSync(copy, { recursive: true, force: true });
			cpSync(userFolder, copy, { recursive: true });
			return makeInstance({ work, userFolder: copy, fakesDir, packageName, filesDir });
		},
		/** Runs a stored workflow; see executeSampled. */
		execute: (id, opts = {}) => executeSampled(id, { ...opts, userFolder, env: { ...instance.env, ...(opts.env ?? {}) } }),
		cleanup: () => rmSync(work, { recursive: true, force: true }),
	};
	return instance;
}

/** VmRSS and VmHWM of a process in bytes (undefined once it is gone). */
export function readProcMemory(pid) {
	let text;
	try {
		text = readFileSync(`/proc/${pid}/status`, 'utf8');
	} catch {
		return undefined;
	}
	const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN) * 1024;
	return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

/**
 * `n8n execute --id=<id> --rawOutput` with the harness's Node 24, sampling /proc/<pid>/status of
 * the n8n process every `sampleMs` (the execution runs in that process: regular mode, no queue).
 * Resolves { run, samples: [{ t, rss, hwm }], cli: { code, stdout, stderr, durationMs } }.
 */
export async function executeSampled(id, { userFolder, env: extra = {}, sampleMs = 0, timeoutMs = 30 * 60_000, nodeArgs = [] } = {}) {
	const fullEnv = env.n8nEnv(userFolder, { N8N_RUNNERS_BROKER_PORT: String(await env.freePort()), ...extra });
	const started = Date.now();
	return await new Promise((resolve, reject) => {
		const child = spawn(env.NODE24, [...nodeArgs, env.N8N_BIN, 'execute', `--id=${id}`, '--rawOutput'], {
			cwd: userFolder,
			env: fullEnv,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const out = [];
		const err = [];
		const samples = [];
		child.stdout.on('data', (d) => out.push(d));
		child.stderr.on('data', (d) => err.push(d));
		const sample = () => {
			const m = readProcMemory(child.pid);
			if (m) samples.push({ t: Date.now(), ...m });
		};
		const sampler = sampleMs > 0 ? setInterval(sample, sampleMs) : undefined;
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('error', (e) => {
			clearTimeout(timer);
			clearInterval(sampler);
			reject(e);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			clearInterval(sampler);
			const cli = {
				code,
				signal,
				stdout: Buffer.concat(out).toString('utf8'),
				stderr: Buffer.concat(err).toString('utf8'),
				durationMs: Date.now() - started,
			};
			const printed = env.parseRunOutput(cli.stdout);
			if (printed) {
				resolve({ run: printed, samples, cli });
				return;
			}
			// Very large runs (base64 in item JSON) do not always come back parseable on stdout; the
			// execution is in the database too.
			env
				.listExecutions(userFolder, { workflowId: id, limit: 1 })
				.then(([stored]) => {
					if (!stored?.data || stored.startedAt < new Date(started - 1000).toISOString().replace('T', ' ').slice(0, 19)) {
						throw new Error(`n8n execute --id=${id} printed no run (exit ${code}, ${signal ?? ''}):\n${(cli.stdout + cli.stderr).slice(-2000)}`);
					}
					resolve({ run: { status: stored.status, data: stored.data }, samples, cli });
				})
				.catch(reject);
		});
	});
}

/** runData tasks of a node: [{ startTime, executionTime, data, error? }]. */
export function tasksOf(run, nodeName) {
	return run?.data?.resultData?.runData?.[nodeName] ?? [];
}

/**
 * The time span covered by the runs of the given nodes inside the execution: from the first
 * run's startTime to the end of the last (startTime + executionTime), in ms. Every run of every
 * node counts (loops run a node many times).
 */
export function nodeSpan(run, nodeNames) {
	let first = Infinity;
	let last = -Infinity;
	let busy = 0;
	let runs = 0;
	for (const name of nodeNames) {
		for (const task of tasksOf(run, name)) {
			first = Math.min(first, task.startTime);
			last = Math.max(last, task.startTime + task.executionTime);
			busy += task.executionTime;
			runs++;
		}
	}
	if (!runs) throw new Error(`none of ${nodeNames.join(', ')} ran (ran: ${Object.keys(run?.data?.resultData?.runData ?? {}).join(', ')})`);
	return { startMs: first, endMs: last, spanMs: last - first, busyMs: busy, runs };
}

export function runError(run) {
	const e = run?.data?.resultData?.error;
	if (!e) return undefined;
	return `${e.message ?? 'error'}${e.description ? ` (${e.description})` : ''}`.slice(0, 300);
}

/** Items output by a node (all its runs, first output). */
export function outputItems(run, nodeName) {
	return tasksOf(run, nodeName).flatMap((task) => task.data?.main?.[0] ?? []);
}
