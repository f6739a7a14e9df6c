#!/usr/bin/env node
// Queue tier (npm run test:queue): every node of the package on n8n 2.41.1's distributed engine.
//
//   node test/queue/run.mjs [--only=<substring>] [--keep-logs]
//
// --keep-logs keeps the user folders and writes every process's log to a temp folder (logs are
// written on any failure too).
//
// Starts Postgres (Debian's), Redis (Debian's redis-server) and n8n as main + one webhook
// processor + two workers, each n8n process with its own user folder and the packed package
// installed the way n8n installs community packages; binary data in the database (queue mode's
// default). Runs start the way production runs do: production webhooks and Cutout.pro
// notifications sent to the webhook processor. Every case proves its execution ran on a worker
// (the worker's log says `Worker started execution <id>`), checks the output bytes, and downloads
// every output binary through main's REST API with the owner's cookie, as the editor does.
// Everything it starts it stops, also on failure. Ports: QUEUE_PORT_BASE (default 5800) + 0..24.
//
// Two cases measure how executions share a provider account (issue 19): 20 executions started at
// once on the two workers against a provider that accepts 5 requests in flight (behind the bench's
// limiter proxy, test/bench/lib/limiter.mjs), asserting 0 failed items and refused requests at most
// ACCOUNT.maxRefusedShare of all, with the figures printed; and a stop, by the workflow's Timeout
// (cancelled by the worker itself), of a run whose requests wait behind the provider's limit: its
// worker must end it (log `Worker finished|errored while running execution <id>`) within
// STOP.endsWithinMs, then run the next job on the same account.
//
// Environment: QUEUE_NO_BUILD=1 skips `npm run build` (CI builds first); QUEUE_PORT_BASE.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import * as env from '../lib/n8n/index.mjs';
import { fakeName, provider, providerQueue } from '../../scripts/providers.mjs';
import { startLimiter } from '../bench/lib/limiter.mjs';
import { MIME, pngSize, sniff } from '../e2e/cases/_lib.mjs';
import {
	cli,
	makeProcessFolders,
	memoryOf,
	rssOf,
	ownerSession,
	portsFrom,
	sampleMemory,
	sharedEnv,
	startN8nProcess,
	startPostgres,
	startRedis,
} from './cluster.mjs';

const args = process.argv.slice(2);
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const PORTS = portsFrom(Number(process.env.QUEUE_PORT_BASE ?? 5800));
/** Lowered N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE (MB) for every process. */
const DB_LIMIT_MB = 160;
const MB = 1024 * 1024;
const KEYS = { cutout: 'q-cutout-key' };
/** The providers with a case of their own in this tier (`queue` in test/<provider>/queue.mjs). */
const QUEUE_UNITS = await providerQueue();
const TRIGGER = { webhookId: '5f0c2a7e-1d3b-4e8a-9c55-queue0000001', token: 'queue-secret-token-0123456789' };
const BATCH = 20;
const THROUGHPUT_RUNS = 40;
const MEMORY_SIZES_MB = [32, 128];
const OVER_LIMIT_MB = 192;
/**
 * Many executions on one provider account (issue 19): `executions` started at once by production
 * webhooks, `items` Cutout.pro image removals each, against a provider (latency `latencyMs`) that
 * accepts `accepted` requests in flight and answers 429 + Retry-After: 1 above that. At most
 * `maxRefusedShare` of the API requests may be refused.
 */
const ACCOUNT = { executions: 20, items: 10, accepted: 5, latencyMs: 300, maxRefusedShare: 0.15 };
/**
 * Stop (issue 19): an execution of `items` at Concurrency `concurrency` against a provider that
 * accepts `accepted` in flight is cancelled by its workflow's `timeoutSeconds` Timeout while its
 * requests wait behind the lowered limit. It must end on its worker within `endsWithinMs` of the
 * Timeout (generous: the goal is 1 s), and the worker then runs `next` items on the same account.
 */
// 200 items one at a time take over a minute, so a run that ignores the stop cannot end in time.
const STOP = { items: 200, concurrency: 20, accepted: 1, timeoutSeconds: 5, endsWithinMs: 15_000, next: 3 };
const sha256 = (b) => createHash('sha256').update(b).digest('hex');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const started = Date.now();

env.ensureHarness();
const harnessRequire = createRequire(join(env.N8N_INSTALL_DIR, 'node_modules/n8n/package.json'));
const flatted = harnessRequire('flatted');

/** What every case reports; printed as a table at the end. */
const results = [];
const figures = {};
/** @type {Record<string, any>} the running cluster */
const c = { procs: [], fakes: {}, limiters: {} };

// ------------------------------------------------------------------ workflow builders

