/** BackgroundRemoverAI's scenarios in the CPU overhead benchmark (test/bench/overhead.bench.ts). */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { BackgroundRemoverAi } from '../../nodes/BackgroundRemoverAi/BackgroundRemoverAi.node';
import { makeNoisePng } from '../fakes/media';
import {
	API_KEY,
	minimalNode,
	multipartBody,
	pool,
	videoOf,
	type OverheadRows,
	type Scenario,
} from '../bench/lib/overhead';

export const overhead: OverheadRows = {
	async json(bench) {
		const scenarios: Scenario[] = [];
		// BackgroundRemoverAI Conversion → Get Result while processing, JSON: one POST per item.
		{
			const fake = await bench.startFake({
				pollsUntilDone: 1e9,
			});
			const uuids = await submitBraiJobs(fake.baseUrl, bench.jsonItems);
			scenarios.push({
				key: 'brai-get-result-json',
				label: 'BackgroundRemoverAI Conversion → Get Result (JSON, 1 POST per item)',
				kind: 'json',
				items: bench.jsonItems,
				credential: bench.credential(fake.baseUrl),
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
		return scenarios;
	},
	async binary(bench, bytes, items) {
		const scenarios: Scenario[] = [];
		// BackgroundRemoverAI video upload (multipart), not waiting.
		{
			const fake = await bench.startFake({});
			const video = videoOf(bytes);
			scenarios.push({
				key: `brai-upload-${bytes}`,
				label: 'BackgroundRemoverAI Video → Remove Background, upload only',
				kind: 'binary',
				bytes,
				items,
				credential: bench.credential(fake.baseUrl),
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
		return scenarios;
	},
};

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
