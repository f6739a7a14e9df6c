#!/usr/bin/env node
// npm run dev: build this package, install it into a local n8n 2.41.1 the way n8n installs
// community packages, import examples/*.json, and run `n8n start` (SQLite) until Ctrl-C.
//
//   npm run dev [-- --port=5678] [-- --no-build] [-- --fresh]
//
// Environment: N8N_USER_FOLDER (default ~/.n8n-background-removal-dev), N8N_PORT (default 5678),
// N8N_LISTEN_ADDRESS (default 127.0.0.1). Any other N8N_* variable is passed to n8n.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import {
	DEFAULT_USER_FOLDER,
	REPO_DIR,
	ensureHarness,
	importWorkflowsFromDir,
	listWorkflowIds,
	packAndInstall,
	startN8n,
} from './n8n-env.mjs';

const args = process.argv.slice(2);
const arg = (name) => args.find((a) => a.startsWith(`--${name}=`))?.split('=').slice(1).join('=');
const port = Number(arg('port') ?? process.env.N8N_PORT ?? 5678);
const listenAddress = arg('listen') ?? process.env.N8N_LISTEN_ADDRESS ?? '127.0.0.1';
const userFolder = resolve(arg('user-folder') ?? process.env.N8N_USER_FOLDER ?? DEFAULT_USER_FOLDER);
const build = !args.includes('--no-build');
const say = (m) => console.log(`[dev] ${m}`);

if (args.includes('--help')) {
	console.log(
		'npm run dev -- [--port=5678] [--listen=127.0.0.1] [--user-folder=DIR] [--examples=DIR] [--no-build] [--fresh]',
	);
	process.exit(0);
}

/**
 * Imports examples/*.json with `n8n import:workflow --separate`. A file without an `id` gets a
 * stable one derived from its name, and workflows already in the database are left alone, so
 * restarting `npm run dev` neither duplicates examples nor overwrites edits made in the editor
 * (`--fresh` starts over).
 */
async function importExamples(dir) {
	const existing = new Set(await listWorkflowIds(userFolder));
	const staging = mkdtempSync(join(tmpdir(), 'n8n-examples-'));
	let fresh = 0;
	let kept = 0;
	try {
		for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
			let parsed;
			try {
				parsed = JSON.parse(readFileSync(join(dir, file), 'utf8'));
			} catch (e) {
				say(`skipping examples/${file}: ${e.message}`);
				continue;
			}
			const list = Array.isArray(parsed) ? parsed : [parsed];
			list.forEach((wf, i) => {
				if (!wf || !Array.isArray(wf.nodes)) return;
				wf.id ??= createHash('sha256').update(`${file}#${i}`).digest('hex').slice(0, 16);
				wf.name ??= file.replace(/\.json$/, '');
				if (existing.has(wf.id)) {
					kept += 1;
					return;
				}
				writeFileSync(join(staging, `${fresh}-${file}`), JSON.stringify(wf));
				fresh += 1;
			});
		}
		if (fresh > 0) {
			say(`importing ${fresh} example workflow(s) from examples/ (n8n import:workflow --separate)`);
			await importWorkflowsFromDir(userFolder, staging);
		}
		say(`examples: ${fresh} imported, ${kept} already present (kept as edited)`);
	} finally {
		rmSync(staging, { recursive: true, force: true });
	}
}

try {
	say('checking the n8n harness (first run installs n8n 2.41.1 + Node 24, about 4 min)');
	ensureHarness();

	if (args.includes('--fresh')) {
		say(`--fresh: removing ${userFolder}`);
		rmSync(userFolder, { recursive: true, force: true });
	}

	say(build ? 'npm run build + npm pack + install into n8n' : 'npm pack + install into n8n (no build)');
	const pkg = packAndInstall(userFolder, { build });
	say(`installed ${pkg.name}@${pkg.version} into ${pkg.dir}`);

	const examples = resolve(arg('examples') ?? join(REPO_DIR, 'examples'));
	if (existsSync(examples) && readdirSync(examples).some((f) => f.endsWith('.json'))) {
		await importExamples(examples);
	}
} catch (e) {
	console.error(`[dev] ${e.message}`);
	process.exit(1);
}

say(`starting n8n on http://localhost:${port} (user folder ${userFolder})`);
let n8n;
try {
	n8n = await startN8n({ port, userFolder, listenAddress, echo: true, readyTimeoutMs: 300_000 });
} catch (e) {
	console.error(`[dev] n8n did not start: ${e.message.split('\n')[0]}`);
	process.exit(1);
}

const url = `http://localhost:${port}`;
console.log(`
[dev] n8n ${'2.41.1'} is running: ${url}   (ready in ${(n8n.startMs / 1000).toFixed(1)} s)
[dev]  - first visit: create the owner account (any e-mail/password; local only)
[dev]  - add a node: search for the provider name (Cutout.pro, Ximilar, Runware, BackgroundRemoverAI)
[dev]  - imported examples are under Overview; credentials: Overview > Credentials > Create
[dev]  - after changing the code: Ctrl-C and run "npm run dev" again (rebuilds and reinstalls)
[dev]  - data (SQLite, binaries): ${join(userFolder, '.n8n')}  (start over with --fresh)
[dev] Ctrl-C stops n8n.
`);

let interrupts = 0;
const onSignal = (sig) => {
	interrupts += 1;
	if (interrupts === 1) {
		console.log(`\n[dev] ${sig}: stopping n8n (Ctrl-C again to kill it)`);
		void n8n.stop().then((exit) => {
			console.log(`[dev] n8n stopped (${exit?.signal ?? `exit ${exit?.code}`})`);
			process.exit(0);
		});
	} else {
		console.log('[dev] killing n8n');
		try {
			process.kill(-n8n.child.pid, 'SIGKILL');
		} catch {
			// gone
		}
		process.exit(130);
	}
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

// n8n exiting by itself (crash, port in use) ends the dev session too
n8n.child.on('exit', (code, signal) => {
	if (interrupts === 0) {
		console.error(`[dev] n8n exited unexpectedly (${signal ?? `exit ${code}`})`);
		process.exit(code || 1);
	}
});
