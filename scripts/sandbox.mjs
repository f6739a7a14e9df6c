// The sandbox of `npm run dev` and the way examples/*.json are brought into an n8n, shared by
// scripts/dev.mjs and the e2e tier (test/e2e/cases/examples.mjs), so the test runs the examples
// exactly as a developer gets them.
//
// - Stand-ins of the five providers (test/fakes/sandbox.ts, compiled into .tmp/fakes)
//   on 127.0.0.1, one credential per provider pointing at them ("… (sandbox)"): every example
//   runs with no key and no cost. Never part of the published package.
// - Examples name their credential ({ id: null, name: "Ximilar (sandbox)" }): on import n8n
//   looks a credential up by type and name, so under `npm run dev` the sandbox one is used, and
//   in any other n8n the node simply has no credential yet (no dangling id).
// - Files: the examples write to `.n8n-files/<name>`, relative to n8n's working folder. In n8n's
//   Docker image that is /home/node, so the files land in ~/.n8n-files, the one folder n8n 2.x
//   lets nodes write to by default (N8N_RESTRICT_FILE_ACCESS_TO). Here n8n runs in the user
//   folder and may write to <user folder>/.n8n-files, created here (n8n creates no folders).
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { compileFakes, importCredentials, importWorkflowsFromDir, listWorkflowIds, queryDatabase } from './n8n-env.mjs';

/** The trigger example's placeholder Secret Token (EXAMPLE_TOKEN of nodes/CutoutPro/trigger/notification.ts). */
export const EXAMPLE_TOKEN = 'REPLACE-ME-with-your-own-long-random-token';

/** One credential per provider; fixed ids so a restart updates them instead of adding more. */
export const SANDBOX_CREDENTIALS = [
	{ id: 'bgrSandboxCutoutPro', name: 'Cutout.pro (sandbox)', type: 'cutoutProApi' },
	{ id: 'bgrSandboxBgRemoverAi', name: 'BackgroundRemoverAI (sandbox)', type: 'backgroundRemoverAiApi' },
	{ id: 'bgrSandboxXimilar', name: 'Ximilar (sandbox)', type: 'ximilarApi' },
	{ id: 'bgrSandboxRunware', name: 'Runware (sandbox)', type: 'runwareApi' },
	{ id: 'bgrSandboxPhotoroom', name: 'Photoroom (sandbox)', type: 'photoroomApi' },
];

/** The folder the examples write into, relative to n8n's working folder (see above). */
export const EXAMPLE_FILES_DIR = '.n8n-files';

/**
 * Starts the provider stand-ins (compiling test/fakes first) and returns
 * { baseUrls, apiKey, providers, fakes, close() }; `fakes` is the compiled test/fakes folder.
 *
 * With `notifyTriggersOf: { userFolder, n8nUrl }` the Cutout.pro stand-in does what Cutout.pro
 * does with the notification address of an account: when a video or Photo Animer task finishes
 * (a second after its submission) it POSTs the task-finished notification to every Cutout.pro
 * Trigger of that n8n (cutoutTriggerUrls). `n8nUrl` may be a function (the port is known later);
 * `onNotified(notification)` hears of each one sent.
 */
export async function startSandbox({ notifyTriggersOf, onNotified } = {}) {
	const fakes = compileFakes();
	const { startSandbox: start } = createRequire(join(fakes, 'index.js'))('./sandbox.js');
	const notify = notifyTriggersOf && {
		urls: async () => {
			const { userFolder, n8nUrl } = notifyTriggersOf;
			return await cutoutTriggerUrls(userFolder, typeof n8nUrl === 'function' ? n8nUrl() : n8nUrl);
		},
		afterMs: 1000,
		onSent: onNotified,
	};
	const sandbox = await start({ notify });
	return { ...sandbox, fakes };
}

