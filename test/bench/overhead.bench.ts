/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions, no-console -- benchmark code, never shipped: a child process for the fakes, files, process.cpuUsage, progress lines */
/**
 * CPU overhead per item of our nodes beyond the HTTP calls they make (run by `npm run bench`,
 * never by `npm test`: the file name does not end in .test.ts).
 *
 * Method: each node runs inside n8n-core's real engine (test/harness/n8n.ts, filesystem binary
 * mode) against a fake provider in ANOTHER process (test/bench/lib/fake-host.cjs) with latency 0.
 * process.cpuUsage() (user + system) is read around the node's execute() only. The same HTTP
 * calls are then made by a minimal node that does nothing else (same parameters read through
 * n8n, same credential, same requests, results stored the plainest way). Our overhead per item is
 * (ours - minimal) / items, median of alternating repeats after a warm-up, with a GC before each.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type {
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { BackgroundRemoverAiApi } from '../../credentials/BackgroundRemoverAiApi.credentials';
import { CutoutProApi } from '../../credentials/CutoutProApi.credentials';
import { XimilarApi } from '../../credentials/XimilarApi.credentials';
import { BackgroundRemoverAi } from '../../nodes/BackgroundRemoverAi/BackgroundRemoverAi.node';
import { CutoutPro } from '../../nodes/CutoutPro/CutoutPro.node';
import { Ximilar } from '../../nodes/Ximilar/Ximilar.node';
import { makeNoisePng } from '../fakes/media';
import { runNode, type FixtureItem } from '../harness/n8n';

const API_KEY = 'bench-overhead-key';
const FAKES_DIR = process.env.BENCH_FAKES_DIR ?? '';
const OUT = process.env.BENCH_OUT ?? join(process.cwd(), 'overhead.json');
const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);
const JSON_ITEMS = Number(process.env.BENCH_JSON_ITEMS ?? 200);
const SIZES = (process.env.BENCH_SIZES ?? '100000:40,1000000:16,10000000:4')
	.split(',')
	.map((entry) => entry.split(':').map(Number) as [number, number]);

jest.setTimeout(60 * 60_000);

// ------------------------------------------------------------------ fakes in their own process

let host: ChildProcess;
let nextId = 0;
const pending = new Map<number, (body: IDataObject) => void>();

async function hostCall(message: IDataObject): Promise<IDataObject> {
	const id = ++nextId;
	const reply = new Promise<IDataObject>((resolve) => pending.set(id, resolve));
	host.send({ ...message, id });
	const body = await reply;
	if (body.error) throw new Error(String(body.error));
	return body;
}

async function startFake(module: string, fn: string, options: IDataObject) {
	const body = await hostCall({
		op: 'start',
		module,
		fn,
		options: { apiKey: API_KEY, ...options },
	});
	return { baseUrl: String(body.baseUrl), index: Number(body.index) };
}

beforeAll(async () => {
	if (!FAKES_DIR) throw new Error('BENCH_FAKES_DIR is not set (run through npm run bench)');
	host = fork(join(__dirname, 'lib/fake-host.cjs'), [FAKES_DIR], { stdio: 'inherit' });
	await new Promise<void>((resolve) =>
		host.on('message', (message: IDataObject) => {
			if (message.ready) resolve();
			else pending.get(Number(message.id))?.(message);
		}),
	);
});

afterAll(async () => {
	await hostCall({ op: 'close' }).catch(() => undefined);
});

// ------------------------------------------------------------------ inputs

const MP4_HEAD = Buffer.from('000000206674797069736f6d0000020069736f6d69736f326d703431', 'hex');

function videoOf(size: number): Buffer {
	const video = Buffer.alloc(size, 0x5a);
	MP4_HEAD.copy(video, 0);
	return video;
}

// ------------------------------------------------------------------ the minimal node

type Minimal = (ctx: IExecuteFunctions, base: string) => Promise<INodeExecutionData[]>;

/** Runs `work` for every item, `concurrency` at a time (our nodes' default is 5). */
async function pool<T>(count: number, concurrency: number, work: (index: number) => Promise<T>) {
	const results = new Array<T>(count);
	let next = 0;
	await Promise.all(
		Array.from({ length: Math.min(concurrency, count) }, async () => {
			while (next < count) {
				const index = next++;
				results[index] = await work(index);
			}
		}),
	);
	return results;
}

