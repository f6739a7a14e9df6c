// e2e (issue 14): Account → Get Credits of every provider whose e2e unit has a `credits` part
// (test/<provider>/e2e.mjs) in one `n8n execute`; and
// Binary File into Cutout.pro's URL-only video API in `n8n start` (n8n serves the signed URL):
// Read video from disk → Cutout.pro Video Remove Background (Input: Binary File) → write the
// result. The stand-in provider downloads the signed URL from n8n like the real API must and
// must receive exactly the file's bytes; a forged and an expired token are refused by n8n itself
// and the item fails clearly; with the default options an n8n on localhost is refused before any
// paid call, naming WEBHOOK_URL. Filesystem and database binary modes. Figures: bytes served by
// n8n and the time the node spends per item, Binary File beside URL input, printed as diagnostics.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { providerE2e } from '../../../scripts/providers.mjs';
import * as env from '../../lib/n8n/index.mjs';
import { assertSuccess, chainWorkflow, filesFolder, importWorkflows, MANUAL, node, readFileNode, sniff } from './_lib.mjs';

const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

/** The providers whose e2e unit (test/<provider>/e2e.mjs) has a part in the Get Credits workflow. */
const CREDIT_UNITS = (await providerE2e()).filter((unit) => unit.credits);

const credits = {
	name: `credits: Account → Get Credits on ${CREDIT_UNITS.map((u) => u.provider.displayName).join(', ')} (n8n execute), a refused key`,
	// one workflow with the providers' nodes: the all-in-one (provider packages run their
	// Get Credits in the operations and contract rows)
	needs: CREDIT_UNITS.map((u) => u.provider.nodes[0].type),
	timeoutMs: 180_000,
	async run(h) {
		const { assert } = h;
		const keys = Object.fromEntries(CREDIT_UNITS.map((u) => [u.provider.id, `${u.provider.id}-${randomBytes(8).toString('hex')}`]));
		const fakes = {};
		for (const u of CREDIT_UNITS) {
			const fake = await h.startFake(u.provider.id, { apiKey: keys[u.provider.id], ...u.credits.fakeOptions });
			fakes[u.provider.id] = fake;
			h.onCleanup(() => fake.close());
		}
		const credential = (u, name, apiKey) => ({ name, type: h.credentialType(u.provider.id), data: { apiKey, baseUrl: fakes[u.provider.id].baseUrl } });
		const imported = await h.importCredentials(
			CREDIT_UNITS.flatMap((u) => [
				credential(u, `e2e credits ${u.provider.id}`, keys[u.provider.id]),
				...(u.credits.refusedKey ? [credential(u, `e2e credits ${u.provider.id} wrong`, 'wrong-key-e2e')] : []),
			]),
		);
		const get = { resource: 'account', operation: 'getCredits' };
		const nodes = [MANUAL];
		for (const u of CREDIT_UNITS) {
			const right = imported.shift();
			const type = u.provider.nodes[0].type;
			for (const [name, parameters] of Object.entries(u.credits.nodes)) nodes.push(node(h, name, type, { ...get, ...parameters }, right));
			if (u.credits.refusedKey) nodes.push({ ...node(h, u.credits.refusedKey, type, get, imported.shift()), onError: 'continueRegularOutput' });
		}
		const placed = nodes.map((n, i) => ({ ...n, position: [i * 220, 0] }));
		const connections = {
			Manual: { main: [placed.slice(1).map((n) => ({ node: n.name, type: 'main', index: 0 }))] },
		};
		const id = await h.importWorkflow({ name: 'e2e credits', nodes: placed, connections, settings: { executionOrder: 'v1' } });
		const run = await h.executeWorkflow(id);
		assertSuccess(run);
		const one = (name) => {
			const items = h.nodeOutput(run, name);
			assert.equal(items.length, 1, name);
			return items[0].json;
		};
		const shape = (json) => ({ provider: json.provider, operation: json.operation, status: json.status, credits: json.credits, creditsUnit: json.creditsUnit, creditsLimit: json.creditsLimit });
		for (const u of CREDIT_UNITS) u.credits.check({ assert, one, shape, fake: fakes[u.provider.id] });
		// no key appears anywhere in the run
		const text = JSON.stringify(run);
		for (const key of [...Object.values(keys), 'wrong-key-e2e']) assert.ok(!text.includes(key), `key ${key} in the run`);
	},
};

