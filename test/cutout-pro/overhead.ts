/** Cutout.pro's scenarios in the CPU overhead benchmark (test/bench/overhead.bench.ts). */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { CutoutPro } from '../../nodes/CutoutPro/CutoutPro.node';
import { makeNoisePng } from '../fakes/media';
import {
	API_KEY,
	minimalNode,
	multipartBody,
	pool,
	type Minimal,
	type OverheadRows,
	type Scenario,
} from '../bench/lib/overhead';

export const overhead: OverheadRows = {
	async json(bench) {
		const scenarios: Scenario[] = [];
		// Cutout.pro Video → Get Task, JSON only: one GET per item.
		{
			const fake = await bench.startFake({ pollsUntilDone: 0 });
			const flags = await submitCutoutTasks(fake.baseUrl, bench.jsonItems);
			scenarios.push({
				key: 'cutout-get-task-json',
				label: 'Cutout.pro Video → Get Task (JSON, 1 GET per item)',
				kind: 'json',
				items: bench.jsonItems,
				credential: bench.credential(fake.baseUrl),
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
		return scenarios;
	},
	async binary(bench, bytes, items) {
		const scenarios: Scenario[] = [];
		// Cutout.pro Image → Remove Background: the image uploaded (multipart), a PNG back.
		{
			const fake = await bench.startFake({});
			const png = makeNoisePng(bytes);
			scenarios.push({
				key: `cutout-image-${bytes}`,
				label: 'Cutout.pro Image → Remove Background (image up, 800×600 PNG back)',
				kind: 'binary',
				bytes,
				items,
				credential: bench.credential(fake.baseUrl),
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
			const fake = await bench.startFake({
				pollsUntilDone: 0,
				videoResultBytes: bytes,
			});
			const flags = await submitCutoutTasks(fake.baseUrl, items);
			scenarios.push({
				key: `cutout-download-${bytes}`,
				label: 'Cutout.pro Video → Get Task + result download',
				kind: 'binary',
				bytes,
				items,
				credential: bench.credential(fake.baseUrl),
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
		return scenarios;
	},
};

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
