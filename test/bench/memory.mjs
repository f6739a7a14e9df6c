// Memory: a 1 GB video through BackgroundRemoverAI (streamed upload + result download), a 1 GB
// Cutout.pro result download, and n8n's HTTP Request node downloading (and uploading) the same
// 1 GB, each in its own `n8n execute` process in filesystem binary mode. The n8n process's
// /proc/<pid>/status is sampled; the figure is the peak VmRSS while the measured node runs minus
// VmRSS just before it started.
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';

import { NODE24 } from '../lib/n8n/index.mjs';

import { nodeSpan, readProcMemory, runError, tasksOf } from './lib/instance.mjs';
import { writeVideo } from './lib/images.mjs';
import { API_KEY } from './lib/providers.mjs';
import { asWebhook, chain, credentialRef, http, node, readFiles } from './lib/workflows.mjs';

const sizeText = (bytes) => (bytes >= 2 ** 30 ? `${bytes / 2 ** 30} GB` : `${bytes / 2 ** 20} MB`);

const MP4_HEAD = Buffer.from('000000206674797069736f6d0000020069736f6d69736f326d703431', 'hex');

function rssFigures(allSamples, run, measured) {
	const samples = allSamples.filter((s) => Number.isFinite(s.rss));
	const span = nodeSpan(run, measured);
	const before = samples.filter((s) => s.t <= span.startMs);
	const during = samples.filter((s) => s.t >= span.startMs && s.t <= span.endMs);
	const baseline = before.length ? before[before.length - 1].rss : samples[0]?.rss;
	const peak = Math.max(...during.map((s) => s.rss), baseline);
	const last = samples[samples.length - 1];
	return {
		spanMs: span.spanMs,
		baselineRss: baseline,
		peakRss: peak,
		growth: peak - baseline,
		hwmBefore: before.length ? before[before.length - 1].hwm : undefined,
		hwmAfter: last?.hwm,
		samplesDuring: during.length,
	};
}