/** An HS256 JWT as jsonwebtoken signs n8n's binary tokens (for the expired one). */
function signJwt(payload, secret) {
	const part = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
	const body = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(payload)}`;
	return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

const tokenPayload = (url) =>
	JSON.parse(Buffer.from(new URL(url).searchParams.get('token').split('.')[1], 'base64url').toString());

/** A video file of `bytes` bytes: a real MP4 header, then filler. */
function videoOf(makeMp4, bytes) {
	const head = makeMp4();
	return Buffer.concat([head, randomBytes(Math.max(0, bytes - head.length))]);
}

const binaryFile = {
	name: 'binary file: Read video → Cutout.pro Video Remove Background (Input: Binary File) → result file, n8n serves the signed URL (filesystem and database modes)',
	needs: ['cutoutPro'],
	timeoutMs: 420_000,
	async run(h, t) {
		const { assert } = h;
		const apiKey = `cp-${randomBytes(8).toString('hex')}`;
		const secret = `e2e-signing-${randomBytes(8).toString('hex')}`;
		const { makeMp4 } = h.fake('media');
		let rewrite = (url) => url;
		const fake = await h.startFake('cutoutPro', { apiKey, pollsUntilDone: 0, fetchSignedInputs: true, rewriteSignedUrl: (url) => rewrite(url) });
		h.onCleanup(() => fake.close());
		const dir = filesFolder(h);
		const sizes = { small: 1024 * 1024, large: 20 * 1024 * 1024 };
		const videos = {};
		for (const [label, bytes] of Object.entries(sizes)) {
			videos[label] = videoOf(makeMp4, bytes);
			writeFileSync(join(dir, `${label}.mp4`), videos[label]);
		}
		const [cred] = await h.importCredentials([{ name: 'e2e binary cutout', type: h.credentialType('cutoutPro'), data: { apiKey, baseUrl: fake.baseUrl } }]);

		const wait = { waitForCompletion: true, maxWaitSeconds: 120, pollIntervalSeconds: 0.25, downloadResult: true };
		const workflow = (name, file, input, options = {}) =>
			chainWorkflow(name, [
				readFileNode('Read video', join(dir, file)),
				node(h, 'Cutout.pro', 'cutoutPro', { resource: 'video', operation: 'removeBackground', outputFormat: 'webm', ...input, ...wait, options }, cred),
				{
					id: env.makeId(),
					name: 'Write result',
					type: 'n8n-nodes-base.readWriteFile',
					typeVersion: 1,
					position: [0, 0],
					parameters: { operation: 'write', fileName: `=${dir}/{{ $binary.data.fileName }}`, dataPropertyName: 'data', options: {} },
				},
			]);
		const binaryInput = { inputType: 'binary', binaryPropertyName: 'data' };
		const allow = { allowPrivateFileUrl: true };
		const wanted = {};
		for (const label of Object.keys(sizes)) {
			wanted[`binary-${label}`] = workflow(`e2e binary ${label}`, `${label}.mp4`, binaryInput, allow);
			wanted[`url-${label}`] = workflow(`e2e url ${label}`, `${label}.mp4`, { inputType: 'url', videoUrl: `https://videos.example.com/${label}.mp4` });
		}
		wanted.defaults = workflow('e2e binary, default options', 'small.mp4', binaryInput);
		// one `n8n import:workflow --separate` for all of them (each import is an n8n boot)
		const imported = await importWorkflows(h, Object.values(wanted));
		const ids = Object.fromEntries(Object.keys(wanted).map((key, i) => [key, imported[i]]));

		const figures = [];
		for (const mode of ['filesystem', 'database']) {
			await t.test(`binary data mode ${mode}`, async () => {
				const n8n = await h.startN8n({
					env: { N8N_RESTRICT_FILE_ACCESS_TO: dir, N8N_DEFAULT_BINARY_DATA_MODE: mode, N8N_BINARY_DATA_SIGNING_SECRET: secret },
				});
				try {
					const session = await env.ownerSession(n8n.url);
					const run = async (id) => await env.runWorkflowInServer(n8n, session, id, 'Manual', { userFolder: h.userFolder });
					const nodeMs = (execution) => execution.data.resultData.runData['Cutout.pro'][0].executionTime;

					for (const label of Object.keys(sizes)) {
						fake.reset();
						rewrite = (url) => url;
						const viaUrl = await run(ids[`url-${label}`]);
						assert.equal(viaUrl.status, 'success', JSON.stringify(viaUrl.data?.resultData?.error ?? null));
						fake.reset();
						const execution = await run(ids[`binary-${label}`]);
						assert.equal(execution.status, 'success', JSON.stringify(execution.data?.resultData?.error ?? null));
						// the provider got exactly the file, from n8n's signed URL
						assert.equal(fake.state.inputFetches.length, 1);
						const [fetched] = fake.state.inputFetches;
						assert.equal(fetched.status, 200);
						assert.equal(fetched.bytes, videos[label].length);
						assert.equal(fetched.sha256, sha256(videos[label]));
						assert.equal(fetched.contentType, 'video/mp4');
						assert.ok(fetched.url.startsWith(`http://localhost:${n8n.port}/rest/binary-data/signed?token=`), fetched.url);
						const { exp, iat } = tokenPayload(fetched.url);
						assert.equal(exp - iat, 120 + 900, 'valid for Max Wait and the margin');
						// the input was stored in this binary mode (what n8n signed and served)
						const [read] = execution.data.resultData.runData['Read video'][0].data.main[0];
						assert.ok(read.binary.data.id.startsWith(mode === 'database' ? 'database:' : 'filesystem-v2:'), read.binary.data.id);
						// the result came back and was written under the input's name
						const [item] = execution.data.resultData.runData['Cutout.pro'][0].data.main[0];
						assert.equal(item.json.status, 'done');
						assert.equal(item.binary.data.fileName, `${label}-nobg.webm`);
						assert.equal(sniff(readFileSync(join(dir, `${label}-nobg.webm`))), 'webm');
						figures.push({ mode, size: label, bytes: fetched.bytes, fetchMs: fetched.ms, binaryNodeMs: nodeMs(execution), urlNodeMs: nodeMs(viaUrl) });
					}

					// the same token, forged or expired: n8n refuses it, the item fails clearly
					for (const [kind, alter, answer] of [
						['forged', (url) => url.replace(/.{8}$/, 'AAAAAAAA'), 'invalid signature'],
						['expired', (url) => {
							const { id } = tokenPayload(url);
							const now = Math.floor(Date.now() / 1000);
							return url.replace(new URL(url).searchParams.get('token'), signJwt({ id, iat: now - 120, exp: now - 60 }, secret));
						}, 'jwt expired'],
					]) {
						fake.reset();
						rewrite = alter;
						const tasksBefore = fake.state.videoTasks.size;
						const failed = await run(ids['binary-small']);
						rewrite = (url) => url;
						assert.equal(failed.status, 'error', kind);
						assert.equal(fake.state.inputFetches[0].status, 400, `${kind}: n8n's answer`);
						const error = failed.data.resultData.error;
						assert.equal(error.message, `Cutout.pro error 1001: videoUrl could not be downloaded: HTTP 400 (${answer})`, kind);
						assert.match(error.description, /The file was offered at http:\/\/localhost:\d+\/rest\/binary-data\/signed \(a signed n8n URL\)/);
						assert.equal(fake.state.videoTasks.size, tasksBefore, `${kind}: no task was created`);
					}
					// asked directly, n8n refuses a forged token too
					const direct = await fetch(`${n8n.url}/rest/binary-data/signed?token=${signJwt({ id: 'filesystem-v2:x', exp: 9999999999 }, 'not-the-secret')}`);
					assert.equal(direct.status, 400);

					// default options: n8n on localhost is refused before anything is sent
					fake.reset();
					const refused = await run(ids.defaults);
					assert.equal(refused.status, 'error');
					assert.match(refused.data.resultData.error.message, /^Invalid "Input Binary Field" in item 0: n8n would give Cutout\.pro the URL http:\/\/localhost:\d+\/rest\/binary-data\/signed, which Cutout\.pro cannot reach: it is localhost\. Set WEBHOOK_URL/);
					assert.deepEqual(fake.requests, [], 'nothing sent to the provider');
				} finally {
					await n8n.stop();
				}
			});
		}
		for (const f of figures)
			t.diagnostic(
				`${f.mode} ${f.size}: ${f.bytes} bytes served by n8n in ${f.fetchMs} ms; Cutout.pro node ${f.binaryNodeMs} ms with Binary File vs ${f.urlNodeMs} ms with a URL (+${f.binaryNodeMs - f.urlNodeMs} ms)`,
			);
		writeFileSync(join(env.HARNESS_DIR, 'binary-url-figures.json'), JSON.stringify(figures, null, 2));
	},
};

export default [credits, binaryFile];
