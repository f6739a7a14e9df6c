#!/usr/bin/env node
// npm run dev: build and pack this package, start the local stand-ins of the five providers
// (offline demo providers; our word for them is "stand-ins", never "sandbox", which n8n's own
// log uses for its AI Assistant's sandbox setting), install the package into a local n8n 2.41.1 the way n8n
// installs community packages, create one "(sandbox)" credential per provider, import
// examples/*.json, and run `n8n start` (SQLite) until Ctrl-C. The Cutout.pro stand-in notifies
// the Cutout.pro Triggers of that n8n when a video or Photo Animer task finishes, as Cutout.pro
// does. The cheap steps run first, so a broken build fails before the long first-time n8n
// install. See scripts/sandbox.mjs.
//
//   npm run dev [-- --port=5678] [-- --no-build] [-- --no-sandbox] [-- --fresh]
//
// Environment: N8N_USER_FOLDER (default ~/.n8n-background-removal-dev), N8N_PORT (default 5678),
// N8N_LISTEN_ADDRESS (default 127.0.0.1). Any other N8N_* variable is passed to n8n.
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { DEFAULT_USER_FOLDER, REPO_DIR, buildAndPack, ensureHarness, installTarball, startN8n } from './n8n-env.mjs';
import { SANDBOX_CREDENTIALS, describeNotification, exampleFilesEnv, setUpExamples, startSandbox } from './sandbox.mjs';

const args = process.argv.slice(2);
const arg = (name) => args.find((a) => a.startsWith(`--${name}=`))?.split('=').slice(1).join('=');
const port = Number(arg('port') ?? process.env.N8N_PORT ?? 5678);
const listenAddress = arg('listen') ?? process.env.N8N_LISTEN_ADDRESS ?? '127.0.0.1';
const userFolder = resolve(arg('user-folder') ?? process.env.N8N_USER_FOLDER ?? DEFAULT_USER_FOLDER);
const build = !args.includes('--no-build');
const withSandbox = !args.includes('--no-sandbox');
const t0 = Date.now();
const say = (m) => console.log(`[dev ${String(Math.round((Date.now() - t0) / 1000)).padStart(4)}s] ${m}`);

if (args.includes('--help')) {
	console.log(
		'npm run dev -- [--port=5678] [--listen=127.0.0.1] [--user-folder=DIR] [--examples=DIR] [--no-build] [--no-sandbox] [--fresh]',
	);
	process.exit(0);
}

let sandbox;
/** The example workflows imported (none with --examples pointing nowhere). */
let examples = [];
try {
	say(build ? 'npm run build + npm pack' : 'npm pack (no build)');
	const tgz = buildAndPack({ build });

	if (withSandbox) {
		say('local stand-ins: compiling and starting the offline demo providers (test/fakes) on 127.0.0.1');
		// n8n as the Cutout.pro stand-in reaches it to notify its triggers
		const host = ['0.0.0.0', '::', 'localhost'].includes(listenAddress)
			? '127.0.0.1'
			: listenAddress.includes(':')
				? `[${listenAddress}]`
				: listenAddress;
		sandbox = await startSandbox({
			notifyTriggersOf: { userFolder, n8nUrl: `http://${host}:${port}` },
			onNotified: (notification) => say(describeNotification(notification)),
		});
	}

	say('checking the n8n harness (the first run installs n8n 2.41.1 + Node 24 into .n8n-harness/: 5 to 12 minutes,');
	say('  the first 2 to 5 of them with node_modules not growing while npm resolves packages; it is not stuck)');
	ensureHarness();

	if (args.includes('--fresh')) {
		say(`--fresh: removing ${userFolder}`);
		rmSync(userFolder, { recursive: true, force: true });
	}

	const pkg = installTarball(userFolder, tgz);
	say(`installed ${pkg.name}@${pkg.version} into ${pkg.dir} (the way n8n installs community packages)`);

	const examplesDir = resolve(arg('examples') ?? join(REPO_DIR, 'examples'));
	examples = await setUpExamples(userFolder, { sandbox, examplesDir: existsSync(examplesDir) ? examplesDir : undefined, log: say });
} catch (e) {
	console.error(`[dev] ${e.message}`);
	await sandbox?.close();
	process.exit(1);
}

const files = exampleFilesEnv(userFolder);
say(`starting n8n on http://localhost:${port} (user folder ${userFolder})`);
let n8n;
try {
	// a folder of the user's own choice (N8N_RESTRICT_FILE_ACCESS_TO) wins over the examples' one
	const env = process.env.N8N_RESTRICT_FILE_ACCESS_TO ? {} : files.env;
	n8n = await startN8n({ port, userFolder, listenAddress, echo: true, readyTimeoutMs: 300_000, env });
} catch (e) {
	console.error(`[dev] n8n did not start: ${e.message.split('\n')[0]}`);
	await sandbox?.close();
	process.exit(1);
}

const url = `http://localhost:${port}`;
const sandboxLines = sandbox
	? `[dev]  - local stand-ins (offline demo providers on 127.0.0.1; not the "Sandbox" of n8n's AI Assistant in its log):
[dev]    the credentials ${SANDBOX_CREDENTIALS.map((c) => `"${c.name}"`).join(', ')} use them
[dev]    (no key, no cost, no AI: near-white becomes transparent); for real results pick your own credential
[dev]  - Cutout.pro Trigger: the Cutout.pro stand-in notifies every saved Cutout.pro Trigger here 1 s after a
[dev]    video or Photo Animer task is submitted, as Cutout.pro does. Open "…video finished…", click
[dev]    "Execute workflow" (it waits), then run "…submit a video…" in another tab; or Publish the trigger
[dev]    workflow and it runs by itself. Each notification is logged below ("Cutout.pro stand-in: …").
`
	: '[dev]  - no stand-ins (--no-sandbox): create a credential with your API key\n';
console.log(`
[dev] n8n 2.41.1 is running: ${url}   (n8n ready in ${(n8n.startMs / 1000).toFixed(1)} s; ${Math.round((Date.now() - t0) / 1000)} s since the build started)
[dev]  - first visit: create the owner account (any e-mail/password; local only); n8n then opens its
[dev]    Assistant page: click the house icon (Overview) in the left sidebar, or open ${url}/home/workflows
[dev]  - the ${examples.length} examples are there ("Background removal: …", "Photo animation: …"): open one, click "Execute workflow"
${sandboxLines}[dev]  - files the examples write: ${files.dir}
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
			process.exit(0); // also ends the stand-ins' servers (in this process)
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