let nextId = 0;
const id = () => `qn${String(++nextId).padStart(4, '0')}`;
const pos = (nodes) => nodes.map((n, i) => ({ ...n, position: [i * 220, 0] }));
const chain = (name, nodes) => {
	const all = pos(nodes);
	const connections = {};
	for (let i = 0; i + 1 < all.length; i++) connections[all[i].name] = { main: [[{ node: all[i + 1].name, type: 'main', index: 0 }]] };
	return { id: env.makeId(), name, nodes: all, connections, settings: { executionOrder: 'v1' } };
};
const webhook = (path, { responseMode = 'onReceived', responseData } = {}) => ({
	id: id(),
	name: 'Webhook',
	type: 'n8n-nodes-base.webhook',
	typeVersion: 2,
	webhookId: `qt-${path}`,
	parameters: { httpMethod: 'POST', path: `qt-${path}`, responseMode, ...(responseData ? { responseData } : {}), options: { binaryPropertyName: 'data' } },
});
/** The main node of provider `providerId` (providers.manifest.ts). */
const ours = (name, providerId, parameters, credential, extra = {}) => ({
	id: id(),
	name,
	type: `n8n-nodes-background-removal.${provider(providerId).nodes[0].type}`,
	typeVersion: 1,
	parameters,
	credentials: { [credential.type]: { id: credential.id, name: credential.name } },
	...extra,
});
const code = (name, jsCode) => ({ id: id(), name, type: 'n8n-nodes-base.code', typeVersion: 2, parameters: { jsCode } });
const FAST_WAIT = { waitForCompletion: true, maxWaitSeconds: 60, pollIntervalSeconds: 0.25 };
/** Items with an image URL each, as many as the webhook's body says (`count`; `tag` names them). */
const imageUrls = () =>
	code('Image URLs', "const { count, tag } = $input.first().json.body;\nreturn Array.from({ length: count }, (_, i) => ({ json: { url: 'https://images.example.com/queue/' + tag + '-' + i + '.jpg' } }));");
const byUrl = (options) => ({ resource: 'image', operation: 'removeBackground', inputType: 'url', imageUrl: '={{ $json.url }}', ...(options ? { options } : {}) });

function workflows(cr) {
	const w = {};
	w.image = chain('queue: cutout.pro image, binary in and out', [
		webhook('image', { responseMode: 'lastNode', responseData: 'firstEntryBinary' }),
		ours('Remove background', 'cutoutPro', { resource: 'image', operation: 'removeBackground', inputType: 'binary', binaryPropertyName: 'data', mattingType: 'portrait' }, cr.cutout),
	]);
	w.videoWait = chain('queue: cutout.pro video, waiting on a worker', [
		webhook('video-wait'),
		ours('Remove video background', 'cutoutPro', { resource: 'video', operation: 'removeBackground', videoUrl: '={{ $json.body.videoUrl }}', outputFormat: 'mov', ...FAST_WAIT, downloadResult: true }, cr.cutout),
	]);
	for (const u of QUEUE_UNITS) w[u.provider.id] = chain(u.workflowName, [webhook(u.provider.id), ...u.nodes(toolkit(u), cr[u.provider.id])]);
	w.trigger = chain('queue: cutout.pro trigger through the webhook processor', [
		{
			id: id(),
			name: 'Cutout.pro Trigger',
			type: `n8n-nodes-background-removal.${provider('cutoutPro').nodes[1].type}`,
			typeVersion: 1,
			webhookId: TRIGGER.webhookId,
			parameters: { events: ['EVENT_VIDEO_TASK_FINISHED'], secretToken: TRIGGER.token },
		},
		ours('Get task', 'cutoutPro', { resource: 'video', operation: 'getTask', taskFlag: '={{ $json.taskId }}', downloadResult: true }, cr.cutoutTrigger),
	]);
	w.overLimit = chain('queue: a result over the database binary limit', [
		webhook('over-limit'),
		ours(
			'Remove video background',
			'cutoutPro',
			{ resource: 'video', operation: 'removeBackground', videoUrl: 'https://videos.example.com/queue/long.mp4', outputFormat: 'mov', ...FAST_WAIT, downloadResult: true },
			cr.cutoutOver,
			{ onError: 'continueRegularOutput' },
		),
		ours(
			'Get task, skip large',
			'cutoutPro',
			{ resource: 'video', operation: 'getTask', taskFlag: '={{ $json.taskId }}', downloadResult: true, skipDownloadAboveMb: 1 },
			cr.cutoutOver,
		),
	]);
	for (const size of MEMORY_SIZES_MB) {
		w[`memory${size}`] = chain(`queue: memory, ${size} MB result`, [
			webhook(`memory-${size}`),
			ours('Remove video background', 'cutoutPro', { resource: 'video', operation: 'removeBackground', videoUrl: `https://videos.example.com/queue/${size}.mp4`, outputFormat: 'mov', ...FAST_WAIT, downloadResult: true }, cr[`cutout${size}`]),
		]);
	}
	w.account = chain(`queue: ${ACCOUNT.executions} executions on one Cutout.pro account`, [
		webhook('account'),
		imageUrls(),
		ours('Remove background', 'cutoutPro', byUrl(), cr.cutoutAccount, { onError: 'continueRegularOutput' }),
	]);
	w.stop = chain('queue: a long run, stopped by its timeout', [
		webhook('stop'),
		imageUrls(),
		ours('Remove background', 'cutoutPro', byUrl({ concurrency: STOP.concurrency }), cr.cutoutStop, { onError: 'continueRegularOutput' }),
	]);
	// The worker itself cancels a run that outlives the workflow's Timeout (Settings → Timeout).
	w.stop.settings = { ...w.stop.settings, executionTimeout: STOP.timeoutSeconds };
	w.throughput = chain('queue: throughput, provider latency 1 s', [
		webhook('throughput'),
		ours('Remove background', 'cutoutPro', { resource: 'image', operation: 'removeBackground', inputType: 'url', imageUrl: 'https://images.example.com/queue/t.jpg', mattingType: 'object' }, cr.cutoutSlow),
	]);
	return w;
}

