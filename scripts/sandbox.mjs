// The sandbox of `npm run dev` and the way examples/*.json are brought into an n8n, shared by
// scripts/dev.mjs and the e2e tier (test/e2e/cases/examples.mjs), so the test runs the examples
// exactly as a developer gets them.
//
// - Stand-ins of the four providers (test/fakes/sandbox.ts, compiled into .n8n-harness/fakes)
//   on 127.0.0.1, one credential per provider pointing at them ("… (sandbox)"): every example
//   runs with no key and no cost. Never part of the published package.
// - Examples name their credential ({ id: null, name: "Ximilar (sandbox)" }): on import n8n
//   looks a credential up by type and name, so under `npm run dev` the sandbox one is used, and
//   in any other n8n the node simply has no credential yet (no dangling id).
// - Files: the examples write to `.n8n-files/<name>`, relative to n8n's working folder. In n8n's
//   Docker image that is /home/node, so the files land in ~/.n8n-files, the one folder n8n 2.x
//   lets nodes write to by default (N8N_RESTRICT_FILE_ACCESS_TO). Here n8n runs in the user
//   folder and may write to <user folder>/.n8n-files, created here (n8n creates no folders).
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { compileFakes, importCredentials, importWorkflowsFromDir, listWorkflowIds } from './n8n-env.mjs';

/** One credential per provider; fixed ids so a restart updates them instead of adding more. */
export const SANDBOX_CREDENTIALS = [
	{ id: 'bgrSandboxCutoutPro', name: 'Cutout.pro (sandbox)', type: 'cutoutProApi' },
	{ id: 'bgrSandboxBgRemoverAi', name: 'BackgroundRemoverAI (sandbox)', type: 'backgroundRemoverAiApi' },
	{ id: 'bgrSandboxXimilar', name: 'Ximilar (sandbox)', type: 'ximilarApi' },
	{ id: 'bgrSandboxRunware', name: 'Runware (sandbox)', type: 'runwareApi' },
];

/** The folder the examples write into, relative to n8n's working folder (see above). */
export const EXAMPLE_FILES_DIR = '.n8n-files';

/**
 * Starts the provider stand-ins (compiling test/fakes first) and returns
 * { baseUrls, apiKey, fakes, close() }; `fakes` is the compiled test/fakes folder.
 */
export async function startSandbox() {
	const fakes = compileFakes();
	const { startSandbox: start } = createRequire(join(fakes, 'index.js'))('./sandbox.js');
	const sandbox = await start();
	return { ...sandbox, fakes };
}

/** Creates or updates the sandbox credentials in the n8n of `userFolder` (n8n import:credentials). */
export async function importSandboxCredentials(userFolder, sandbox) {
	return await importCredentials(
		userFolder,
		SANDBOX_CREDENTIALS.map((c) => ({ ...c, data: { apiKey: sandbox.apiKey, baseUrl: sandbox.baseUrls[c.type] } })),
	);
}

/**
 * `<userFolder>/.n8n-files` (created) and the n8n environment that lets nodes write there.
 * n8n must run with the user folder as its working folder (startN8n does).
 */
export function exampleFilesEnv(userFolder) {
	const dir = join(userFolder, EXAMPLE_FILES_DIR);
	mkdirSync(dir, { recursive: true });
	return { dir, env: { N8N_RESTRICT_FILE_ACCESS_TO: dir } };
}

/**
 * Imports examples/*.json with `n8n import:workflow --separate`. A file without an `id` gets a
 * stable one derived from its name, and workflows already in the database are left alone, so
 * restarting `npm run dev` neither duplicates examples nor overwrites edits made in the editor.
 * Import them after the sandbox credentials: n8n resolves credentials by name on import.
 * Returns [{ file, id, name, imported }].
 */
export async function importExamples(userFolder, dir, { log = () => {}, adapt = (wf) => wf } = {}) {
	const existing = new Set(await listWorkflowIds(userFolder));
	const staging = mkdtempSync(join(tmpdir(), 'n8n-examples-'));
	const result = [];
	try {
		for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
			let parsed;
			try {
				parsed = JSON.parse(readFileSync(join(dir, file), 'utf8'));
			} catch (e) {
				log(`skipping examples/${file}: ${e.message}`);
				continue;
			}
			const list = Array.isArray(parsed) ? parsed : [parsed];
			list.forEach((original, i) => {
				// `adapt` may change a workflow (another package's node types) or leave it out (undefined)
				const wf = original && Array.isArray(original.nodes) ? adapt(original) : undefined;
				if (!wf) return;
				wf.id ??= createHash('sha256').update(`${file}#${i}`).digest('hex').slice(0, 16);
				wf.name ??= file.replace(/\.json$/, '');
				const imported = !existing.has(wf.id);
				result.push({ file, id: wf.id, name: wf.name, imported });
				if (imported) writeFileSync(join(staging, `${result.length}-${file}`), JSON.stringify(wf));
			});
		}
		const fresh = result.filter((r) => r.imported).length;
		if (fresh > 0) {
			log(`importing ${fresh} example workflow(s) from examples/ (n8n import:workflow --separate)`);
			await importWorkflowsFromDir(userFolder, staging);
		}
		log(`examples: ${fresh} imported, ${result.length - fresh} already present (kept as edited)`);
		return result;
	} finally {
		rmSync(staging, { recursive: true, force: true });
	}
}

/**
 * What `npm run dev` does to a user folder after installing the package: the sandbox
 * credentials (when a sandbox runs), then the examples. Returns importExamples()'s list.
 */
export async function setUpExamples(userFolder, { sandbox, examplesDir, log = () => {}, adapt }) {
	if (sandbox) {
		await importSandboxCredentials(userFolder, sandbox);
		log(`sandbox credentials: ${SANDBOX_CREDENTIALS.map((c) => `"${c.name}"`).join(', ')}`);
	}
	return examplesDir ? await importExamples(userFolder, examplesDir, { log, adapt }) : [];
}
