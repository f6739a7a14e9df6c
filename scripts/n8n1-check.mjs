#!/usr/bin/env node
// npm run check:n8n1: does this package work in n8n 1.x?
//
//   npm run check:n8n1 [-- --no-build] [-- --keep] [-- --node=20]
//
//   1. scripts/n8n1-install.sh: n8n 1.123.81 (the newest 1.x in this registry snapshot) and a
//      Node 24 binary into .n8n-harness/n8n1 (first run about 5 min, then < 1 s). n8n 1.x runs
//      on that Node 24; `--node=20` runs it on this machine's Node 20 instead, which needs
//      N8N_EXPRESSION_ENGINE=legacy (isolated-vm 6.2.0, behind 1.123's default "vm" engine, has
//      no Node 20 build; see scripts/n8n1-install.sh).
//   2. npm run build + npm pack, then install the tarball into a fresh user folder in
//      os.tmpdir() the way n8n installs community packages (installTarball in n8n-env.mjs:
//      the same steps in 1.x and 2.x).
//   3. `n8n export:nodes`: every node of package.json `n8n.nodes` (and the `…Tool` variant of
//      each `usableAsTool` node) must be listed.
//   4. workflows run with `n8n execute --id --rawOutput` against the compiled fakes
//      (test/fakes, see compileFakes): Cutout.pro image Remove Background by URL (PNG binary),
//      the same with a wrong key (the run fails cleanly with the provider's message),
//      Ximilar and Runware Remove Background by URL.
//
// Prints one line per check and exits 1 if any failed. N8N1_VERSION picks another 1.x.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import {
	HARNESS_DIR,
	REPO_DIR,
	compileFakes,
	freePort,
	installTarball,
	makeId,
	makeUserFolder,
	n8nEnv,
	packPackage,
	parseRunOutput,
} from './n8n-env.mjs';
import { fakeName, provider } from './providers.mjs';

const args = process.argv.slice(2);
const build = !args.includes('--no-build');
const keep = args.includes('--keep');
const N8N1_DIR = join(HARNESS_DIR, 'n8n1');
const N8N1_BIN = join(N8N1_DIR, 'node_modules/n8n/bin/n8n');
const NODE20 = args.includes('--node=20');
const NODE_BIN = NODE20 ? process.execPath : join(N8N1_DIR, 'node_modules/node/bin/node');

const t0 = Date.now();
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
const say = (m) => console.log(`[check:n8n1 ${secs(Date.now() - t0).padStart(7)}] ${m}`);
const results = [];
function record(name, ok, detail, ms) {
	results.push({ name, ok, detail });
	say(
		`${ok ? 'PASS' : 'FAIL'} ${name}${ms === undefined ? '' : ` (${secs(ms)})`}${detail ? `: ${detail}` : ''}`,
	);
}

/** Environment for n8n 1.x: n8nEnv (SQLite, no telemetry) adapted to 1.x and NODE_BIN. */
async function n8n1Env(userFolder) {
	const env = n8nEnv(userFolder, {
		// n8nEnv puts the 2.x harness's Node first on PATH: n8n 1.x and its children use NODE_BIN
		PATH: `${dirname(NODE_BIN)}:${process.env.PATH ?? '/usr/bin:/bin'}`,
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		...(NODE20 ? { N8N_EXPRESSION_ENGINE: 'legacy' } : {}),
	});
	// 2.x-only module name: n8n 1.x refuses to start with 'Unknown module "mcp-registry"'
	delete env.N8N_DISABLED_MODULES;
	return env;
}