// ------------------------------------------------------------------ helpers for cases

/**
 * What a provider's queue case (test/<provider>/queue.mjs) is given: the workflow builders with its
 * node and webhook path bound, the running cluster `c`, and the checks below.
 */
function toolkit(u) {
	return {
		assert,
		c,
		BATCH,
		FAST_WAIT,
		MB,
		MIME,
		sha256,
		sniff,
		pngSize,
		code,
		ours: (name, parameters, credential, extra) => ours(name, u.provider.id, parameters, credential, extra),
		post: async (body, contentType) => await post(u.provider.id, body, contentType),
		executionsOf,
		nodeItems,
		downloadAndCheck,
		fromProvider,
	};
}

const hookUrl = (path) => `${c.webhook.url}/webhook/qt-${path}`;

async function post(path, body, contentType = 'application/json') {
	const res = await fetch(hookUrl(path), {
		method: 'POST',
		headers: { 'content-type': contentType },
		body: contentType === 'application/json' ? JSON.stringify(body) : body,
	});
	const bytes = Buffer.from(await res.arrayBuffer());
	assert.equal(res.status, 200, `POST ${path}: ${res.status} ${bytes.toString('utf8', 0, 300)}`);
	return { res, bytes };
}

const finished = (e) => !['new', 'running', 'waiting', 'unknown'].includes(e.status);

/** Waits for `count` finished executions of a workflow (beyond `before`); returns them with data. */
async function executionsOf(workflowId, { count = 1, before = 0, timeoutMs = 90_000 } = {}) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const list = await c.session.executions(workflowId);
		if (list.length >= before + count && list.every(finished)) {
			return await Promise.all(list.slice(0, list.length - before).map((e) => c.session.execution(e.id)));
		}
		assert.ok(Date.now() < deadline, `${list.length - before} of ${count} executions of ${workflowId} after ${timeoutMs} ms (statuses ${list.map((e) => e.status)})`);
		await sleep(200);
	}
}

/** The worker whose log says it started this execution (asserts there is exactly one). */
function workerOf(executionId) {
	const re = new RegExp(`Worker started execution ${executionId}(?!\\d)`);
	const workers = c.workers.filter((w) => re.test(w.logs()));
	assert.equal(workers.length, 1, `execution ${executionId} started on ${workers.length} workers (main log: ${c.main.logs().includes(`execution ${executionId}`)})`);
	return workers[0].name;
}

function nodeItems(execution, nodeName) {
	const run = execution.data?.resultData?.runData?.[nodeName]?.[0];
	assert.ok(run, `node "${nodeName}" did not run in execution ${execution.id} (error: ${JSON.stringify(execution.data?.resultData?.error ?? null)})`);
	return run.data?.main?.[0] ?? [];
}

/** Downloads a binary through main's REST API, checks it equals `expected` (bytes or sha256). */
async function downloadAndCheck(binary, expected, label) {
	assert.ok(binary?.id, `${label}: not in the binary store (${JSON.stringify(binary)?.slice(0, 200)})`);
	assert.match(binary.id, /^database:/, `${label}: id ${binary.id}`);
	const { status, bytes } = await c.session.downloadBinary(binary.id);
	assert.equal(status, 200, `${label}: REST download ${status} ${bytes.toString('utf8', 0, 200)}`);
	if (typeof binary.bytes === 'number') assert.equal(bytes.length, binary.bytes, `${label}: size recorded by n8n`);
	if (Buffer.isBuffer(expected)) assert.ok(bytes.equals(expected), `${label}: downloaded bytes differ (${bytes.length} vs ${expected.length})`);
	else assert.equal(sha256(bytes), expected, `${label}: sha256 of the ${bytes.length} downloaded bytes`);
	return bytes;
}

/** The file a provider's result URL serves (the fakes serve it again on every GET). */
async function fromProvider(url) {
	assert.match(String(url), /^http:\/\/127\.0\.0\.1:/, `result URL ${url}`);
	const res = await fetch(url);
	assert.equal(res.status, 200, `GET ${url}`);
	return Buffer.from(await res.arrayBuffer());
}

/** Registers a case; `run` returns { executions, note } and the case records which workers ran it. */
function queueCase(name, run, { timeoutMs = 120_000 } = {}) {
	if (only && !name.includes(only)) return;
	test(name, { timeout: timeoutMs }, async (t) => {
		const t0 = Date.now();
		let outcome = 'fail';
		let detail = '';
		try {
			const { executions = [], note = '' } = (await run(t)) ?? {};
			const on = executions.map((e) => workerOf(e.id));
			detail = `${note}${note ? '; ' : ''}ran on ${[...new Set(on)].join(' + ') || '-'}`;
			assert.ok(executions.length > 0, 'the case started no execution');
			outcome = 'pass';
		} catch (error) {
			detail = error.message.split('\n')[0].slice(0, 200);
			throw error;
		} finally {
			results.push({ name, outcome, seconds: ((Date.now() - t0) / 1000).toFixed(1), detail });
			t.diagnostic(`${outcome} in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${detail}`);
		}
	});
}

// ------------------------------------------------------------------ the tier

