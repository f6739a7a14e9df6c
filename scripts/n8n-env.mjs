// Helpers to drive a real n8n 2.41.1 (installed by scripts/harness-install.sh into
// .n8n-harness/n8n) from Node scripts and e2e tests. Plain ESM, runs on Node 20 or 24;
// n8n itself always runs on the harness's Node 24 binary.
//
//   import { ensureHarness, packAndInstall, importCredentials, importWorkflow,
//            executeWorkflow, startN8n } from '../scripts/n8n-env.mjs';
//
// Facts this module relies on (n8n 2.41.1, checked): see test/e2e/README.md.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	readdirSync,
	rmSync,
	symlinkSync,
	writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const HARNESS_DIR = process.env.N8N_HARNESS_DIR
	? resolve(process.env.N8N_HARNESS_DIR)
	: join(REPO_DIR, '.n8n-harness');
export const N8N_INSTALL_DIR = join(HARNESS_DIR, 'n8n');
export const NODE24 = join(N8N_INSTALL_DIR, 'node_modules/node/bin/node');
export const N8N_BIN = join(N8N_INSTALL_DIR, 'node_modules/n8n/bin/n8n');
export const N8N_VERSION = '2.41.1';
/** Default user folder of `npm run dev` (N8N_USER_FOLDER; n8n keeps its data in `<it>/.n8n`). */
// Outside the repo on purpose: Node resolves `require` by walking up parent folders before
// NODE_PATH, so a user folder inside the repo would load the repo's dev copies of zod and
// n8n-workflow instead of n8n's own, unlike a real install.
export const DEFAULT_USER_FOLDER = join(homedir(), '.n8n-background-removal-dev');
/**
 * Where test/e2e/tsconfig.fakes.json emits the compiled fake provider servers: inside the checkout,
 * not the harness folder (which N8N_HARNESS_DIR may share), so that they resolve their dev
 * dependencies (pngjs, jpeg-js) from this checkout's node_modules and checkouts do not clash.
 */
export const FAKES_OUT_DIR = join(REPO_DIR, '.tmp', 'fakes');

const log = (...a) => {
	if (!process.env.N8N_ENV_QUIET) console.error('[n8n-env]', ...a);
};

// ---------------------------------------------------------------------------------------------
// install

/** Runs scripts/harness-install.sh (a no-op in < 1 s once installed). Throws on failure. */
export function ensureHarness({ quiet = false } = {}) {
	const r = spawnSync('bash', [join(REPO_DIR, 'scripts/harness-install.sh')], {
		stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
		env: { ...process.env, N8N_HARNESS_DIR: HARNESS_DIR },
	});
	if (r.status !== 0) {
		const out = quiet ? `\n${r.stdout}\n${r.stderr}` : '';
		throw new Error(`harness install failed (exit ${r.status})${out}`);
	}
	return { node: NODE24, n8nBin: N8N_BIN, installDir: N8N_INSTALL_DIR };
}

// ---------------------------------------------------------------------------------------------
// small utilities

/** A 16-character alphanumeric id, the shape n8n uses for workflow and credential ids. */
export function makeId() {
	const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
	return Array.from(randomBytes(16), (b) => alphabet[b % alphabet.length]).join('');
}

/** A free TCP port on 127.0.0.1 (released again before returning; tiny race accepted). */
export function freePort() {
	return new Promise((res, rej) => {
		const srv = createServer();
		srv.unref();
		srv.on('error', rej);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => res(port));
		});
	});
}

/**
 * A fresh user folder OUTSIDE the repo (os.tmpdir()). Keep e2e user folders outside the repo:
 * Node resolves `require()` by walking up parent folders, so a package installed below
 * /…/repo/.n8n-harness would also see the repo's own node_modules (devDependencies), which a
 * user's n8n never has.
 */
export function makeUserFolder(prefix = 'n8n-e2e-') {
	return mkdtempSync(join(tmpdir(), prefix));
}