/** `n8n <args>` of the 1.x install (on NODE_BIN). Never rejects on an exit code. */
async function n8n1(args, userFolder, { timeoutMs = 5 * 60_000 } = {}) {
	const env = await n8n1Env(userFolder);
	const started = Date.now();
	return await new Promise((res, rej) => {
		const child = spawn(NODE_BIN, [N8N1_BIN, ...args], {
			cwd: userFolder,
			env,
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

async function n8n1Ok(args, userFolder) {
	const r = await n8n1(args, userFolder);
	const text = `${r.stdout}\n${r.stderr}`;
	if (
		r.code !== 0 ||
		/An error occurred|Error (updating|importing)|UserError|Skipped workflow/.test(text)
	) {
		throw new Error(`n8n ${args.join(' ')} failed (exit ${r.code}):\n${text.slice(-3000)}`);
	}
	return r;
}

async function withJsonFile(userFolder, value, fn) {
	const { writeFileSync } = await import('node:fs');
	const file = join(userFolder, `input-${makeId()}.json`);
	writeFileSync(file, JSON.stringify(value, null, 2));
	try {
		return await fn(file);
	} finally {
		rmSync(file, { force: true });
	}
}

// n8n-core's loader turns a TypeError thrown while loading a node file into "Class could not be
// found" (seen in 1.82.3, where NodeConnectionTypes is undefined) and skips the whole package
const LOAD_ERROR =
	/Class could not be found|Failed to load|error loading|is not a constructor|Cannot find module|Cannot read properties/i;

/**
 * The node types n8n loaded: `n8n export:nodes` where it exists (1.8x+ lacks it before some
 * version: "command export:nodes not found", seen in 1.85.4); otherwise `n8n start` on a free
 * port and GET /types/nodes.json (the editor's static node list, no login needed), then SIGINT.
 */
async function loadedNodeTypes(userFolder) {
	const out = join(userFolder, 'exported-nodes.json');
	const ex = await n8n1(['export:nodes', `--output=${out}`], userFolder);
	const exText = ex.stdout + ex.stderr;
	if (!/command export:nodes not found/.test(exText)) {
		const loaded = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')).map((n) => n.name) : [];
		return { loaded, via: 'n8n export:nodes', text: exText, code: ex.code };
	}
	const port = await freePort();
	const env = {
		...(await n8n1Env(userFolder)),
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
	};
	const child = spawn(NODE_BIN, [N8N1_BIN, 'start'], {
		cwd: userFolder,
		env,
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	let log = '';
	child.stdout.on('data', (d) => (log += d));
	child.stderr.on('data', (d) => (log += d));
	let exited = false;
	const exit = new Promise((res) => child.on('exit', (c) => res((exited = true) && c)));
	try {
		const deadline = Date.now() + 180_000;
		while (!exited && Date.now() < deadline) {
			try {
				const r = await fetch(`http://127.0.0.1:${port}/types/nodes.json`, {
					signal: AbortSignal.timeout(2000),
				});
				if (r.status === 200) {
					const loaded = (await r.json()).map((n) => n.name);
					return {
						loaded,
						via: 'export:nodes missing: n8n start + GET /types/nodes.json',
						text: log,
						code: 0,
					};
				}
			} catch {
				// not up yet
			}
			await new Promise((r) => setTimeout(r, 500));
		}
		return {
			loaded: [],
			via: 'n8n start + GET /types/nodes.json',
			text: log,
			code: exited ? 1 : -1,
		};
	} finally {
		try {
			process.kill(child.pid, 'SIGINT');
		} catch {
			// gone
		}
		const t = setTimeout(() => {
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				// gone
			}
		}, 20_000);
		await exit;
		clearTimeout(t);
	}
}

/**
 * The run's outcome. n8n 1.85 prints `"status": "running"` in the `execute --rawOutput` JSON
 * even for a finished run, so fall back to the run data.
 */
function runStatus(run) {
	if (run.status === 'success' || run.status === 'error') return run.status;
	if (run.data?.resultData?.error) return 'error';
	const tasks = Object.values(run.data?.resultData?.runData ?? {}).flat();
	if (
		tasks.length &&
		tasks.every((t) => (t.executionStatus ?? 'success') === 'success' && !t.error)
	)
		return 'success';
	return run.status;
}

const fail = (message) => {
	throw new Error(message);
};
const expectSuccess = (run) => {
	if (runStatus(run) !== 'success')
		fail(
			`status ${run.status}: ${JSON.stringify(run.data?.resultData?.error ?? null).slice(0, 400)}`,
		);
};

const manual = {
	id: 'm',
	name: 'Manual',
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
const workflowOf = (name, node) => ({
	id: makeId(),
	name,
	active: false,
	settings: {},
	nodes: [manual, { id: 'n', typeVersion: 1, position: [220, 0], ...node }],
	connections: { Manual: { main: [[{ node: node.name, type: 'main', index: 0 }]] } },
});

let userFolder;
const fakes = [];
try {
	// 1 ------------------------------------------------------------------------------------------
	let started = Date.now();
	say('n8n 1.x install (scripts/n8n1-install.sh; first run about 5 min)');
	const inst = spawnSync('bash', [join(REPO_DIR, 'scripts/n8n1-install.sh')], {
		stdio: 'inherit',
		env: process.env,
	});
	if (inst.status !== 0) throw new Error(`scripts/n8n1-install.sh failed (exit ${inst.status})`);
	userFolder = makeUserFolder('n8n1-check-');
	const version = (await n8n1(['--version'], userFolder)).stdout.trim().split('\n').pop();
	const nodeVersion = spawnSync(NODE_BIN, ['--version'], { encoding: 'utf8' }).stdout.trim();
	record(
		`n8n ${version} installed, runs on Node ${nodeVersion}${NODE20 ? ' with N8N_EXPRESSION_ENGINE=legacy' : ''}`,
		/^1\./.test(version),
		'',
		Date.now() - started,
	);

	// 2 ------------------------------------------------------------------------------------------
	started = Date.now();
	if (build) {
		say('npm run build');
		const b = spawnSync('npm', ['run', 'build'], { cwd: REPO_DIR, stdio: 'inherit' });
		if (b.status !== 0) throw new Error(`npm run build failed (exit ${b.status})`);
	}
	const tgz = packPackage(REPO_DIR, join(HARNESS_DIR, 'pack-n8n1'));
	const pkg = installTarball(userFolder, tgz);
	record(
		`${pkg.name}@${pkg.version} installed the user's way`,
		existsSync(join(pkg.dir, 'package.json')),
		pkg.dir,
		Date.now() - started,
	);

	// 3 ------------------------------------------------------------------------------------------
	started = Date.now();
	const pj = JSON.parse(readFileSync(join(REPO_DIR, 'package.json'), 'utf8'));
	const requireRepo = createRequire(join(REPO_DIR, 'package.json'));
	const expected = [];
	for (const file of pj.n8n.nodes) {
		const mod = requireRepo(`./${file}`);
		const Cls = Object.values(mod).find((v) => typeof v === 'function');
		const { name, usableAsTool } = new Cls().description;
		expected.push(`${pj.name}.${name}`);
		if (usableAsTool) expected.push(`${pj.name}.${name}Tool`);
	}
	const out = join(userFolder, 'exported-nodes.json');
	const { loaded, via, text, code } = await loadedNodeTypes(userFolder);
	const ours = loaded.filter((n) => n.startsWith(`${pj.name}.`));
	const missing = expected.filter((t) => !loaded.includes(t));
	const loadErrors = text.split('\n').filter((l) => LOAD_ERROR.test(l));
	record(
		`n8n loads every node of the package (${via})`,
		code === 0 && missing.length === 0 && loadErrors.length === 0,
		missing.length || loadErrors.length || code !== 0
			? `exit ${code}; missing: ${missing.join(', ') || '-'}; load errors: ${loadErrors.join(' | ').slice(0, 1500) || '-'}`
			: `${ours.length} types: ${ours.map((n) => n.slice(pj.name.length + 1)).join(', ')} (of ${loaded.length} in n8n)`,
		Date.now() - started,
	);

	// 4 ------------------------------------------------------------------------------------------
	started = Date.now();
	const fakesDir = compileFakes();
	if (!fakesDir) throw new Error('no test/fakes to compile');
	const requireFake = (name) =>
		createRequire(join(REPO_DIR, 'package.json'))(join(fakesDir, `${name}.js`));
	// a provider's fake, credential type and node type, from providers.manifest.ts
	const startFake = (id, options) => requireFake(fakeName(provider(id)))[provider(id).fake.start](options);
	const credentialType = (id) => provider(id).credential.type;
	const nodeType = (id) => `${pj.name}.${provider(id).nodes[0].type}`;
	const cutout = await startFake('cutoutPro', { apiKey: 'n8n1-cutout-key', pollsUntilDone: 1 });
	const ximilar = await startFake('ximilar', { apiKey: 'n8n1-ximilar-key' });
	const runware = await startFake('runware', { apiKey: 'n8n1-runware-key' });
	fakes.push(cutout, ximilar, runware);
	say(`fakes compiled and started in ${secs(Date.now() - started)}`);

	const creds = [
		{
			id: makeId(),
			name: 'Cutout n8n1',
			type: credentialType('cutoutPro'),
			data: { apiKey: 'n8n1-cutout-key', baseUrl: cutout.baseUrl },
		},
		{
			id: makeId(),
			name: 'Cutout n8n1 wrong key',
			type: credentialType('cutoutPro'),
			data: { apiKey: 'wrong', baseUrl: cutout.baseUrl },
		},
		{
			id: makeId(),
			name: 'Ximilar n8n1',
			type: credentialType('ximilar'),
			data: { apiKey: 'n8n1-ximilar-key', baseUrl: ximilar.baseUrl },
		},
		{
			id: makeId(),
			name: 'Runware n8n1',
			type: credentialType('runware'),
			data: { apiKey: 'n8n1-runware-key', baseUrl: runware.baseUrl },
		},
	];
	started = Date.now();
	await withJsonFile(userFolder, creds, (file) =>
		n8n1Ok(['import:credentials', `--input=${file}`], userFolder),
	);
	record('n8n import:credentials (4 credentials of our types)', true, '', Date.now() - started);
	const ref = (c) => ({ [c.type]: { id: c.id, name: c.name } });
	const cutoutNode = (cred) => ({
		name: 'Cutout',
		type: nodeType('cutoutPro'),
		parameters: {
			resource: 'image',
			operation: 'removeBackground',
			inputType: 'url',
			imageUrl: 'https://images.example.com/product.jpg',
			mattingType: 'object',
		},
		credentials: ref(cred),
	});
	const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).toString('hex');
	const runs = [
		{
			name: 'Cutout.pro image Remove Background by URL → PNG binary',
			before: () => cutout.reset(),
			workflow: workflowOf('n8n1 cutout', cutoutNode(creds[0])),
			check(run) {
				expectSuccess(run);
				const item = run.data.resultData.runData.Cutout[0].data.main[0][0];
				const bin = Object.values(item.binary ?? {})[0];
				if (!bin) fail(`no binary in ${JSON.stringify(item).slice(0, 300)}`);
				let head =
					bin.data && bin.data !== 'filesystem-v2' && bin.data !== 'filesystem'
						? Buffer.from(bin.data, 'base64')
						: null;
				let where = 'base64 in the run';
				if (!head && bin.id) {
					// n8n 1.x keeps filesystem binaries in <user folder>/.n8n/binaryData (2.x: .n8n/storage)
					const m = /^filesystem(?:-v2)?:(.*)$/.exec(bin.id);
					const file =
						m &&
						['binaryData', 'storage']
							.map((d) => join(userFolder, '.n8n', d, m[1]))
							.find((f) => existsSync(f));
					if (!file) fail(`binary ${bin.id} not found under .n8n/binaryData or .n8n/storage`);
					head = readFileSync(file);
					where = `file .n8n/${file.slice(join(userFolder, '.n8n').length + 1).split('/')[0]}/…`;
				}
				if (!head || head.subarray(0, 8).toString('hex') !== PNG)
					fail(`binary is not a PNG (${bin.mimeType}, id ${bin.id})`);
				if (cutout.state.mattings.length !== 1)
					fail(`${cutout.state.mattings.length} matting calls at the fake, expected 1`);
				return `${bin.mimeType}, ${head.length} bytes, PNG signature ok, ${bin.id ? `id ${bin.id.split(':')[0]}, ` : ''}${where}`;
			},
		},
		{
			name: 'Cutout.pro with a wrong API key → clean error run',
			before: () => cutout.reset(),
			workflow: workflowOf('n8n1 cutout wrong key', cutoutNode(creds[1])),
			check(run) {
				const err = run.data?.resultData?.error;
				if (runStatus(run) !== 'error' || !err) fail(`status ${run.status}, expected error`);
				if (run.data.resultData.lastNodeExecuted !== 'Cutout')
					fail(`failed in ${run.data.resultData.lastNodeExecuted}`);
				const msg = `${err.message ?? ''} ${err.description ?? ''}`.trim();
				if (!/401|key/i.test(msg)) fail(`unexpected error: ${msg}`);
				if (cutout.requests.length !== 1)
					fail(`${cutout.requests.length} requests at the fake, expected 1 (no retries)`);
				return `${err.name ?? 'error'}: ${msg.slice(0, 160)}`;
			},
		},
		{
			name: 'Ximilar image Remove Background by URL',
			workflow: workflowOf('n8n1 ximilar', {
				name: 'Ximilar',
				type: nodeType('ximilar'),
				parameters: {
					resource: 'image',
					operation: 'removeBackground',
					inputType: 'url',
					imageUrl: 'https://images.example.com/a.jpg',
				},
				credentials: ref(creds[2]),
			}),
			check(run) {
				expectSuccess(run);
				const item = run.data.resultData.runData.Ximilar[0].data.main[0][0];
				const bin = Object.values(item.binary ?? {})[0];
				return `status ${item.json.status ?? '?'}, ${bin ? `binary ${bin.mimeType}` : 'no binary'}`;
			},
		},
		{
			name: 'Runware image Remove Background by URL',
			workflow: workflowOf('n8n1 runware', {
				name: 'Runware',
				type: nodeType('runware'),
				parameters: {
					resource: 'image',
					operation: 'removeBackground',
					inputType: 'url',
					imageUrl: 'https://images.example.com/a.jpg',
				},
				credentials: ref(creds[3]),
			}),
			check(run) {
				expectSuccess(run);
				const item = run.data.resultData.runData.Runware[0].data.main[0][0];
				const bin = Object.values(item.binary ?? {})[0];
				return `status ${item.json.status ?? '?'}, model ${item.json.model}, ${bin ? `binary ${bin.mimeType}` : 'no binary'}`;
			},
		},
	];
	for (const r of runs) {
		started = Date.now();
		try {
			// an array: n8n 1.82 import:workflow takes only arrays ("workflows.map is not a function")
			await withJsonFile(userFolder, [r.workflow], (file) =>
				n8n1Ok(['import:workflow', `--input=${file}`], userFolder),
			);
			r.before?.();
			const cli = await n8n1(['execute', `--id=${r.workflow.id}`, '--rawOutput'], userFolder);
			const run = parseRunOutput(cli.stdout);
			if (!run) {
				record(
					r.name,
					false,
					`no run printed (exit ${cli.code}): ${
						(cli.stdout + cli.stderr)
							.split('\n')
							.filter((l) => /^(\w*Error): /.test(l))
							.join(' | ') || (cli.stdout + cli.stderr).slice(-1500)
					}`,
					Date.now() - started,
				);
				continue;
			}
			let ok = true;
			let detail;
			try {
				detail = r.check(run);
			} catch (e) {
				ok = false;
				detail = e.message;
			}
			record(r.name, ok, `${detail} (n8n execute exit ${cli.code})`, Date.now() - started);
		} catch (e) {
			record(r.name, false, e.message.slice(0, 1500), Date.now() - started);
		}
	}
} catch (e) {
	record('check aborted', false, e.stack ?? e.message);
} finally {
	for (const f of fakes) await f.close?.();
	if (userFolder && !keep) rmSync(userFolder, { recursive: true, force: true });
	else if (userFolder) say(`kept the user folder ${userFolder}`);
}
const failed = results.filter((r) => !r.ok);
say(`${results.length - failed.length}/${results.length} passed, total ${secs(Date.now() - t0)}`);
process.exitCode = failed.length ? 1 : 0;