/**
 * The URLs a Cutout.pro account would hold for the Cutout.pro Triggers of the n8n of
 * `userFolder`: for every enabled trigger, its test URL (`/webhook-test/<webhookId>/webhook`,
 * registered while the editor listens: "Execute workflow" / "Execute step") from the saved
 * workflow, and its production URL (`/webhook/<webhookId>/webhook`) from the published version
 * (n8n registers production webhooks only for published workflows). Cutout.pro signs nothing:
 * a trigger's Secret Token goes into the URL as `?token=…`, as README tells users to paste it.
 * Read from n8n's database each time, so triggers added or changed since the start count once
 * saved (or published). A Secret Token that is an expression cannot be known and is left out. A test
 * URL is left out while the editor is not listening on it.
 */
export async function cutoutTriggerUrls(userFolder, n8nUrl) {
	let rows;
	try {
		rows = await queryDatabase(
			userFolder,
			'SELECT w.nodes AS draft, h.nodes AS published FROM workflow_entity w LEFT JOIN workflow_history h ON h.versionId = w.activeVersionId',
		);
	} catch {
		rows = await queryDatabase(userFolder, 'SELECT nodes AS draft, NULL AS published FROM workflow_entity');
	}
	const urls = [];
	const urlsOf = (nodesJson, prefix) => {
		let nodes;
		try {
			nodes = JSON.parse(nodesJson ?? '[]');
		} catch {
			return;
		}
		for (const node of nodes) {
			if (!String(node.type).endsWith('.cutoutProTrigger') || node.disabled || !node.webhookId) continue;
			const token = node.parameters?.secretToken;
			const query = typeof token === 'string' && token !== '' && !token.startsWith('=') ? `?token=${encodeURIComponent(token)}` : '';
			urls.push(`${n8nUrl}/${prefix}/${node.webhookId}/webhook${query}`);
		}
	};
	for (const row of rows) {
		urlsOf(row.draft, 'webhook-test');
		urlsOf(row.published, 'webhook');
	}
	// A test URL exists only while the editor listens; a POST to it otherwise makes n8n log "Received
	// request for unknown webhook" as an error. n8n answers a CORS preflight for it quietly: 204 while
	// it is registered, 404 when not. (Cutout.pro itself has no such check: it posts to the address.)
	const listening = async (url) => {
		try {
			const r = await fetch(url, { method: 'OPTIONS', headers: { origin: n8nUrl, 'access-control-request-method': 'POST' } });
			return r.status < 300;
		} catch {
			return false;
		}
	};
	const unique = [...new Set(urls)];
	const keep = await Promise.all(unique.map(async (url) => !url.includes('/webhook-test/') || (await listening(url))));
	return unique.filter((_, i) => keep[i]);
}

/** A notification the stand-in sent, in one line for a log (the token hidden). */
export function describeNotification({ url, body, status, answer }) {
	const event = body.eventName === 'EVENT_VIDEO_TASK_FINISHED' ? 'video task' : 'Photo Animer task';
	const id = body.eventData.taskFlag ?? body.eventData.taskId;
	if (!url) return `Cutout.pro stand-in: ${event} ${id} finished; no trigger URL known (${answer})`;
	const shown = url.replace(/token=[^&]*/, 'token=…');
	const test = url.includes('/webhook-test/');
	const why =
		status === 200
			? 'accepted by the trigger'
			: status === 404
				? test
					? 'the editor is not listening for it'
					: 'the workflow is not published'
				: status === 401
					? 'wrong or missing Secret Token'
					: answer;
	return `Cutout.pro stand-in: ${event} ${id} finished → POST ${shown}: ${status || 'no answer'} (${why})`;
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
				// the trigger example's placeholder token is public and refused by the node: this copy
				// gets a random one of its own (the stand-in reads it from the database to notify)
				for (const node of wf.nodes)
					if (node.parameters?.secretToken === EXAMPLE_TOKEN) node.parameters.secretToken = randomBytes(32).toString('hex');
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
		log(`credentials for the local stand-ins: ${SANDBOX_CREDENTIALS.map((c) => `"${c.name}"`).join(', ')}`);
	}
	return examplesDir ? await importExamples(userFolder, examplesDir, { log, adapt }) : [];
}