describe('queue mode: main + webhook processor + 2 workers, Postgres, Redis', () => {
	before(async () => {
		const t0 = Date.now();
		const step = (s) => console.error(`[queue ${((Date.now() - t0) / 1000).toFixed(1)} s] ${s}`);
		if (process.env.QUEUE_NO_BUILD !== '1') {
			step('npm run build');
			const b = spawnSync('npm', ['run', 'build'], { cwd: env.REPO_DIR, stdio: 'inherit' });
			if (b.status !== 0) throw new Error('npm run build failed');
		}
		const tgz = env.packPackage(env.REPO_DIR, join(env.HARNESS_DIR, 'queue-pack'));
		const fakesDir = env.compileFakes();
		const fake = (n) => createRequire(join(fakesDir, 'index.js'))(`./${n}.js`);
		c.media = fake('media');
		c.fakeServer = fake('fake-server');
		// a provider's fake, as providers.manifest.ts names it
		const startFake = (id, options) => fake(fakeName(provider(id)))[provider(id).fake.start](options);
		const startFakeCutoutPro = (options) => startFake('cutoutPro', options);
		step('fake providers, Postgres, Redis');
		const f = c.fakes;
		f.cutout = await startFakeCutoutPro({ apiKey: KEYS.cutout, pollsUntilDone: 1 });
		f.cutoutTrigger = await startFakeCutoutPro({ apiKey: KEYS.cutout, pollsUntilDone: 0 });
		f.cutoutSlow = await startFakeCutoutPro({ apiKey: KEYS.cutout, latencyMs: 1000 });
		f.cutoutAccount = await startFakeCutoutPro({ apiKey: KEYS.cutout, latencyMs: ACCOUNT.latencyMs });
		// two provider accounts in front of one fake: each limiter is its own base URL
		c.limiters.account = await startLimiter({ target: f.cutoutAccount.baseUrl, limit: ACCOUNT.accepted });
		c.limiters.stop = await startLimiter({ target: f.cutoutAccount.baseUrl, limit: STOP.accepted });
		f.cutoutOver = await startFakeCutoutPro({ apiKey: KEYS.cutout, pollsUntilDone: 0, videoResultBytes: OVER_LIMIT_MB * MB });
		for (const size of MEMORY_SIZES_MB) f[`cutout${size}`] = await startFakeCutoutPro({ apiKey: KEYS.cutout, pollsUntilDone: 0, videoResultBytes: size * MB });
		for (const u of QUEUE_UNITS) f[u.provider.id] = await startFake(u.provider.id, { apiKey: u.apiKey, ...u.fakeOptions(toolkit(u)) });
		c.postgres = await startPostgres({ port: PORTS.postgres });
		c.procs.push(c.postgres);
		c.redis = await startRedis({ port: PORTS.redis });
		c.procs.push(c.redis);
		c.env = sharedEnv({ postgres: c.postgres, redis: c.redis, extra: { N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE: String(DB_LIMIT_MB) } });

		step('user folders: the package installed into each process the way n8n installs it');
		c.folders = makeProcessFolders(['main', 'webhook', 'worker-1', 'worker-2'], tgz);

		step('import credentials (runs the migrations) and workflows');
		const credDefs = [
			...['cutout', 'cutoutTrigger', 'cutoutSlow', 'cutoutOver', ...MEMORY_SIZES_MB.map((s) => `cutout${s}`)].map((k) => ({
				key: k,
				type: provider('cutoutPro').credential.type,
				data: { apiKey: KEYS.cutout, baseUrl: f[k].baseUrl },
			})),
			...['account', 'stop'].map((k) => ({
				key: `cutout${k[0].toUpperCase()}${k.slice(1)}`,
				type: provider('cutoutPro').credential.type,
				data: { apiKey: KEYS.cutout, baseUrl: c.limiters[k].url },
			})),
			...QUEUE_UNITS.map((u) => ({ key: u.provider.id, type: u.provider.credential.type, data: { apiKey: u.apiKey, baseUrl: f[u.provider.id].baseUrl } })),
		].map((d) => ({ ...d, id: env.makeId(), name: `queue ${d.key}` }));
		const cliOpts = { userFolder: c.folders.main, env: c.env, brokerPort: PORTS.broker.cli };
		const tmp = mkdtempSync(join(tmpdir(), 'n8n-queue-import-'));
		try {
			writeFileSync(join(tmp, 'creds.json'), JSON.stringify(credDefs.map(({ key, ...cr }) => cr)));
			await cli(['import:credentials', `--input=${join(tmp, 'creds.json')}`], cliOpts);
			c.creds = Object.fromEntries(credDefs.map((d) => [d.key, d]));
			c.wf = workflows(c.creds);
			const dir = join(tmp, 'workflows');
			mkdirSync(dir);
			for (const [k, wf] of Object.entries(c.wf)) writeFileSync(join(dir, `${k}.json`), JSON.stringify({ ...wf, active: false }));
			await cli(['import:workflow', '--separate', `--input=${dir}`], cliOpts);
		} finally {
			rmSync(tmp, { recursive: true, force: true });
		}

		step('start main, webhook processor and two workers');
		const start = (o) => startN8nProcess({ env: c.env, ...o }).then((p) => (c.procs.push(p), p));
		[c.main, c.webhook, ...c.workers] = await Promise.all([
			start({ role: 'main', userFolder: c.folders.main, port: PORTS.main, brokerPort: PORTS.broker.main }),
			start({ role: 'webhook', userFolder: c.folders.webhook, port: PORTS.webhook, brokerPort: PORTS.broker.webhook }),
			...[0, 1].map((i) =>
				start({ role: 'worker', name: `worker-${i + 1}`, userFolder: c.folders[`worker-${i + 1}`], port: PORTS.workerHealth[i], brokerPort: PORTS.broker.workers[i] }),
			),
		]);
		step(`ready: main ${c.main.startMs} ms, webhook ${c.webhook.startMs} ms, workers ${c.workers.map((w) => w.startMs).join(' / ')} ms`);

		c.session = await ownerSession(c.main.url, { flatted });
		for (const wf of Object.values(c.wf)) await c.session.activate(wf.id);
		step('owner created, workflows published');
		figures.setupSeconds = ((Date.now() - t0) / 1000).toFixed(1);
		figures.memoryAfterStart = Object.fromEntries(c.procs.filter((p) => p.role).map((p) => [p.name, memoryOf(p.pid).rss]));
	});

	after(async () => {
		const failed = results.length === 0 || results.some((r) => r.outcome !== 'pass');
		if (failed || args.includes('--keep-logs')) {
			const dir = mkdtempSync(join(tmpdir(), 'n8n-queue-logs-'));
			for (const p of c.procs) writeFileSync(join(dir, `${p.name}.log`), p.logs());
			console.error(`process logs (n8n, Redis, Postgres): ${dir}`);
		}
		// the n8n processes first, all at once (each shuts down on its own: a worker finishes its
		// executions), then Redis and Postgres in reverse order of start
		const stop = async (p) => {
			try {
				await p.stop();
			} catch (error) {
				console.error(`stopping ${p.name}: ${error.message}`);
			}
		};
		const stopStarted = Date.now();
		await Promise.all(c.procs.filter((p) => p.role).map(stop));
		for (const p of c.procs.filter((p) => !p.role).reverse()) await stop(p);
		figures.stopSeconds = ((Date.now() - stopStarted) / 1000).toFixed(1);
		for (const l of Object.values(c.limiters)) await l.close();
		for (const f of Object.values(c.fakes)) await f.close();
		if (!args.includes('--keep-logs')) for (const folder of Object.values(c.folders ?? {})) rmSync(folder, { recursive: true, force: true });
		else console.error(`kept user folders: ${Object.values(c.folders ?? {}).join(' ')}`);
		printSummary();
	});

	queueCase(`memory in database binary mode: ${MEMORY_SIZES_MB.join(' then ')} MB results stored by a worker and downloaded through main`, async () => {
		// First case, smallest file first, growth over the RSS before the first file: memory a
		// process keeps from one file serves the next, so growth measured per file after other
		// cases would understate it.
		figures.memory = [];
		const executions = [];
		const base = rssOf([...c.workers, c.main]);
		for (const size of MEMORY_SIZES_MB) {
			const mem = sampleMemory([...c.workers, c.main], { base });
			await post(`memory-${size}`, {});
			const [e] = await executionsOf(c.wf[`memory${size}`].id);
			assert.equal(e.status, 'success', JSON.stringify(e.data.resultData.error ?? null));
			const worker = workerOf(e.id);
			const [item] = nodeItems(e, 'Remove video background');
			const stored = mem.stop();
			const dl = sampleMemory([c.main], { base });
			await downloadAndCheck(item.binary.data, c.fakeServer.generatedSha256(size * MB, c.media.makeMov()), `${size} MB result`);
			const mainDl = dl.stop();
			figures.memory.push({ sizeMb: size, worker, workerGrowthMb: stored[worker].growth / MB, mainDownloadGrowthMb: mainDl.main.growth / MB });
			executions.push(e);
		}
		return { executions, note: figures.memory.map((m) => `${m.sizeMb} MB: worker +${m.workerGrowthMb.toFixed(0)} MB, main download +${m.mainDownloadGrowthMb.toFixed(0)} MB`).join('; ') };
	}, { timeoutMs: 180_000 });

	queueCase('cutout.pro image: binary in through the webhook processor, cutout PNG back in the reply', async () => {
		const input = c.media.makePng(40, 30, [200, 120, 40, 255]);
		const { res, bytes } = await post('image', input, 'image/png');
		assert.equal(sniff(bytes), 'png', 'the webhook reply is the cutout PNG');
		assert.deepEqual(pngSize(bytes), { width: 800, height: 600 });
		assert.match(res.headers.get('content-type') ?? '', /^image\/png/);
		const [e] = await executionsOf(c.wf.image.id);
		assert.equal(e.status, 'success');
		const [item] = nodeItems(e, 'Remove background');
		assert.equal(item.json.status, 'done');
		assert.equal(item.binary.data.mimeType, MIME.png);
		// the fake's cutout for this call: an 800x600 PNG, no background colour
		await downloadAndCheck(item.binary.data, c.media.makePng(800, 600), 'cutout PNG');
		assert.ok(bytes.equals(c.media.makePng(800, 600)), 'the webhook reply is the cutout');
		const call = c.fakes.cutout.state.mattings.find((m) => m.endpoint === 'matting');
		assert.equal(call.file.sha256, sha256(input), 'the uploaded photo reached the provider intact');
		return { executions: [e] };
	});

	queueCase('cutout.pro video: submit, poll and download while a worker waits', async () => {
		await post('video-wait', { videoUrl: 'https://videos.example.com/queue/wait.mp4' });
		const [e] = await executionsOf(c.wf.videoWait.id);
		assert.equal(e.status, 'success', JSON.stringify(e.data.resultData.error ?? null));
		const [item] = nodeItems(e, 'Remove video background');
		assert.equal(item.json.status, 'done');
		const task = c.fakes.cutout.state.videoTasks.get(item.json.taskId);
		assert.equal(task.polls, 2, 'one "processing" poll, then done');
		assert.equal(item.binary.data.mimeType, MIME.mov);
		const bytes = await downloadAndCheck(item.binary.data, c.media.makeMov(), 'MOV');
		assert.equal(sniff(bytes), 'mov');
		return { executions: [e] };
	});

	// each provider's own case (test/<provider>/queue.mjs)
	for (const u of QUEUE_UNITS) {
		queueCase(u.name(toolkit(u)), async () => await u.run(toolkit(u), { workflow: c.wf[u.provider.id], fake: c.fakes[u.provider.id] }));
	}

	queueCase('cutout.pro trigger: notification to the webhook processor, Get Task downloads on a worker', async () => {
		// a finished task at the provider, as Cutout.pro would notify about
		const f = c.fakes.cutoutTrigger;
		const submit = await fetch(`${f.apiUrl}video/submitTaskByUrl?videoUrl=${encodeURIComponent('https://videos.example.com/queue/trigger.mp4')}&outputFormat=webm`, {
			headers: { APIKEY: KEYS.cutout },
		});
		const taskFlag = (await submit.json()).data.taskFlag;
		const url = `${c.webhook.url}/webhook/${TRIGGER.webhookId}/webhook?token=${TRIGGER.token}`;
		const notify = async (token) =>
			await fetch(url.replace(TRIGGER.token, token), {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ eventName: 'EVENT_VIDEO_TASK_FINISHED', eventData: { taskFlag, status: 'done', resultUrl: `${f.baseUrl}/results/${taskFlag}.webm` } }),
			});
		const t0 = Date.now();
		const res = await notify(TRIGGER.token);
		const answerMs = Date.now() - t0;
		assert.equal(res.status, 200, await res.text());
		assert.equal((await notify('wrong-token')).status, 401, 'a wrong token is refused');
		const [e] = await executionsOf(c.wf.trigger.id);
		assert.equal(e.status, 'success', JSON.stringify(e.data.resultData.error ?? null));
		const [trig] = nodeItems(e, 'Cutout.pro Trigger');
		assert.equal(trig.json.taskId, taskFlag);
		assert.equal(trig.binary, undefined, 'the webhook phase stored no file');
		const [item] = nodeItems(e, 'Get task');
		assert.equal(item.json.status, 'done');
		assert.equal(item.binary.data.mimeType, MIME.webm);
		await downloadAndCheck(item.binary.data, c.media.makeWebm(), 'WebM');
		await sleep(500);
		assert.equal((await c.session.executions(c.wf.trigger.id)).length, 1, 'the refused notification started nothing');
		return { executions: [e], note: `notification answered in ${answerMs} ms` };
	});

	queueCase(`a ${OVER_LIMIT_MB} MB result over N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE=${DB_LIMIT_MB}: a per-item error, then skipped by size`, async () => {
		const mem = sampleMemory(c.workers);
		await post('over-limit', {});
		const [e] = await executionsOf(c.wf.overLimit.id);
		figures.overLimitMemory = mem.stop();
		assert.equal(e.status, 'success', JSON.stringify(e.data.resultData.error ?? null));
		const [failed] = nodeItems(e, 'Remove video background');
		const text = `${failed.json.error} ${failed.json.description ?? ''}`;
		assert.match(text, new RegExp(`${OVER_LIMIT_MB}\\.0 MB`), text);
		assert.match(text, new RegExp(`${DB_LIMIT_MB} MB`), text);
		assert.match(text, /N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE/, text);
		assert.doesNotMatch(text, /interrupt/i, text);
		assert.match(failed.json.taskId, /^[0-9a-f]{32}$/);
		assert.equal(failed.json.resultUrl, `${c.fakes.cutoutOver.baseUrl}/results/${failed.json.taskId}.mov`);
		assert.equal(failed.binary, undefined);
		const [skipped] = nodeItems(e, 'Get task, skip large');
		assert.equal(skipped.json.status, 'done');
		assert.equal(skipped.json.resultUrl, failed.json.resultUrl);
		assert.equal(skipped.binary, undefined, 'no download above the size set');
		assert.match(String(skipped.json.downloadSkipped), new RegExp(`${OVER_LIMIT_MB}\\.0 MB`));
		return { executions: [e], note: failed.json.error.slice(0, 120) };
	});

	queueCase(`one provider account: ${ACCOUNT.executions} executions × ${ACCOUNT.items} images started at once on 2 workers, the provider accepts ${ACCOUNT.accepted} in flight: 0 failed, refused ≤ ${100 * ACCOUNT.maxRefusedShare} %`, async () => {
		const wfId = c.wf.account.id;
		const limiter = c.limiters.account;
		for (const w of c.workers) assert.match(w.logs(), /Concurrency: 10\b/, `${w.name} runs up to 10 jobs at once`);
		const before = (await c.session.executions(wfId)).length;
		limiter.reset();
		const t0 = Date.now();
		await Promise.all(Array.from({ length: ACCOUNT.executions }, (_, i) => post('account', { count: ACCOUNT.items, tag: `account-${i}` })));
		const list = await executionsOf(wfId, { count: ACCOUNT.executions, before, timeoutMs: 180_000 });
		const seenSeconds = (Date.now() - t0) / 1000;
		const per = {};
		for (const e of list) per[workerOf(e.id)] = (per[workerOf(e.id)] ?? 0) + 1;
		const items = list.flatMap((e) => nodeItems(e, 'Remove background'));
		const failed = items.filter((item) => item.json.error);
		const starts = list.map((e) => Date.parse(e.startedAt));
		const ends = list.map((e) => Date.parse(e.stoppedAt));
		const { total, rejected, maxInFlight } = limiter.stats;
		const m = {
			executions: list.length,
			items: items.length,
			failed: failed.length,
			requests: total,
			refused: rejected,
			refusedShare: rejected / Math.max(1, total),
			maxInFlight,
			wallSeconds: (Math.max(...ends) - Math.min(...starts)) / 1000,
			seenSeconds,
			limitSeconds: (ACCOUNT.executions * ACCOUNT.items * ACCOUNT.latencyMs) / ACCOUNT.accepted / 1000,
			perWorker: per,
		};
		figures.account = m;
		const note = `${m.items} items, ${m.failed} failed, ${m.requests} API requests, ${m.refused} refused (${(100 * m.refusedShare).toFixed(0)} %), max ${m.maxInFlight} in flight, ${m.wallSeconds.toFixed(1)} s first start to last end (limit ${m.limitSeconds.toFixed(1)} s), per worker ${JSON.stringify(per)}`;
		console.error(`[queue] one provider account: ${note}`);
		assert.ok(list.every((e) => e.status === 'success'), JSON.stringify(list.map((e) => e.status)));
		assert.equal(m.items, ACCOUNT.executions * ACCOUNT.items, 'every item came out');
		assert.equal(m.failed, 0, `failed items: ${failed[0]?.json.error}`);
		assert.ok(maxInFlight <= ACCOUNT.accepted, `the limiter accepted ${maxInFlight} at once`);
		assert.equal(Object.keys(per).length, 2, `both workers ran some of the ${ACCOUNT.executions}: ${JSON.stringify(per)}`);
		assert.ok(
			m.refusedShare <= ACCOUNT.maxRefusedShare,
			`refused ${m.refused} of ${m.requests} API requests (${(100 * m.refusedShare).toFixed(1)} %), more than ${100 * ACCOUNT.maxRefusedShare} %`,
		);
		return { executions: list, note };
	}, { timeoutMs: 240_000 });

	queueCase(`throughput: ${THROUGHPUT_RUNS} webhook-started executions, provider latency 1 s, two workers then one`, async () => {
		const wfId = c.wf.throughput.id;
		const burst = async () => {
			const before = (await c.session.executions(wfId)).length;
			const t0 = Date.now();
			await Promise.all(Array.from({ length: THROUGHPUT_RUNS }, () => post('throughput', {})));
			const list = await executionsOf(wfId, { count: THROUGHPUT_RUNS, before, timeoutMs: 120_000 });
			const seconds = (Date.now() - t0) / 1000;
			assert.ok(list.every((e) => e.status === 'success'), JSON.stringify(list.map((e) => e.status)));
			const per = {};
			for (const e of list) per[workerOf(e.id)] = (per[workerOf(e.id)] ?? 0) + 1;
			return { seconds, per, list };
		};
		const two = await burst();
		assert.equal(Object.keys(two.per).length, 2, `both workers take jobs: ${JSON.stringify(two.per)}`);
		await c.workers[1].stop();
		const one = await burst();
		assert.deepEqual(Object.keys(one.per), ['worker-1']);
		figures.throughput = { runs: THROUGHPUT_RUNS, twoWorkersSeconds: two.seconds, oneWorkerSeconds: one.seconds, twoWorkersSplit: two.per };
		return {
			executions: [...two.list, ...one.list],
			note: `two workers ${two.seconds.toFixed(1)} s (${JSON.stringify(two.per)}), one worker ${one.seconds.toFixed(1)} s`,
		};
	}, { timeoutMs: 300_000 });

	queueCase(`stop: a run with requests waiting behind the provider's limit, cancelled on its worker by the workflow's ${STOP.timeoutSeconds} s Timeout, ends within ${STOP.endsWithinMs / 1000} s of it; the worker then runs the next job on the same account`, async () => {
		// n8n 2.41 delivers the editor's Stop of a webhook-started run to the process that queued it
		// (the webhook processor), not to the worker running it; a workflow Timeout is cancelled by
		// the worker itself: the stop that reaches a queue-mode run.
		// One worker (the throughput case stopped the other; with --only it is stopped here), so the
		// next job can only go to the worker that ran the stopped one.
		for (const w of c.workers.slice(1)) await w.stop();
		const [worker] = c.workers;
		const wfId = c.wf.stop.id;
		const limiter = c.limiters.stop;
		limiter.reset();
		const before = (await c.session.executions(wfId)).length;
		const posted = Date.now();
		await post('stop', { count: STOP.items, tag: 'long' });
		let running;
		for (const deadline = Date.now() + 60_000; ; ) {
			const list = await c.session.executions(wfId);
			running = list.length > before ? list[0] : undefined;
			if (running && limiter.stats.rejected > 0) break;
			assert.ok(Date.now() < deadline, `no execution refused by the provider after 60 s (${JSON.stringify(limiter.stats)})`);
			await sleep(50);
		}
		assert.equal(running.status, 'running', 'still running when its requests wait behind the limit');
		assert.equal(workerOf(running.id), worker.name);
		// The worker's watchdog fires Timeout seconds after the job started (after the post).
		const t0 = posted + STOP.timeoutSeconds * 1000;
		const ended = new RegExp(`Worker (finished|errored while running) execution ${running.id} \\(job`);
		let endedMs;
		while (Date.now() - t0 < STOP.endsWithinMs) {
			if (ended.test(worker.logs())) {
				endedMs = Math.max(0, Date.now() - t0);
				break;
			}
			await sleep(25);
		}
		await sleep(500);
		const stopped = await c.session.execution(running.id);
		const { served, rejected, inFlight } = limiter.stats;
		// the next job, on the same account
		const t1 = Date.now();
		await post('stop', { count: STOP.next, tag: 'next' });
		const [next] = await executionsOf(wfId, { count: 1, before: before + 1 });
		const nextSeconds = (Date.now() - t1) / 1000;
		figures.stop = { endedMs, status: stopped.status, served, rejected, inFlightAfter: inFlight, nextSeconds, nextStatus: next.status };
		const note =
			`${served} of ${STOP.items} items served, ${rejected} requests refused, before the ${STOP.timeoutSeconds} s Timeout; ` +
			`${endedMs === undefined ? `still running on ${worker.name} ${STOP.endsWithinMs} ms after it` : `ended on ${worker.name} ${endedMs} ms after it, status ${stopped.status}`}; ` +
			`${inFlight} in flight then; next job ${next.status} in ${nextSeconds.toFixed(1)} s`;
		console.error(`[queue] stop: ${note}`);
		assert.ok(endedMs !== undefined, `execution ${running.id} did not end on ${worker.name} within ${STOP.endsWithinMs} ms of its Timeout`);
		assert.equal(stopped.status, 'canceled');
		assert.ok(served < STOP.items, 'the run was stopped, not finished');
		assert.equal(workerOf(next.id), worker.name, 'the same worker took the next job');
		assert.equal(next.status, 'success', JSON.stringify(next.data.resultData.error ?? null));
		const items = nodeItems(next, 'Remove background');
		assert.equal(items.length, STOP.next);
		assert.deepEqual(items.filter((item) => item.json.error).map((item) => item.json.error), [], 'no failed items in the next job');
		return { executions: [running, next], note };
	}, { timeoutMs: 180_000 });
});

