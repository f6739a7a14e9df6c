// Proves the harness mechanics against a real n8n 2.41.1 with a throwaway community package
// (test/e2e/sample/sample-package.mjs): install the user's way, import credentials + workflows,
// `n8n execute`, binary bytes, a failing run, and a published Webhook workflow under `n8n start`.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { realpathSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
	HARNESS_DIR,
	N8N_INSTALL_DIR,
	executeWorkflow,
	freePort,
	importCredentials,
	importWorkflow,
	installTarball,
	listExecutions,
	makeId,
	makeUserFolder,
	nodeOutput,
	packPackage,
	publishWorkflow,
	readBinary,
	startN8n,
	waitForExecutions,
} from '../../lib/n8n/index.mjs';
import {
	SAMPLE_CREDENTIAL_TYPE,
	SAMPLE_NODE_TYPE,
	SAMPLE_PACKAGE_NAME,
	SAMPLE_PNG_BASE64,
	writeSamplePackage,
} from './sample-package.mjs';

const PNG = Buffer.from(SAMPLE_PNG_BASE64, 'base64');

function manualWorkflow(credId, { text = 'hi', callServer = true } = {}) {
	return {
		id: makeId(),
		name: 'sample manual',
		nodes: [
			{ id: 'n1', name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'n2',
				name: 'Sample',
				type: SAMPLE_NODE_TYPE,
				typeVersion: 1,
				position: [220, 0],
				parameters: { text, callServer },
				credentials: { [SAMPLE_CREDENTIAL_TYPE]: { id: credId, name: 'Sample creds' } },
			},
		],
		connections: { Manual: { main: [[{ node: 'Sample', type: 'main', index: 0 }]] } },
	};
}

function webhookWorkflow(credId, path) {
	return {
		id: makeId(),
		name: 'sample webhook',
		nodes: [
			{
				id: 'w1',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: '6f1a9d0e-1111-4a2b-9c3d-000000000001',
				parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', responseData: 'firstEntryBinary', options: {} },
			},
			{
				id: 'w2',
				name: 'Sample',
				type: SAMPLE_NODE_TYPE,
				typeVersion: 1,
				position: [220, 0],
				parameters: { text: '={{ $json.body.text }}', callServer: true },
				credentials: { [SAMPLE_CREDENTIAL_TYPE]: { id: credId, name: 'Sample creds' } },
			},
		],
		connections: { Webhook: { main: [[{ node: 'Sample', type: 'main', index: 0 }]] } },
	};
}

