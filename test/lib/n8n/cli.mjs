// n8n's CLI on the harness's Node 24: any command, and importing credentials and workflows, publishing and executing a workflow, reading its output and binaries.
// Part of the n8n test library (test/lib/n8n/index.mjs; scripts/n8n-env.mjs re-exports it).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { N8N_BIN, NODE24, freePort, makeId, n8nEnv, resolveUserFolder } from './harness.mjs';

// ---------------------------------------------------------------------------------------------
// CLI

/**
 * Runs `n8n <args>` with Node 24. Resolves { code, signal, stdout, stderr, durationMs } (never
 * rejects on a non-zero exit). Every n8n CLI process that executes workflows starts a task
 * broker; it gets its own free port unless env.N8N_RUNNERS_BROKER_PORT is given.
 */
export async function n8nCli(args, { env = {}, userFolder, timeoutMs = 10 * 60_000, cwd } = {}) {
	const uf = resolveUserFolder(userFolder);
	mkdirSync(uf, { recursive: true });
	const fullEnv = n8nEnv(uf, { N8N_RUNNERS_BROKER_PORT: String(await freePort()), ...env });
	const started = Date.now();
	return await new Promise((res, rej) => {
		const child = spawn(NODE24, [N8N_BIN, ...args], {
			cwd: cwd ?? uf,
			env: fullEnv,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const out = [];
		const err = [];
		child.stdout.on('data', (d) => out.push(d));
		child.stderr.on('data', (d) => err.push(d));
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('error', (e) => {
			clearTimeout(timer);
			rej(e);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			res({
				code,
				signal,
				stdout: Buffer.concat(out).toString('utf8'),
				stderr: Buffer.concat(err).toString('utf8'),
				durationMs: Date.now() - started,
			});
		});
	});
}

async function n8nCliOk(args, opts) {
	const r = await n8nCli(args, opts);
	const text = `${r.stdout}\n${r.stderr}`;
	// import/publish commands log their errors and still exit 0: look at the text too
	if (r.code !== 0 || /An error occurred|Error (updating|importing)|UserError|Skipped workflow/.test(text)) {
		const e = new Error(`n8n ${args.join(' ')} failed (exit ${r.code}):\n${text.slice(-4000)}`);
		Object.assign(e, r);
		throw e;
	}
	return r;
}


// ---------------------------------------------------------------------------------------------
// import / publish / execute

function tmpJson(value) {
	const dir = mkdtempSync(join(tmpdir(), 'n8n-json-'));
	const file = join(dir, 'data.json');
	writeFileSync(file, JSON.stringify(value, null, 2));
	return { file, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Imports credentials with `n8n import:credentials --input=<file>`. Each credential is
 * { id?, name, type, data: { ...plain fields } }: n8n 2.41.1 encrypts `data` with the instance
 * key on import when it is an object (a string is taken as already encrypted). A missing id is
 * generated. The owner's personal project owns them. Returns the credentials with their ids.
 */
export async function importCredentials(userFolder, creds, { env } = {}) {
	const list = creds.map((c) => ({ id: c.id ?? makeId(), name: c.name ?? c.type, type: c.type, data: c.data }));
	const { file, cleanup } = tmpJson(list);
	try {
		await n8nCliOk(['import:credentials', `--input=${file}`], { userFolder, env });
	} finally {
		cleanup();
	}
	return list;
}

/**
 * Imports one workflow (object, or path to a .json file) with `n8n import:workflow`; the
 * workflow is stored inactive. A missing id is generated. Returns the workflow id.
 */
export async function importWorkflow(userFolder, workflow, { env } = {}) {
	const wf = typeof workflow === 'string' ? JSON.parse(readFileSync(workflow, 'utf8')) : { ...workflow };
	wf.id ??= makeId();
	wf.name ??= `e2e ${wf.id}`;
	wf.connections ??= {};
	wf.settings ??= {};
	wf.active = false;
	const { file, cleanup } = tmpJson(wf);
	try {
		await n8nCliOk(['import:workflow', `--input=${file}`], { userFolder, env });
	} finally {
		cleanup();
	}
	return wf.id;
}

/** `n8n import:workflow --separate --input=<dir>` (every *.json in dir). */
export async function importWorkflowsFromDir(userFolder, dir, { env } = {}) {
	return await n8nCliOk(['import:workflow', '--separate', `--input=${dir}`], { userFolder, env });
}

/**
 * Marks a workflow as published (= active) with `n8n publish:workflow --id=<id>` (2.x; the
 * deprecated `update:workflow --active=true` does the same). Takes effect at the next
 * `n8n start`, which then registers its webhooks/triggers.
 */
export async function publishWorkflow(userFolder, id, { env } = {}) {
	await n8nCliOk(['publish:workflow', `--id=${id}`], { userFolder, env });
}

/**
 * Extracts the run JSON that `n8n execute --rawOutput` prints. On success stdout is log lines
 * followed by the run object (first line `{`, last line `}`); on failure n8n prints the same
 * object after "Execution error:" and exits 1. Returns undefined if there is none.
 */
export function parseRunOutput(stdout) {
	const lines = stdout.split('\n');
	const start = lines.indexOf('{');
	if (start === -1) return undefined;
	const end = lines.indexOf('}', start);
	if (end === -1) return undefined;
	try {
		return JSON.parse(lines.slice(start, end + 1).join('\n'));
	} catch {
		return undefined;
	}
}

/**
 * Runs a stored workflow from its start node (its Manual Trigger) with
 * `n8n execute --id=<id> --rawOutput` and returns the run as parsed JSON:
 * { data: { resultData: { runData, error?, lastNodeExecuted } }, status, finished, mode, ... }.
 * A failed run resolves too (status "error", data.resultData.error). Throws only when no run
 * JSON was printed. The CLI result is attached as a non-enumerable `cli` property.
 */
export async function executeWorkflow(id, { userFolder, env, timeoutMs } = {}) {
	const r = await n8nCli(['execute', `--id=${id}`, '--rawOutput'], { userFolder, env, timeoutMs });
	const run = parseRunOutput(r.stdout);
	if (!run) {
		const e = new Error(`n8n execute --id=${id} printed no run (exit ${r.code}):\n${(r.stdout + r.stderr).slice(-4000)}`);
		Object.assign(e, r);
		throw e;
	}
	Object.defineProperty(run, 'cli', { value: r, enumerable: false });
	return run;
}

/** Items of one node's output in a run: nodeOutput(run, 'My Node') → [{ json, binary?, ... }]. */
export function nodeOutput(run, nodeName, { runIndex = 0, output = 0 } = {}) {
	const runData = run?.data?.resultData?.runData ?? run?.resultData?.runData;
	const task = runData?.[nodeName]?.[runIndex];
	if (!task) throw new Error(`node "${nodeName}" did not run (ran: ${Object.keys(runData ?? {}).join(', ')})`);
	return task.data?.main?.[output] ?? [];
}

/**
 * Bytes of a binary produced in a run. In filesystem mode (the default for regular mode in 2.x)
 * the binary's `id` is `filesystem-v2:<path>` relative to `<userFolder>/.n8n/storage`
 * (N8N_BINARY_DATA_STORAGE_PATH overrides it), e.g.
 * `filesystem-v2:workflows/<wfId>/executions/<execId>/binary_data/<uuid>`; a `.metadata` JSON
 * file sits beside it. Small binaries in other modes carry base64 `data`.
 */
export function readBinary(userFolder, binary, { storagePath } = {}) {
	const id = binary?.id;
	if (!id) return Buffer.from(binary?.data ?? '', 'base64');
	const m = /^filesystem(?:-v2)?:(.*)$/.exec(id);
	if (!m) throw new Error(`binary id ${id} is not in filesystem mode`);
	const base = storagePath ?? join(resolveUserFolder(userFolder), '.n8n', 'storage');
	return readFileSync(join(base, m[1]));
}
