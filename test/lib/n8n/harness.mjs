// The harness: where the real n8n is installed (scripts/harness-install.sh) and the repository's paths, ids, free ports, user folders, n8n's environment, and the fakes compiled for it.
// Part of the n8n test library (test/lib/n8n/index.mjs; scripts/n8n-env.mjs re-exports it).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
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

export const log = (...a) => {
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

/** The user folder given, or N8N_USER_FOLDER, or `npm run dev`'s. */
export function resolveUserFolder(userFolder) {
	return resolve(userFolder ?? process.env.N8N_USER_FOLDER ?? DEFAULT_USER_FOLDER);
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