/** Environment for an n8n process (SQLite in `<userFolder>/.n8n`, no telemetry). */
export function n8nEnv(userFolder, extra = {}) {
	const env = { ...process.env };
	// an inherited NODE_PATH / NODE_OPTIONS would change module resolution inside n8n
	delete env.NODE_PATH;
	delete env.NODE_OPTIONS;
	for (const k of Object.keys(env)) if (k.startsWith('npm_')) delete env[k];
	return {
		...env,
		PATH: `${dirname(NODE24)}:${env.PATH ?? '/usr/bin:/bin'}`,
		N8N_USER_FOLDER: userFolder,
		DB_TYPE: 'sqlite',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		// background fetches from api.n8n.io that only fail offline and fill the log
		N8N_DISABLED_MODULES: 'mcp-registry',
		// explicit values for settings n8n 2.41.1 warns about
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		// n8n not started as production fetches the verified community nodes list from
		// api-staging.n8n.io: offline, ENOTFOUND and a stack trace a few times a session
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_RUNNERS_TASK_TIMEOUT: '300',
		N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
		// off unless the caller's environment turns it on (the e2e tier does, with the local
		// fakes allowed through N8N_SSRF_ALLOWED_IP_RANGES)
		N8N_SSRF_PROTECTION_ENABLED: env.N8N_SSRF_PROTECTION_ENABLED ?? 'false',
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		...extra,
	};
}

function resolveUserFolder(userFolder) {
	return resolve(userFolder ?? process.env.N8N_USER_FOLDER ?? DEFAULT_USER_FOLDER);
}

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
// packages

/** `npm pack` of a package folder (default: this repo) into destDir; returns the .tgz path. */
export function packPackage(pkgDir = REPO_DIR, destDir = mkdtempSync(join(tmpdir(), 'n8n-pack-'))) {
	mkdirSync(destDir, { recursive: true });
	const r = spawnSync('npm', ['pack', '--json', '--pack-destination', destDir], {
		cwd: pkgDir,
		encoding: 'utf8',
		env: { ...process.env, npm_config_ignore_scripts: 'true' },
	});
	if (r.status !== 0) throw new Error(`npm pack failed in ${pkgDir}:\n${r.stderr}`);
	const [info] = JSON.parse(r.stdout);
	return join(destDir, info.filename);
}

/**
 * Installs a package tarball into `<userFolder>/.n8n/nodes` exactly the way n8n 2.41.1's
 * CommunityPackagesService.downloadPackage does for a UI install: unpack into
 * nodes/node_modules/<name>, drop devDependencies/peerDependencies/optionalDependencies from its
 * package.json, `npm install --audit=false --fund=false --bin-links=false
 * --install-strategy=shallow --ignore-scripts=true --package-lock=false` inside it, and record
 * it in nodes/package.json. n8n loads every nodes/node_modules/n8n-nodes-* at start.
 */
export function installTarball(userFolder, tgzPath) {
	const uf = resolveUserFolder(userFolder);
	const nodesDir = join(uf, '.n8n', 'nodes');
	const listing = spawnSync('tar', ['-xzOf', tgzPath, 'package/package.json'], { encoding: 'utf8' });
	if (listing.status !== 0) throw new Error(`cannot read package.json from ${tgzPath}: ${listing.stderr}`);
	const { name, version } = JSON.parse(listing.stdout);
	const pkgDir = join(nodesDir, 'node_modules', ...name.split('/'));
	rmSync(pkgDir, { recursive: true, force: true });
	mkdirSync(pkgDir, { recursive: true });
	const tar = spawnSync('tar', ['-xzf', tgzPath, '-C', pkgDir, '--strip-components=1'], { encoding: 'utf8' });
	if (tar.status !== 0) throw new Error(`tar failed: ${tar.stderr}`);
	const pjPath = join(pkgDir, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...pj } = JSON.parse(readFileSync(pjPath, 'utf8'));
	writeFileSync(pjPath, JSON.stringify(pj, null, 2));
	const npm = spawnSync(
		'npm',
		[
			'install',
			'--audit=false',
			'--fund=false',
			'--bin-links=false',
			'--install-strategy=shallow',
			'--ignore-scripts=true',
			'--package-lock=false',
		],
		{ cwd: pkgDir, encoding: 'utf8' },
	);
	if (npm.status !== 0) throw new Error(`npm install in ${pkgDir} failed:\n${npm.stdout}\n${npm.stderr}`);
	const ledgerPath = join(nodesDir, 'package.json');
	let ledger = { name: 'installed-nodes', private: true, dependencies: {} };
	try {
		const old = JSON.parse(readFileSync(ledgerPath, 'utf8'));
		if (old && typeof old.dependencies === 'object') ledger = old;
	} catch {
		// no ledger yet
	}
	ledger.dependencies[name] = version;
	writeFileSync(ledgerPath, JSON.stringify(ledger, null, 2));
	return { name, version, dir: pkgDir };
}