export function registerSampleTests({ keep = false } = {}) {
	describe('harness mechanics with a sample community package', () => {
		let userFolder;
		let echo;
		let echoUrl;
		const seen = [];
		let credId;

		before(async () => {
			userFolder = makeUserFolder('n8n-e2e-sample-');
			echo = createServer((req, res) => {
				seen.push({ url: req.url, apiKey: req.headers['x-api-key'] });
				res.setHeader('content-type', 'application/json');
				res.end(JSON.stringify({ path: req.url, apiKey: req.headers['x-api-key'] ?? null }));
			});
			const port = await freePort();
			await new Promise((r) => echo.listen(port, '127.0.0.1', r));
			echoUrl = `http://127.0.0.1:${port}`;
		});
		after(async () => {
			await new Promise((r) => echo.close(r));
			if (!keep) rmSync(userFolder, { recursive: true, force: true });
			else console.error(`kept user folder ${userFolder}`);
		});

		test('pack + install the package the way n8n does', (t) => {
			const pkg = writeSamplePackage(join(HARNESS_DIR, 'tmp-sample', 'pkg'));
			const tgz = packPackage(pkg.dir, join(HARNESS_DIR, 'tmp-sample'));
			const installed = installTarball(userFolder, tgz);
			assert.equal(installed.name, SAMPLE_PACKAGE_NAME);
			assert.equal(installed.dir, join(userFolder, '.n8n/nodes/node_modules', SAMPLE_PACKAGE_NAME));
			t.diagnostic(`installed into ${installed.dir}`);
		});

		test('import a credential with plain data: n8n encrypts it', async (t) => {
			const started = Date.now();
			const [cred] = await importCredentials(userFolder, [
				{ name: 'Sample creds', type: SAMPLE_CREDENTIAL_TYPE, data: { baseUrl: echoUrl, apiKey: 'k-secret-123' } },
			]);
			credId = cred.id;
			t.diagnostic(`import:credentials (first CLI call, runs the migrations) ${Date.now() - started} ms`);
			// stored encrypted
			const { createRequire } = await import('node:module');
			const sqlite3 = createRequire(join(N8N_INSTALL_DIR, 'node_modules/n8n/package.json'))('sqlite3');
			const db = new sqlite3.Database(join(userFolder, '.n8n/database.sqlite'), sqlite3.OPEN_READONLY);
			const row = await new Promise((res, rej) =>
				db.get('SELECT type, data FROM credentials_entity WHERE id = ?', [credId], (e, r) => (e ? rej(e) : res(r))),
			);
			db.close();
			assert.equal(row.type, SAMPLE_CREDENTIAL_TYPE);
			assert.ok(!row.data.includes('k-secret-123'), 'credential data is stored encrypted');
		});

		test('n8n execute: node runs, zod resolves, credential authenticates, binary is on disk', async (t) => {
			const id = await importWorkflow(userFolder, manualWorkflow(credId));
			const run = await executeWorkflow(id, { userFolder });
			t.diagnostic(`n8n execute ${run.cli.durationMs} ms`);
			assert.equal(run.status, 'success');
			const [item] = nodeOutput(run, 'Sample');
			// (a) zod comes from n8n's own node_modules (via the NODE_PATH n8n sets at start-up);
			// real path: the harness folder may be a link to a shared install
			const n8nModules = join(realpathSync(N8N_INSTALL_DIR), 'node_modules') + '/';
			assert.ok(item.json.zodResolvedFrom.startsWith(n8nModules), `zod resolved from ${item.json.zodResolvedFrom}`);
			assert.ok(item.json.workflowResolvedFrom.startsWith(n8nModules));
			// the credential's `authenticate` header reached the server
			assert.deepEqual(item.json.server, { path: '/echo', apiKey: 'k-secret-123' });
			// (c) binary: metadata in the run JSON, bytes under <userFolder>/.n8n/storage
			const bin = item.binary.data;
			assert.equal(bin.mimeType, 'image/png');
			assert.match(bin.id, new RegExp(`^filesystem-v2:workflows/${id}/executions/\\d+/binary_data/`));
			assert.ok(!('data' in bin) || bin.data === 'filesystem-v2');
			assert.deepEqual(readBinary(userFolder, bin), PNG);
		});

		test('a failing node: run JSON with status "error", exit code 1', async () => {
			const closed = await freePort();
			const wf = manualWorkflow(credId);
			// point the node at a closed port through a second credential
			const [bad] = await importCredentials(userFolder, [
				{ name: 'Bad creds', type: SAMPLE_CREDENTIAL_TYPE, data: { baseUrl: `http://127.0.0.1:${closed}`, apiKey: 'x' } },
			]);
			wf.nodes[1].credentials[SAMPLE_CREDENTIAL_TYPE] = { id: bad.id, name: 'Bad creds' };
			const id = await importWorkflow(userFolder, wf);
			const run = await executeWorkflow(id, { userFolder });
			assert.equal(run.cli.code, 1);
			assert.equal(run.status, 'error');
			assert.equal(run.data.resultData.lastNodeExecuted, 'Sample');
			assert.match(run.data.resultData.error.message, /refused/i);
		});

		test('published Webhook workflow under n8n start; executions listed from the DB', async (t) => {
			const path = `sample-hook-${makeId().toLowerCase()}`;
			const id = await importWorkflow(userFolder, webhookWorkflow(credId, path));
			await publishWorkflow(userFolder, id);
			const n8n = await startN8n({ port: await freePort(), userFolder, webhooksOf: [id] });
			try {
				t.diagnostic(`n8n start ready in ${n8n.startMs} ms`);
				const res = await fetch(`${n8n.url}/webhook/${path}`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ text: 'from-webhook' }),
				});
				assert.equal(res.status, 200);
				assert.equal(res.headers.get('content-type'), 'image/png');
				assert.deepEqual(Buffer.from(await res.arrayBuffer()), PNG);
				const [exec] = await waitForExecutions(userFolder, (l) => l.length > 0 && l[0].finished, { workflowId: id });
				assert.equal(exec.mode, 'webhook');
				assert.equal(exec.status, 'success');
				const [item] = nodeOutput({ data: exec.data }, 'Sample');
				assert.equal(item.json.text, 'from-webhook');
				assert.deepEqual(readBinary(userFolder, item.binary.data), PNG);
			} finally {
				const stopStarted = Date.now();
				const exit = await n8n.stop();
				t.diagnostic(`n8n stop ${Date.now() - stopStarted} ms, exit ${JSON.stringify(exit)}`);
			}
			const all = await listExecutions(userFolder);
			assert.deepEqual(
				all.map((e) => e.mode).sort(),
				['cli', 'cli', 'webhook'],
			);
		});
	});
}