export async function measureMemory({ instance, options, log }) {
	const size = options.memoryBytes;
	const latencyMs = options.latencyMs;
	const videoFile = await writeVideo(join(instance.filesDir, 'big-input.mp4'), size, MP4_HEAD);
	const results = [];

	const brai = await instance.fake('background-remover-ai').startFakeBackgroundRemoverAi({
		apiKey: API_KEY,
		latencyMs,
		pollsUntilDone: 1,
		videoResultBytes: size,
	});
	const cutout = await instance.fake('cutout-pro').startFakeCutoutPro({
		apiKey: API_KEY,
		latencyMs,
		pollsUntilDone: 1,
		videoResultBytes: size,
	});
	// a quarter of the size: the growth should not follow the file size
	const cutoutQuarter = await instance.fake('cutout-pro').startFakeCutoutPro({
		apiKey: API_KEY,
		latencyMs,
		pollsUntilDone: 1,
		videoResultBytes: size / 4,
	});
	// a 1 MB result: what any run costs a fresh n8n process, file or not
	const cutoutTiny = await instance.fake('cutout-pro').startFakeCutoutPro({
		apiKey: API_KEY,
		latencyMs,
		pollsUntilDone: 1,
		videoResultBytes: 2 ** 20,
	});
	const big = sizeText(size);
	// the same kind of 1 GB file, for the HTTP Request node to download
	const fileUrl = cutout.files.put('/results/one-gigabyte.mov', {
		contentType: 'video/quicktime',
		size,
		generate: true,
		head: MP4_HEAD,
	});
	try {
		const [braiCred, cutoutCred, cutoutQuarterCred, cutoutTinyCred] = await instance.importCredentials([
			{ name: 'brai mem', type: 'backgroundRemoverAiApi', data: { apiKey: API_KEY, baseUrl: brai.baseUrl } },
			{ name: 'cutout mem', type: 'cutoutProApi', data: { apiKey: API_KEY, baseUrl: cutout.baseUrl } },
			{ name: 'cutout mem quarter', type: 'cutoutProApi', data: { apiKey: API_KEY, baseUrl: cutoutQuarter.baseUrl } },
			{ name: 'cutout mem tiny', type: 'cutoutProApi', data: { apiKey: API_KEY, baseUrl: cutoutTiny.baseUrl } },
		]);
		const cutoutVideo = (credential) =>
			node(
				'Remove BG (ours)',
				instance.nodeType('cutoutPro'),
				{ resource: 'video', operation: 'removeBackground', videoUrl: 'https://videos.example.com/clip.mp4', outputFormat: 'mov', ...wait },
				{ credentials: credentialRef('cutoutProApi', credential) },
			);
		const wait = { waitForCompletion: true, pollIntervalSeconds: 1, maxWaitSeconds: 1800, downloadResult: true };
		const cases = [
			{
				key: 'braiVideo',
				label: `BackgroundRemoverAI video: ${big} upload + ${big} result download (ours)`,
				ours: true,
				measured: ['Remove BG (ours)'],
				workflow: chain('bench memory brai', [
					readFiles('Video', videoFile),
					node(
						'Remove BG (ours)',
						instance.nodeType('backgroundRemoverAi'),
						{ resource: 'video', operation: 'removeBackground', binaryPropertyName: 'data', videoFormat: 'mov', ...wait },
						{ credentials: credentialRef('backgroundRemoverAiApi', braiCred) },
					),
				]),
				check: (run) => {
					const item = tasksOf(run, 'Remove BG (ours)')[0]?.data?.main?.[0]?.[0];
					return item?.binary?.data?.bytes;
				},
			},
			{
				key: 'cutoutVideo',
				label: `Cutout.pro video: ${big} result download (ours)`,
				ours: true,
				measured: ['Remove BG (ours)'],
				workflow: chain('bench memory cutout', [cutoutVideo(cutoutCred)]),
				check: (run) => tasksOf(run, 'Remove BG (ours)')[0]?.data?.main?.[0]?.[0]?.binary?.data?.bytes,
			},
			{
				key: 'cutoutQuarter',
				label: `Cutout.pro video: ${sizeText(size / 4)} result download (ours), for scale`,
				ours: true,
				measured: ['Remove BG (ours)'],
				workflow: chain('bench memory cutout quarter', [cutoutVideo(cutoutQuarterCred)]),
				check: (run) => tasksOf(run, 'Remove BG (ours)')[0]?.data?.main?.[0]?.[0]?.binary?.data?.bytes,
			},
			{
				key: 'cutoutTiny',
				label: 'Cutout.pro video: 1 MB result download (ours), the cost of a run itself',
				ours: true,
				measured: ['Remove BG (ours)'],
				workflow: chain('bench memory cutout tiny', [cutoutVideo(cutoutTinyCred)]),
				check: (run) => tasksOf(run, 'Remove BG (ours)')[0]?.data?.main?.[0]?.[0]?.binary?.data?.bytes,
			},
			{
				key: 'httpDownload',
				label: `HTTP Request node: the same ${big} file downloaded into a binary`,
				ours: false,
				measured: ['Download (HTTP)'],
				workflow: chain('bench memory http download', [http('Download (HTTP)', { url: fileUrl, file: true })]),
				check: (run) => tasksOf(run, 'Download (HTTP)')[0]?.data?.main?.[0]?.[0]?.binary?.data?.bytes,
			},
			{
				key: 'httpUpload',
				label: `HTTP Request node: the same ${big} video uploaded (multipart, BackgroundRemoverAI convert)`,
				ours: false,
				measured: ['Upload (HTTP)'],
				workflow: chain('bench memory http upload', [
					readFiles('Video', videoFile),
					http('Upload (HTTP)', {
						method: 'POST',
						url: `${brai.baseUrl}/v1/convert/`,
						headers: { Authorization: API_KEY },
						multipart: { convert_to: 'video-backgroundremover', video_format: 'mov', files: { binary: 'data' } },
					}),
				]),
				check: () => brai.requests.find((r) => r.path === '/v1/convert/')?.files?.[0]?.size,
			},
		];
		const nodeRuntime = await nodeVersion();
		const floors = [
			{ key: 'nodeFloor', label: `Reference: plain Node ${nodeRuntime} streaming the same ${big} download to a file (no n8n)`, download: fileUrl },
			{
				key: 'nodeFloorBoth',
				label: `Reference: plain Node ${nodeRuntime} streaming the ${big} file up (POST) and the same ${big} download to a file (no n8n)`,
				download: fileUrl,
				upload: videoFile,
			},
		];
		for (const f of floors.filter((c) => !options.cases || options.cases.some((o) => c.key.includes(o)))) {
			log(`memory: ${f.label}`);
			const runs = [];
			for (let i = 0; i < options.memoryRepeats; i++) {
				const run = await nodeFloor(instance.work, f);
				runs.push({ ...run, transferred: run.bytes });
				log(`  ${(run.growth / 2 ** 20).toFixed(1)} MB growth in ${run.spanMs} ms`);
			}
			const worst = runs.reduce((a, b) => (b.growth > a.growth ? b : a));
			results.push({ key: f.key, label: f.label, ours: false, runs, ...worst });
		}
		for (const c of selected(cases, options)) {
			const id = await instance.importWorkflow(c.workflow);
			log(`memory: ${c.label}`);
			const runs = [];
			for (let i = 0; i < options.memoryRepeats; i++) {
				brai.requests.length = 0;
				cutout.requests.length = 0;
				const { run, samples } = await instance.execute(id, { sampleMs: options.sampleMs });
				const error = runError(run);
				const figures = error ? { spanMs: 0 } : rssFigures(samples, run, c.measured);
				const transferred = error ? undefined : Number(c.check(run));
				dropBinaries(instance);
				runs.push({ error, transferred, ...figures });
				log(
					`  ${error ?? `${(figures.growth / 2 ** 20).toFixed(1)} MB growth (baseline ${(figures.baselineRss / 2 ** 20).toFixed(0)} MB, peak ${(figures.peakRss / 2 ** 20).toFixed(0)} MB) in ${figures.spanMs} ms, ${transferred} bytes`}`,
				);
			}
			const worst = runs.reduce((a, b) => ((b.growth ?? Infinity) > (a.growth ?? -Infinity) ? b : a));
			results.push({ key: c.key, label: c.label, ours: c.ours, runs, ...worst });
		}
		const server = options.memoryServerRuns > 0 ? await serverRuns(instance, selected(cases, options), options, log) : [];
		return { sizeBytes: size, results, server, serverRuns: options.memoryServerRuns };
	} finally {
		await brai.close();
		await cutout.close();
		await cutoutQuarter.close();
		await cutoutTiny.close();
	}
}