/**
 * Builds (npm run build) and packs a package folder (default: this repo) into
 * .n8n-harness/pack. Needs no n8n, so callers can do it before the long harness install.
 * Returns the .tgz path.
 */
export function buildAndPack({ pkgDir = REPO_DIR, build = true } = {}) {
	if (build) {
		const pj = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
		if (pj.scripts?.build) {
			log(`npm run build in ${pkgDir}`);
			const b = spawnSync('npm', ['run', 'build'], { cwd: pkgDir, stdio: 'inherit' });
			if (b.status !== 0) throw new Error(`npm run build failed (exit ${b.status})`);
		}
	}
	const packDir = join(HARNESS_DIR, 'pack');
	rmSync(packDir, { recursive: true, force: true });
	return packPackage(pkgDir, packDir);
}

/**
 * Builds and packs a package folder (default: this repo), then installs the tarball into
 * `<userFolder>/.n8n/nodes` the way n8n does. Returns { name, version, dir, tgz }.
 */
export function packAndInstall(userFolder, { pkgDir = REPO_DIR, build = true } = {}) {
	const tgz = buildAndPack({ pkgDir, build });
	const installed = installTarball(userFolder, tgz);
	log(`installed ${installed.name}@${installed.version} into ${installed.dir}`);
	return { ...installed, tgz };
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

// ---------------------------------------------------------------------------------------------
// executions (read from the SQLite database; works while n8n runs)

let harnessRequire;
function fromHarness(id) {
	harnessRequire ??= createRequire(join(N8N_INSTALL_DIR, 'node_modules/n8n/package.json'));
	return harnessRequire(id);
}

/**
 * Lists executions stored in `<userFolder>/.n8n/database.sqlite`, newest first, with their run
 * data parsed: [{ id, workflowId, status, mode, finished, startedAt, stoppedAt, data }] where
 * data is what `n8n execute` prints under `data` ({ resultData: { runData, error? } }).
 * Uses the harness's sqlite3 (N-API, loads on Node 20 and 24) and `flatted` (n8n stores run
 * data flatted).
 */
export async function listExecutions(userFolder, { workflowId, limit = 50, withData = true } = {}) {
	const sqlite3 = fromHarness('sqlite3');
	const flatted = fromHarness('flatted');
	const dbFile = join(resolveUserFolder(userFolder), '.n8n', 'database.sqlite');
	const db = new sqlite3.Database(dbFile, sqlite3.OPEN_READONLY);
	try {
		const where = workflowId ? 'WHERE e.workflowId = ?' : '';
		const sql = `SELECT e.id, e.workflowId, e.status, e.mode, e.finished, e.startedAt, e.stoppedAt${
			withData ? ', d.data' : ''
		} FROM execution_entity e LEFT JOIN execution_data d ON d.executionId = e.id ${where}
		ORDER BY e.id DESC LIMIT ?`;
		const params = workflowId ? [workflowId, limit] : [limit];
		const rows = await new Promise((res, rej) => db.all(sql, params, (err, r) => (err ? rej(err) : res(r))));
		return rows.map((r) => ({
			...r,
			id: String(r.id),
			finished: Boolean(r.finished),
			data: withData && r.data ? flatted.parse(r.data) : undefined,
		}));
	} finally {
		await new Promise((res) => db.close(() => res()));
	}
}

/** Ids of the workflows stored in `<userFolder>/.n8n/database.sqlite` ([] when there is no DB yet). */
export async function listWorkflowIds(userFolder) {
	const dbFile = join(resolveUserFolder(userFolder), '.n8n', 'database.sqlite');
	if (!existsSync(dbFile)) return [];
	const sqlite3 = fromHarness('sqlite3');
	const db = new sqlite3.Database(dbFile, sqlite3.OPEN_READONLY);
	try {
		const rows = await new Promise((res, rej) =>
			db.all('SELECT id FROM workflow_entity', (err, r) => (err ? rej(err) : res(r))),
		);
		return rows.map((r) => String(r.id));
	} catch {
		return []; // not migrated yet
	} finally {
		await new Promise((res) => db.close(() => res()));
	}
}

/**
 * Waits until the production webhooks of a published workflow are registered (rows in
 * `webhook_entity`, which is what n8n's webhook routing reads). n8n 2.41.1 activates published
 * workflows asynchronously (workflow publication service, on by default), so they can still
 * be missing when the server already answers. Returns the rows.
 */
export async function waitForWebhooks(userFolder, workflowId, { timeoutMs = 60_000, intervalMs = 200 } = {}) {
	const sqlite3 = fromHarness('sqlite3');
	const dbFile = join(resolveUserFolder(userFolder), '.n8n', 'database.sqlite');
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const db = new sqlite3.Database(dbFile, sqlite3.OPEN_READONLY);
		const rows = await new Promise((res) =>
			db.all('SELECT * FROM webhook_entity WHERE workflowId = ?', [workflowId], (err, r) => res(err ? [] : r)),
		);
		await new Promise((res) => db.close(() => res()));
		if (rows.length > 0) return rows;
		if (Date.now() > deadline) throw new Error(`webhooks of workflow ${workflowId} not registered after ${timeoutMs} ms`);
		await new Promise((r) => setTimeout(r, intervalMs));
	}
}