function minimalNode(credential: string, behaviour: Minimal, properties: string[]): INodeType {
	const description = {
		displayName: 'Minimal',
		name: 'minimal',
		group: ['transform'],
		version: 1,
		description: 'Only the HTTP calls',
		defaults: { name: 'Minimal' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: credential, required: true }],
		properties: properties.map((name) => ({
			displayName: name,
			name,
			type: 'string',
			default: '',
		})),
	} as unknown as INodeTypeDescription;
	return {
		description,
		async execute(this: IExecuteFunctions) {
			const { baseUrl } = await this.getCredentials<{ baseUrl: string }>(credential);
			return [await behaviour(this, baseUrl)];
		},
	};
}

function multipartBody(
	fields: Record<string, string>,
	file: { field: string; name: string; type: string; bytes: Buffer },
) {
	const boundary = `----minimal${Date.now()}`;
	const parts: Buffer[] = [];
	for (const [name, value] of Object.entries(fields))
		parts.push(
			Buffer.from(
				`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
			),
		);
	parts.push(
		Buffer.from(
			`--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
		),
		file.bytes,
		Buffer.from(`\r\n--${boundary}--\r\n`),
	);
	return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

// ------------------------------------------------------------------ measuring

interface Scenario {
	key: string;
	label: string;
	kind: 'json' | 'binary';
	bytes?: number;
	items: number;
	ours: { node: INodeType; parameters: IDataObject };
	minimal: { node: INodeType; parameters: IDataObject };
	credential: { type: ICredentialType; data: IDataObject };
	input: () => FixtureItem[];
}

/** When each measured execute() ran (µs, the clock of --cpu-prof profiles), for profiling. */
const windows: Array<{ key: string; which: string; startUs: number; endUs: number }> = [];

/** Wraps a node so that the CPU time of its execute() (all work until it resolves) is recorded. */
function timed(
	node: INodeType,
	samples: number[],
	label: { key: string; which: string },
): INodeType {
	const wrapper = Object.create(node) as INodeType;
	wrapper.execute = async function (this: IExecuteFunctions) {
		const start = process.cpuUsage();
		const startUs = Number(process.hrtime.bigint() / 1000n);
		try {
			return await node.execute!.call(this);
		} finally {
			const used = process.cpuUsage(start);
			samples.push((used.user + used.system) / 1000);
			windows.push({ ...label, startUs, endUs: Number(process.hrtime.bigint() / 1000n) });
		}
	};
	return wrapper;
}

const median = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

async function measure(scenario: Scenario) {
	const ours: number[] = [];
	const minimal: number[] = [];
	const run = async (which: 'ours' | 'minimal', samples: number[]) => {
		const spec = scenario[which];
		gc();
		const { items, error } = await runNode({
			node: timed(spec.node, samples, { key: scenario.key, which }),
			parameters: spec.parameters,
			credentials: scenario.credential as never,
			items: scenario.input(),
		});
		if (error)
			throw new Error(`${scenario.key} ${which}: ${error.message} ${error.description ?? ''}`);
		if (items.length !== scenario.items)
			throw new Error(`${scenario.key} ${which}: ${items.length} items out, ${scenario.items} in`);
	};
	// warm-up (JIT, connection pools), not recorded
	await run('ours', []);
	await run('minimal', []);
	for (let i = 0; i < REPEATS; i++) {
		if (i % 2) {
			await run('minimal', minimal);
			await run('ours', ours);
		} else {
			await run('ours', ours);
			await run('minimal', minimal);
		}
		await hostCall({ op: 'forget' });
	}
	const perItem = (values: number[]) => median(values) / scenario.items;
	const result = {
		key: scenario.key,
		label: scenario.label,
		kind: scenario.kind,
		bytes: scenario.bytes,
		items: scenario.items,
		repeats: REPEATS,
		oursMs: ours,
		minimalMs: minimal,
		oursPerItemMs: perItem(ours),
		minimalPerItemMs: perItem(minimal),
		overheadPerItemMs: perItem(ours) - perItem(minimal),
		// spread of the difference: pairwise (same repeat) differences
		overheadRangeMs: ((diffs) => [Math.min(...diffs), Math.max(...diffs)])(
			ours.map((value, i) => (value - minimal[i]) / scenario.items),
		),
	};
	console.log(
		`${scenario.key}: ours ${result.oursPerItemMs.toFixed(3)} ms/item, minimal ${result.minimalPerItemMs.toFixed(3)} ms/item, overhead ${result.overheadPerItemMs.toFixed(3)} ms/item`,
	);
	return result;
}

// ------------------------------------------------------------------ scenarios

async function scenarios(): Promise<Scenario[]> {
	const list: Scenario[] = [];
	const cutoutCred = (baseUrl: string) => ({
		type: new CutoutProApi(),
		data: { apiKey: API_KEY, baseUrl },
	});
	const braiCred = (baseUrl: string) => ({
		type: new BackgroundRemoverAiApi(),
		data: { apiKey: API_KEY, baseUrl },
	});
	const ximilarCred = (baseUrl: string) => ({
		type: new XimilarApi(),
		data: { apiKey: API_KEY, baseUrl },
	});

	// Cutout.pro Video → Get Task, JSON only: one GET per item.
	{
		const fake = await startFake('cutout-pro', 'startFakeCutoutPro', { pollsUntilDone: 0 });
		const flags = await submitCutoutTasks(fake.baseUrl, JSON_ITEMS);
		list.push({
			key: 'cutout-get-task-json',
			label: 'Cutout.pro Video → Get Task (JSON, 1 GET per item)',
			kind: 'json',
			items: JSON_ITEMS,
			credential: cutoutCred(fake.baseUrl),
			input: () => flags.map((taskFlag) => ({ json: { taskFlag } })),
			ours: {
				node: new CutoutPro(),
				parameters: {
					resource: 'video',
					operation: 'getTask',
					taskFlag: '={{ $json.taskFlag }}',
					downloadResult: false,
				},
			},
			minimal: {
				node: minimalNode('cutoutProApi', cutoutGetTask(false), ['taskFlag']),
				parameters: { taskFlag: '={{ $json.taskFlag }}' },
			},
		});
	}

	// BackgroundRemoverAI Conversion → Get Result while processing, JSON: one POST per item.
	{
		const fake = await startFake('background-remover-ai', 'startFakeBackgroundRemoverAi', {
			pollsUntilDone: 1e9,
		});
		const uuids = await submitBraiJobs(fake.baseUrl, JSON_ITEMS);
		list.push({
			key: 'brai-get-result-json',
			label: 'BackgroundRemoverAI Conversion → Get Result (JSON, 1 POST per item)',
			kind: 'json',
			items: JSON_ITEMS,
			credential: braiCred(fake.baseUrl),
			input: () => uuids.map((uuid) => ({ json: { uuid } })),
			ours: {
				node: new BackgroundRemoverAi(),
				parameters: {
					resource: 'conversion',
					operation: 'getResult',
					conversionId: '={{ $json.uuid }}',
				},
			},
			minimal: {
				node: minimalNode(
					'backgroundRemoverAiApi',
					async (ctx, base) =>
						await pool(ctx.getInputData().length, 5, async (i) => {
							const uuid = ctx.getNodeParameter('conversionId', i) as string;
							const form = multipartBody(
								{ lang: 'en', uuid },
								{ field: 'x', name: 'x', type: 'text/plain', bytes: Buffer.alloc(0) },
							);
							return {
								json: await braiPost(ctx, `${base}/v1/results/`, form),
								pairedItem: { item: i },
							};
						}),
					['conversionId'],
				),
				parameters: { conversionId: '={{ $json.uuid }}' },
			},
		});
	}

	// Ximilar Remove Background by URL, results not downloaded (JSON): one POST per 10 items.
	{
		const fake = await startFake('ximilar', 'startFakeXimilar', {});
		list.push({
			key: 'ximilar-url-json',
			label: 'Ximilar Image → Remove Background by URL, no download (JSON, 1 POST per 10 items)',
			kind: 'json',
			items: JSON_ITEMS,
			credential: ximilarCred(fake.baseUrl),
			input: () =>
				Array.from({ length: JSON_ITEMS }, (_, i) => ({
					json: { url: `https://images.example.com/p${i}.jpg` },
				})),
			ours: {
				node: new Ximilar(),
				parameters: {
					resource: 'image',
					operation: 'removeBackground',
					endpoint: 'precise',
					inputType: 'url',
					imageUrl: '={{ $json.url }}',
					downloadResult: false,
				},
			},
			minimal: {
				node: minimalNode(
					'ximilarApi',
					ximilarRecords((ctx, i) => ({ _url: ctx.getNodeParameter('imageUrl', i) as string })),
					['imageUrl'],
				),
				parameters: { imageUrl: '={{ $json.url }}' },
			},
		});
	}

	for (const [bytes, items] of SIZES) {
		// Cutout.pro Image → Remove Background: the image uploaded (multipart), a PNG back.
		{
			const fake = await startFake('cutout-pro', 'startFakeCutoutPro', {});
			const png = makeNoisePng(bytes);
			list.push({
				key: `cutout-image-${bytes}`,
				label: 'Cutout.pro Image → Remove Background (image up, 800×600 PNG back)',
				kind: 'binary',
				bytes,
				items,
				credential: cutoutCred(fake.baseUrl),
				input: () =>
					Array.from({ length: items }, (_, i) => ({
						binary: { data: { data: png, fileName: `p${i}.png`, mimeType: 'image/png' } },
					})),
				ours: {
					node: new CutoutPro(),
					parameters: {
						resource: 'image',
						operation: 'removeBackground',
						inputType: 'binary',
						binaryPropertyName: 'data',
						mattingType: 'general',
					},
				},
				minimal: {
					node: minimalNode(
						'cutoutProApi',
						async (ctx, base) =>
							await pool(ctx.getInputData().length, 5, async (i) => {
								const property = ctx.getNodeParameter('binaryPropertyName', i) as string;
								const bytesOf = await ctx.helpers.getBinaryDataBuffer(i, property);
								const form = multipartBody(
									{},
									{ field: 'file', name: `p${i}.png`, type: 'image/png', bytes: bytesOf },
								);
								const reply = (await ctx.helpers.httpRequestWithAuthentication.call(
									ctx,
									'cutoutProApi',
									{
										method: 'POST',
										url: `${base}/api/v1/matting`,
										qs: { mattingType: 6 },
										body: form.body,
										headers: { 'content-type': form.contentType },
										encoding: 'arraybuffer',
									},
								)) as ArrayBuffer;
								const data = await ctx.helpers.prepareBinaryData(
									Buffer.from(reply),
									`p${i}-cutout.png`,
									'image/png',
								);
								return { json: {}, binary: { data }, pairedItem: { item: i } };
							}),
						['binaryPropertyName'],
					),
					parameters: { binaryPropertyName: 'data' },
				},
			});
		}
		// Cutout.pro Get Task with the result downloaded: status GET + file GET streamed to the store.
		{
			const fake = await startFake('cutout-pro', 'startFakeCutoutPro', {
				pollsUntilDone: 0,
				videoResultBytes: bytes,
			});
			const flags = await submitCutoutTasks(fake.baseUrl, items);
			list.push({
				key: `cutout-download-${bytes}`,
				label: 'Cutout.pro Video → Get Task + result download',
				kind: 'binary',
				bytes,
				items,
				credential: cutoutCred(fake.baseUrl),
				input: () => flags.map((taskFlag) => ({ json: { taskFlag } })),
				ours: {
					node: new CutoutPro(),
					parameters: {
						resource: 'video',
						operation: 'getTask',
						taskFlag: '={{ $json.taskFlag }}',
						downloadResult: true,
					},
				},
				minimal: {
					node: minimalNode('cutoutProApi', cutoutGetTask(true), ['taskFlag']),
					parameters: { taskFlag: '={{ $json.taskFlag }}' },
				},
			});
		}
		// BackgroundRemoverAI video upload (multipart), not waiting.
		{
			const fake = await startFake('background-remover-ai', 'startFakeBackgroundRemoverAi', {});
			const video = videoOf(bytes);
			list.push({
				key: `brai-upload-${bytes}`,
				label: 'BackgroundRemoverAI Video → Remove Background, upload only',
				kind: 'binary',
				bytes,
				items,
				credential: braiCred(fake.baseUrl),
				input: () =>
					Array.from({ length: items }, (_, i) => ({
						binary: { data: { data: video, fileName: `clip${i}.mp4`, mimeType: 'video/mp4' } },
					})),
				ours: {
					node: new BackgroundRemoverAi(),
					parameters: {
						resource: 'video',
						operation: 'removeBackground',
						binaryPropertyName: 'data',
						videoFormat: 'mov',
						waitForCompletion: false,
					},
				},
				minimal: {
					node: minimalNode(
						'backgroundRemoverAiApi',
						async (ctx, base) =>
							await pool(ctx.getInputData().length, 5, async (i) => {
								const property = ctx.getNodeParameter('binaryPropertyName', i) as string;
								const bytesOf = await ctx.helpers.getBinaryDataBuffer(i, property);
								const form = multipartBody(
									{
										lang: 'en',
										convert_to: 'video-backgroundremover',
										model: 'u2net',
										alpha_matting: 'false',
										video_format: 'mov',
									},
									{ field: 'files', name: `clip${i}.mp4`, type: 'video/mp4', bytes: bytesOf },
								);
								return {
									json: await braiPost(ctx, `${base}/v1/convert/`, form),
									pairedItem: { item: i },
								};
							}),
						['binaryPropertyName'],
					),
					parameters: { binaryPropertyName: 'data' },
				},
			});
		}
		// Ximilar with binary input (base64 in JSON), results not downloaded.
		{
			const fake = await startFake('ximilar', 'startFakeXimilar', {});
			const png = makeNoisePng(bytes);
			list.push({
				key: `ximilar-base64-${bytes}`,
				label: 'Ximilar Image → Remove Background, binary input sent base64 (no download)',
				kind: 'binary',
				bytes,
				items,
				credential: ximilarCred(fake.baseUrl),
				input: () =>
					Array.from({ length: items }, (_, i) => ({
						binary: { data: { data: png, fileName: `p${i}.png`, mimeType: 'image/png' } },
					})),
				ours: {
					node: new Ximilar(),
					parameters: {
						resource: 'image',
						operation: 'removeBackground',
						endpoint: 'precise',
						inputType: 'binary',
						binaryPropertyName: 'data',
						downloadResult: false,
					},
				},
				minimal: {
					node: minimalNode(
						'ximilarApi',
						ximilarRecords(async (ctx, i) => {
							const property = ctx.getNodeParameter('binaryPropertyName', i) as string;
							const bytesOf = await ctx.helpers.getBinaryDataBuffer(i, property);
							return { _base64: `data:image/png;base64,${bytesOf.toString('base64')}` };
						}),
						['binaryPropertyName'],
					),
					parameters: { binaryPropertyName: 'data' },
				},
			});
		}
	}
	return list;
}

function cutoutGetTask(download: boolean): Minimal {
	return async (ctx, base) =>
		await pool(ctx.getInputData().length, 5, async (i) => {
			const taskFlag = ctx.getNodeParameter('taskFlag', i) as string;
			const reply = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, 'cutoutProApi', {
				method: 'GET',
				url: `${base}/api/v1/video/getTaskInfo`,
				qs: { taskFlag },
				json: true,
			})) as { data: IDataObject };
			const item: INodeExecutionData = { json: reply.data, pairedItem: { item: i } };
			if (download) {
				const stream = await ctx.helpers.httpRequest({
					method: 'GET',
					url: String(reply.data.resultUrl),
					encoding: 'stream',
				});
				item.binary = {
					data: await ctx.helpers.prepareBinaryData(
						stream as Buffer,
						`${taskFlag}.mov`,
						'video/quicktime',
					),
				};
			}
			return item;
		});
}