/** The binaries of finished runs (up to 2 GB each here): n8n keeps them until pruning. */
function dropBinaries(instance) {
	rmSync(join(instance.userFolder, '.n8n', 'storage'), { recursive: true, force: true });
}

function selected(cases, options) {
	return cases.filter((c) => !options.cases || options.cases.some((o) => c.key.includes(o)));
}

/**
 * The same cases in a long-running `n8n start` (the way n8n runs in production), each triggered
 * by its Webhook several times in a row: the first run of a big file in a fresh process and the
 * steady state after it can differ (V8 and the allocator keep memory they once needed).
 */
async function serverRuns(instance, cases, options, log) {
	const out = [];
	for (const c of cases) {
		c.path = `bench-memory-${c.key}`;
		c.serverId = await instance.importWorkflow(asWebhook(c.workflow, c.path));
		await instance.publishWorkflow(c.serverId);
	}
	// one fresh server per case: its first run and the runs after it
	for (const c of cases) {
		log(`memory: n8n start, ${c.label}`);
		const n8n = await instance.startN8n({ webhooksOf: [c.serverId] });
		const pid = n8n.child.pid;
		const runs = [];
		try {
			for (let i = 0; i < options.memoryServerRuns; i++) {
				const samples = [];
				const timer = setInterval(() => {
					const m = readProcMemory(pid);
					if (m) samples.push({ t: Date.now(), ...m });
				}, options.sampleMs);
				let error;
				try {
					const res = await fetch(`${n8n.url}/webhook/${c.path}`, {
						method: 'POST',
						headers: { 'content-type': 'application/json' },
						body: '{}',
						signal: AbortSignal.timeout(20 * 60_000),
					});
					await res.arrayBuffer();
					if (res.status >= 400) error = `webhook answered HTTP ${res.status}`;
				} catch (e) {
					error = String(e.message ?? e);
				} finally {
					clearInterval(timer);
				}
				const [execution] = await instance.listExecutions({ workflowId: c.serverId, limit: 1 });
				const run = execution ? { status: execution.status, data: execution.data } : undefined;
				error ??= runError(run);
				const figures = error ? { spanMs: 0 } : rssFigures(samples, run, c.measured);
				dropBinaries(instance);
				runs.push({ error, ...figures });
				log(`  run ${i + 1}: ${error ?? `${(figures.growth / 2 ** 20).toFixed(1)} MB growth (RSS before ${(figures.baselineRss / 2 ** 20).toFixed(0)} MB, peak ${(figures.peakRss / 2 ** 20).toFixed(0)} MB)`}`);
			}
		} finally {
			await n8n.stop();
		}
		const later = runs.slice(1).filter((r) => !r.error);
		const good = runs.filter((r) => !r.error);
		out.push({
			key: c.key,
			label: c.label,
			ours: c.ours,
			runs,
			first: runs[0]?.growth,
			steady: later.length ? Math.max(...later.map((r) => r.growth)) : undefined,
			worst: good.length ? Math.max(...good.map((r) => r.growth)) : undefined,
		});
	}
	return out;
}