/** Runs one read-only query on `<userFolder>/.n8n/database.sqlite`; [] when there is no database yet. */
export async function queryDatabase(userFolder, sql, params = []) {
	const dbFile = join(resolveUserFolder(userFolder), '.n8n', 'database.sqlite');
	if (!existsSync(dbFile)) return [];
	const sqlite3 = fromHarness('sqlite3');
	const db = new sqlite3.Database(dbFile, sqlite3.OPEN_READONLY);
	try {
		return await new Promise((res, rej) => db.all(sql, params, (err, rows) => (err ? rej(err) : res(rows))));
	} finally {
		await new Promise((res) => db.close(() => res()));
	}
}

/** Polls listExecutions until `predicate(executions)` is truthy; returns the executions. */
export async function waitForExecutions(userFolder, predicate, { workflowId, timeoutMs = 30_000, intervalMs = 250 } = {}) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const list = await listExecutions(userFolder, { workflowId });
		if (predicate(list)) return list;
		if (Date.now() > deadline) throw new Error(`timed out waiting for executions of ${workflowId ?? 'any workflow'}`);
		await new Promise((r) => setTimeout(r, intervalMs));
	}
}

// ---------------------------------------------------------------------------------------------
// server

/**
 * Starts `n8n start` and resolves once it serves: /healthz is ok, /healthz/readiness is ok,
 * n8n printed "Editor is now accessible" and, for each id in `webhooksOf`, the published
 * workflow's production webhooks are registered (activation is asynchronous in 2.41.1). Returns { url, port, child, logs(), stop() }; stop() sends SIGINT, waits
 * for n8n's graceful shutdown (about 2 s) and SIGKILLs the process group after killTimeoutMs.
 * n8n runs in its own process group, so a terminal Ctrl-C reaches only the caller, which
 * should call stop() (one SIGINT: a second one makes n8n exit without cleanup).
 */
