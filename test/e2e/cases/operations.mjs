// e2e: one workflow per provider operation, run in the real n8n 2.41.1 against the fakes
// (test/fakes), asserting the output contract every node shares (provider, operation, status,
// taskId, …) and the binaries' real bytes, names and MIME types.
//
// Each provider's rows, fake and credentials are its own (`e2e` in test/<provider>/e2e.mjs, read
// through the manifest); they generate the workflows: Manual Trigger → (input nodes) → the
// operation node(s).
// ONE `n8n start` does it all, through the REST API the editor calls: the credentials are created
// (POST /rest/credentials), the workflows saved (POST /rest/workflows), and the rows run one after
// the other, each the way the editor's "Execute workflow" button does (POST /rest/workflows/<id>/run from the
// Manual Trigger), the case waiting for each execution to end and reading it from the database
// (an `n8n execute` per row boots a whole n8n, ~5 s each). Operations that need a task id (Get
// Task, Get Preview, Get Result) get it from a submission upstream in the same workflow and are
// run twice: while processing, then done. The SSRF check at the end runs after that n8n stopped,
// with `n8n execute` (its allow-list is an environment variable of the process).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { providerE2e } from '../../../scripts/providers.mjs';
import { createCredentials, createWorkflows, ownerSession, runWorkflowInServer } from '../../lib/n8n/index.mjs';
import { MANUAL, chainWorkflow, filesFolder, runError } from './_lib.mjs';

/** Every provider's e2e unit (test/<provider>/e2e.mjs), in manifest order. */
export const UNITS = await providerE2e();
/** Every provider's operation rows. */
export const OPERATIONS = UNITS.flatMap((unit) => unit.operations);

export default {
	name: 'operations: every provider operation in its own workflow, all run in one n8n start',
	timeoutMs: 420_000,
	async run(h, t) {
		const media = h.fake('media');
		const fakes = {};
		for (const unit of UNITS) fakes[unit.fake.key] = await h.startFake(unit.provider.id, unit.fake.options);
		for (const f of Object.values(fakes)) h.onCleanup(() => f.close());

		const filesDir = filesFolder(h);
		const env = { N8N_RESTRICT_FILE_ACCESS_TO: filesDir };
		const clipMp4 = media.makeMp4();
		const clipPath = join(filesDir, 'clip.mp4');
		writeFileSync(clipPath, clipMp4);
		const fixtures = {
			productPng: { bytes: media.makePng(40, 30, [200, 120, 40, 255]), fileName: 'product.png', mimeType: 'image/png' },
			redPng: { bytes: media.makePng(20, 10, [255, 0, 0, 255]), fileName: 'red.png', mimeType: 'image/png' },
			blueJpg: { bytes: media.makeJpeg(), fileName: 'blue.jpg', mimeType: 'image/jpeg' },
			clipMp4,
			clipPath,
		};

		// a package installed alone has only its own credential types and nodes: the rows run are
		// those whose nodes it has (all of them for the all-in-one)
		const wanted = Object.fromEntries(
			UNITS.flatMap((unit) =>
				Object.entries(unit.credentials).map(([key, { name, apiKey }]) => [
					key,
					{ name, type: h.credentialType(unit.provider.id), data: { apiKey, baseUrl: fakes[unit.fake.key].baseUrl } },
				]),
			),
		);
		const usable = Object.entries(wanted).filter(([, cred]) => h.installed.credentials.has(cred.type));
		const n8n = await h.startN8n({ env });
		t.diagnostic(`n8n start ready in ${n8n.startMs} ms`);
		const cookie = await ownerSession(n8n.url);
		const imported = await createCredentials(n8n, cookie, usable.map(([, cred]) => cred));
		const c = { fakes, fixtures, ...Object.fromEntries(usable.map(([key], i) => [key, imported[i]])) };
		const rows = OPERATIONS.filter((op) => h.hasNodesOf(op.nodes(h, c)));
		h.assert.ok(rows.length > 0, `no operation row uses a node of ${h.packageName}`);
		t.diagnostic(`${rows.length} of ${OPERATIONS.length} operation rows use nodes of ${h.packageName}`);
		const ids = await createWorkflows(
			n8n,
			cookie,
			// n8n's REST API takes names of up to 128 characters (the CLI import does not check)
			rows.map((op) => chainWorkflow(`e2e op: ${op.name}`.slice(0, 128), op.nodes(h, c))),
		);

		try {
			for (const [i, op] of rows.entries()) {
				await t.test(op.name, async (st) => {
					for (const f of Object.values(fakes)) f.reset();
					op.before?.(c);
					const started = Date.now();
					const run = await runWorkflowInServer(n8n, cookie, ids[i], MANUAL.name, { userFolder: h.userFolder });
					st.diagnostic(`run ${Date.now() - started} ms, status ${run.status}`);
					h.assert.equal(run.mode, 'manual');
					await op.check(run, h, c);
				});
			}
		} finally {
			await n8n.stop();
		}

		// the rows above ran with SSRF protection on and the fakes allowed by n8n's allow-list
		// (SSRF_E2E_ENV); without that allow-list the same first row must be stopped by n8n
		// before any request reaches the fake: the nodes' requests do go through the protection
		await t.test(`SSRF protection: without the allow-list, "${rows[0].name}" is blocked before any request`, async (st) => {
			h.assert.equal(process.env.N8N_SSRF_PROTECTION_ENABLED, 'true', 'the e2e tier runs with SSRF protection on');
			for (const f of Object.values(fakes)) f.reset();
			const run = await h.executeWorkflow(ids[0], { env: { ...env, N8N_SSRF_ALLOWED_IP_RANGES: '' } });
			st.diagnostic(`n8n execute ${run.cli.durationMs} ms, status ${run.status}: ${runError(run).slice(0, 200)}`);
			h.assert.equal(run.status, 'error', 'the run must fail');
			h.assert.match(runError(run), /blocked|SSRF/i);
			const sent = Object.values(fakes).reduce((n, f) => n + f.requests.length, 0);
			h.assert.equal(sent, 0, 'no request reached a fake provider');
		});
	},
};