/** A multipart POST to BackgroundRemoverAI the plainest way: a body built in memory. */
async function braiPost(
	ctx: IExecuteFunctions,
	url: string,
	form: { body: Buffer; contentType: string },
): Promise<IDataObject> {
	return (await ctx.helpers.httpRequestWithAuthentication.call(ctx, 'backgroundRemoverAiApi', {
		method: 'POST',
		url,
		body: form.body,
		headers: { 'content-type': form.contentType },
		json: true,
	})) as IDataObject;
}

function ximilarRecords(
	record: (ctx: IExecuteFunctions, i: number) => IDataObject | Promise<IDataObject>,
): Minimal {
	return async (ctx, base) => {
		const count = ctx.getInputData().length;
		const batches = Array.from({ length: Math.ceil(count / 10) }, (_, b) => b);
		const out = await pool(batches.length, 5, async (b) => {
			const indexes = Array.from({ length: Math.min(10, count - b * 10) }, (_, k) => b * 10 + k);
			const records = [];
			for (const i of indexes) records.push(await record(ctx, i));
			const reply = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, 'ximilarApi', {
				method: 'POST',
				url: `${base}/removebg/precise/removebg`,
				body: { records },
				json: true,
			})) as { records: IDataObject[] };
			return reply.records.map((json, k) => ({ json, pairedItem: { item: indexes[k] } }));
		});
		return out.flat();
	};
}

