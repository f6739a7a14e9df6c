/** Ximilar's scenarios in the CPU overhead benchmark (test/bench/overhead.bench.ts). */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { Ximilar } from '../../nodes/Ximilar/Ximilar.node';
import { makeNoisePng } from '../fakes/media';
import {
	minimalNode,
	pool,
	type Minimal,
	type OverheadRows,
	type Scenario,
} from '../bench/lib/overhead';

export const overhead: OverheadRows = {
	async json(bench) {
		const scenarios: Scenario[] = [];
		// Ximilar Remove Background by URL, results not downloaded (JSON): one POST per 10 items.
		{
			const fake = await bench.startFake({});
			scenarios.push({
				key: 'ximilar-url-json',
				label: 'Ximilar Image → Remove Background by URL, no download (JSON, 1 POST per 10 items)',
				kind: 'json',
				items: bench.jsonItems,
				credential: bench.credential(fake.baseUrl),
				input: () =>
					Array.from({ length: bench.jsonItems }, (_, i) => ({
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
		return scenarios;
	},
	async binary(bench, bytes, items) {
		const scenarios: Scenario[] = [];
		// Ximilar with binary input (base64 in JSON), results not downloaded.
		{
			const fake = await bench.startFake({});
			const png = makeNoisePng(bytes);
			scenarios.push({
				key: `ximilar-base64-${bytes}`,
				label: 'Ximilar Image → Remove Background, binary input sent base64 (no download)',
				kind: 'binary',
				bytes,
				items,
				credential: bench.credential(fake.baseUrl),
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
		return scenarios;
	},
};

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