/**
 * The floor: the n8n Node binary moving the same bytes with plain streams, no n8n. `download`:
 * `http.get` → a file write stream; with `upload`, first a file read stream → `http.request` POST
 * to a sink that drops the bytes (BackgroundRemoverAI's case moves the file both ways). Its
 * /proc/<pid>/status is sampled like n8n's; the baseline is taken when the child starts moving.
 */
async function nodeFloor(workDir, { download, upload }) {
	const script = join(workDir, 'node-floor.cjs');
	writeFileSync(
		script,
		`const http = require('node:http');
const fs = require('node:fs');
const { pipeline } = require('node:stream/promises');
const [download, target, upload, sink] = process.argv.slice(2);
async function main() {
	const began = Date.now();
	let bytes = 0;
	if (upload) {
		await new Promise((resolve, reject) => {
			const req = http.request(sink, { method: 'POST', headers: { 'content-length': fs.statSync(upload).size } }, (res) => {
				res.resume();
				res.on('end', resolve);
			});
			req.on('error', reject);
			pipeline(fs.createReadStream(upload), req).catch(reject);
		});
	}
	await new Promise((resolve, reject) => {
		http.get(download, (res) => pipeline(res, fs.createWriteStream(target)).then(resolve, reject)).on('error', reject);
	});
	bytes = fs.statSync(target).size;
	fs.rmSync(target);
	process.stdout.write('done ' + JSON.stringify({ bytes, ms: Date.now() - began, began }) + '\\n');
	setTimeout(() => process.exit(0), 100);
}
setTimeout(main, 300);
`,
	);
	let sink;
	let sinkUrl = '';
	if (upload) {
		sink = createServer((req, res) => {
			req.on('data', () => {});
			req.on('end', () => res.end('{}'));
		});
		await new Promise((resolve) => sink.listen(0, '127.0.0.1', resolve));
		sinkUrl = `http://127.0.0.1:${sink.address().port}/sink`;
	}
	try {
		const args = [script, download, join(workDir, 'node-floor.out'), ...(upload ? [upload, sinkUrl] : [])];
		const child = spawn(NODE24, args, { stdio: ['ignore', 'pipe', 'inherit'] });
		const samples = [];
		const timer = setInterval(() => {
			const m = readProcMemory(child.pid);
			if (m) samples.push({ t: Date.now(), ...m });
		}, 20);
		let stdout = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		const code = await new Promise((resolve) => child.on('close', resolve));
		clearInterval(timer);
		const done = /done (\{.*\})/.exec(stdout);
		if (code !== 0 || !done) throw new Error(`plain Node transfer failed (exit ${code}): ${stdout}`);
		const result = JSON.parse(done[1]);
		const before = samples.filter((x) => x.t <= result.began);
		const during = samples.filter((x) => x.t >= result.began && x.t <= result.began + result.ms);
		const baseline = before.length ? before[before.length - 1].rss : samples[0].rss;
		const peak = Math.max(baseline, ...during.map((x) => x.rss));
		return { bytes: result.bytes, spanMs: result.ms, baselineRss: baseline, peakRss: peak, growth: peak - baseline };
	} finally {
		sink?.close();
	}
}

async function nodeVersion() {
	const child = spawn(NODE24, ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] });
	let out = '';
	child.stdout.on('data', (chunk) => (out += chunk));
	await new Promise((resolve) => child.on('close', resolve));
	return out.trim();
}