function printSummary() {
	const mb = (b) => `${(b / MB).toFixed(0)} MB`;
	const lines = ['', `queue tier: ${((Date.now() - started) / 1000).toFixed(1)} s wall time (setup ${figures.setupSeconds ?? '?'} s, stop ${figures.stopSeconds ?? '?'} s)`];
	for (const r of results) lines.push(`  ${r.outcome.padEnd(4)} ${r.seconds.padStart(6)} s  ${r.name}: ${r.detail}`);
	if (figures.memoryAfterStart) lines.push(`  RSS after start: ${Object.entries(figures.memoryAfterStart).map(([k, v]) => `${k} ${mb(v)}`).join(', ')}`);
	if (figures.memory) for (const m of figures.memory) lines.push(`  database mode, ${m.sizeMb} MB result: ${m.worker} peak RSS +${m.workerGrowthMb.toFixed(0)} MB while storing; main +${m.mainDownloadGrowthMb.toFixed(0)} MB while serving the download (over their RSS before the first file)`);
	if (figures.overLimitMemory) lines.push(`  ${OVER_LIMIT_MB} MB result refused: worker RSS growth ${Object.entries(figures.overLimitMemory).map(([k, v]) => `${k} +${mb(v.growth)}`).join(', ')}`);
	if (figures.account) {
		const a = figures.account;
		lines.push(`  one provider account: ${a.executions} executions × ${ACCOUNT.items} images, ${a.failed} failed items, ${a.requests} API requests, ${a.refused} refused (${(100 * a.refusedShare).toFixed(1)} %, goal ≤ ${100 * ACCOUNT.maxRefusedShare} %), ${a.wallSeconds.toFixed(1)} s first start to last end (limit ${a.limitSeconds.toFixed(1)} s), per worker ${JSON.stringify(a.perWorker)}`);
	}
	if (figures.stop) {
		const st = figures.stop;
		lines.push(`  stop: main answered in ${st.replyMs} ms (${st.status}); the worker's job ${st.endedMs === undefined ? `had not ended ${STOP.endsWithinMs} ms after the stop` : `ended ${st.endedMs} ms after the stop`}; next job ${st.nextStatus} in ${st.nextSeconds.toFixed(1)} s`);
	}
	if (figures.throughput) lines.push(`  throughput: ${figures.throughput.runs} executions in ${figures.throughput.twoWorkersSeconds.toFixed(1)} s with two workers, ${figures.throughput.oneWorkerSeconds.toFixed(1)} s with one`);
	console.log(lines.join('\n'));
}