export async function startN8n({
	port = 5678,
	userFolder,
	env = {},
	listenAddress = '127.0.0.1',
	echo = false,
	readyTimeoutMs = 180_000,
	killTimeoutMs = 30_000,
	webhooksOf = [],
} = {}) {
	const uf = resolveUserFolder(userFolder);
	mkdirSync(uf, { recursive: true });
	const brokerPort = env.N8N_RUNNERS_BROKER_PORT ?? String(await freePort());
	const fullEnv = n8nEnv(uf, {
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: listenAddress,
		N8N_HOST: 'localhost',
		N8N_PROTOCOL: 'http',
		N8N_RUNNERS_BROKER_PORT: brokerPort,
		...env,
	});
	const url = `http://${listenAddress === '0.0.0.0' ? 'localhost' : listenAddress}:${port}`;
	const started = Date.now();
	const child = spawn(NODE24, [N8N_BIN, 'start'], {
		cwd: uf,
		env: fullEnv,
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	let output = '';
	let editorReady = false;
	const onData = (stream) => (d) => {
		const s = d.toString('utf8');
		output += s;
		if (output.length > 2_000_000) output = output.slice(-1_000_000);
		if (!editorReady && output.includes('Editor is now accessible')) editorReady = true;
		if (echo) stream.write(s);
	};
	child.stdout.on('data', onData(process.stdout));
	child.stderr.on('data', onData(process.stderr));
	let exited = null;
	const exitPromise = new Promise((res) =>
		child.on('exit', (code, signal) => {
			exited = { code, signal };
			res(exited);
		}),
	);
	const killGroup = (sig) => {
		try {
			process.kill(-child.pid, sig);
		} catch {
			// already gone
		}
	};
	// never leave an n8n behind when the caller exits abruptly
	const onExit = () => killGroup('SIGKILL');
	process.on('exit', onExit);

	let stopping;
	const stop = async () => {
		stopping ??= (async () => {
			if (!exited) {
				try {
					process.kill(child.pid, 'SIGINT');
				} catch {
					// gone
				}
				const t = setTimeout(() => killGroup('SIGKILL'), killTimeoutMs);
				await exitPromise;
				clearTimeout(t);
			}
			killGroup('SIGKILL'); // task runner children, if any survived
			process.off('exit', onExit);
			return exited;
		})();
		return await stopping;
	};

	const get = async (path) => {
		try {
			const r = await fetch(url + path, { signal: AbortSignal.timeout(2000) });
			return r.status;
		} catch {
			return 0;
		}
	};
	for (;;) {
		if (exited) {
			throw new Error(`n8n exited during start-up (${JSON.stringify(exited)}):\n${output.slice(-4000)}`);
		}
		if (Date.now() - started > readyTimeoutMs) {
			await stop();
			throw new Error(`n8n not ready after ${readyTimeoutMs} ms:\n${output.slice(-4000)}`);
		}
		if (editorReady && (await get('/healthz')) === 200 && (await get('/healthz/readiness')) === 200) break;
		await new Promise((r) => setTimeout(r, 200));
	}
	try {
		for (const id of webhooksOf) {
			await waitForWebhooks(uf, id, { timeoutMs: Math.max(10_000, readyTimeoutMs - (Date.now() - started)) });
		}
	} catch (e) {
		await stop();
		throw new Error(`${e.message}\n${output.slice(-4000)}`);
	}
	return {
		url,
		port,
		child,
		startMs: Date.now() - started,
		logs: () => output,
		exited: () => exited,
		stop,
	};
}

// ---------------------------------------------------------------------------------------------
// fake provider servers (TypeScript in test/fakes, compiled with the repo's tsc)

/**
 * Compiles test/fakes/**\/*.ts with test/e2e/tsconfig.fakes.json into .tmp/fakes
 * (CommonJS, layout mirrors the repo: .tmp/fakes/test/fakes/<file>.js). Returns the
 * folder of the compiled test/fakes, or null when there are no fakes yet.
 */
export function compileFakes() {
	const src = join(REPO_DIR, 'test/fakes');
	const hasTs = (d) =>
		existsSync(d) &&
		readdirSync(d, { withFileTypes: true }).some((e) =>
			e.isDirectory() ? hasTs(join(d, e.name)) : e.name.endsWith('.ts'),
		);
	if (!hasTs(src)) return null;
	const tsc = join(REPO_DIR, 'node_modules/typescript/bin/tsc');
	const tsconfig = join(REPO_DIR, 'test/e2e/tsconfig.fakes.json');
	const r = spawnSync(process.execPath, [tsc, '-p', tsconfig, '--outDir', FAKES_OUT_DIR], {
		cwd: REPO_DIR,
		encoding: 'utf8',
	});
	if (r.status !== 0) throw new Error(`tsc for test/fakes failed:\n${r.stdout}\n${r.stderr}`);
	// The sandbox's clips (test/fixtures/sandbox) are read relative to the compiled fakes: linked
	// beside them. Dev dependencies resolve from the checkout's node_modules (FAKES_OUT_DIR is inside).
	const fixtures = join(FAKES_OUT_DIR, 'test/fixtures');
	rmSync(fixtures, { recursive: true, force: true });
	symlinkSync(join(REPO_DIR, 'test/fixtures'), fixtures, 'dir');
	return join(FAKES_OUT_DIR, 'test/fakes');
}

// ---------------------------------------------------------------------------------------------
// REST API of a running n8n (what the editor calls)

/**
 * Creates the owner account of a fresh n8n (`POST /rest/owner/setup`) and returns the session
 * cookie (`n8n-auth=…`) for later REST calls. n8n 2.x wants 8+ characters, a digit and an
 * upper-case letter in the password.
 */
export async function setUpOwner(url, owner = { email: 'owner@example.com', firstName: 'Demo', lastName: 'Owner', password: 'Sandbox-Owner-1' }) {
	const r = await fetch(`${url}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(owner),
	});
	if (r.status !== 200) throw new Error(`POST /rest/owner/setup: ${r.status} ${await r.text()}`);
	const cookie = r.headers.getSetCookie().find((c) => c.startsWith('n8n-auth='));
	if (!cookie) throw new Error('POST /rest/owner/setup set no n8n-auth cookie');
	return cookie.split(';')[0];
}

/**
 * Runs a stored workflow the way the editor's "Execute workflow" button does
 * (`POST /rest/workflows/<id>/run` from its trigger node) in a running `n8n start`, waits for
 * the execution to finish and returns it as listExecutions() does ({ id, status, mode, data }).
 */
export async function runWorkflowInServer(n8n, cookie, workflowId, triggerName, { userFolder, timeoutMs = 120_000 } = {}) {
	const r = await fetch(`${n8n.url}/rest/workflows/${workflowId}/run`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', cookie },
		body: JSON.stringify({ triggerToStartFrom: { name: triggerName } }),
	});
	const text = await r.text();
	if (r.status !== 200) throw new Error(`POST /rest/workflows/${workflowId}/run: ${r.status} ${text}`);
	const executionId = String(JSON.parse(text).data?.executionId ?? '');
	if (!executionId) throw new Error(`POST /rest/workflows/${workflowId}/run started no execution: ${text}`);
	const list = await waitForExecutions(
		userFolder,
		(l) => l.some((e) => e.id === executionId && !['new', 'running', 'waiting'].includes(e.status)),
		{ workflowId, timeoutMs },
	);
	return list.find((e) => e.id === executionId);
}