async function submitCutoutTasks(baseUrl: string, count: number): Promise<string[]> {
	const flags: string[] = [];
	for (let i = 0; i < count; i++) {
		const url = `${baseUrl}/api/v1/video/submitTaskByUrl?videoUrl=${encodeURIComponent(`https://videos.example.com/${i}.mp4`)}`;
		const reply = (await (await fetch(url, { headers: { APIKEY: API_KEY } })).json()) as {
			data: { taskFlag: string };
		};
		flags.push(reply.data.taskFlag);
	}
	return flags;
}

async function submitBraiJobs(baseUrl: string, count: number): Promise<string[]> {
	const uuids: string[] = [];
	const png = makeNoisePng(1000);
	for (let i = 0; i < count; i++) {
		const form = new FormData();
		form.append('convert_to', 'image-backgroundremover');
		form.append('files', new Blob([png], { type: 'image/png' }), `i${i}.png`);
		const reply = (await (
			await fetch(`${baseUrl}/v1/convert/`, {
				method: 'POST',
				body: form,
				headers: { Authorization: API_KEY },
			})
		).json()) as { uuid: string };
		uuids.push(reply.uuid);
	}
	return uuids;
}

// ------------------------------------------------------------------ the run

it('measures CPU per item: ours minus the same HTTP calls made by a minimal node', async () => {
	const only = process.env.BENCH_ONLY?.split(',');
	const list = (await scenarios()).filter((s) => !only || only.some((o) => s.key.includes(o)));
	const results = [];
	for (const scenario of list) results.push(await measure(scenario));
	writeFileSync(
		OUT,
		JSON.stringify({ repeats: REPEATS, node: process.version, results, windows }, null, 2),
	);
});
