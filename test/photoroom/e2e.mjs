// Photoroom in the e2e tier (test/e2e/): its fake and credentials, its rows of
// test/e2e/cases/operations.mjs (one workflow per operation, run with `n8n execute`; `nodes(h, c)`
// returns the nodes after the Manual Trigger, c: credentials by key, c.fakes, c.fixtures;
// `check(run, h, c)` asserts; `expectError` rows must fail the run) and the checks of its examples
// in test/e2e/cases/examples.mjs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { assertSuccess, codeNode, expectBinary, node, pngSize, contract } from '../e2e/cases/_lib.mjs';

const KEY = 'e2e-photoroom-key';

export const e2e = {
	/** Its fake, started once for all rows: c.fakes.photoroom. */
	fake: { key: 'photoroom', options: { apiKey: KEY } },
	/** Its credentials, imported once: c.<key>. */
	credentials: { photoroom: { name: 'Photoroom e2e', apiKey: KEY } },
	operations: [
	{
		name: 'photoroom image removeBackground (binary PNG, PNG out with its size, uncertainty score)',
		nodes: (h, c) => [
			codeNode('Photos', [{ json: { n: 1 }, binary: { data: c.fixtures.productPng } }]),
			node(h, 'Op', 'photoroom', {
				resource: 'image',
				operation: 'removeBackground',
				binaryPropertyName: 'data',
				imageOptions: { format: 'png', despill: true },
			}, c.photoroom),
		],
		check(run, h, c) {
			const { assert } = h;
			assertSuccess(run);
			const [item] = h.nodeOutput(run, 'Op');
			const calls = c.fakes.photoroom.state.calls;
			assert.deepEqual(calls.map((x) => [x.endpoint, x.method, x.status, x.params.format, x.params.despill]), [['segment', 'POST', 200, 'png', 'true']]);
			assert.match(String(calls[0].params.image_file), /^file:/);
			contract(assert, item.json, { provider: 'photoroom', operation: 'image.removeBackground', status: 'done', ...pngSize(c.fixtures.productPng.bytes) });
			assert.ok(typeof item.json.uncertaintyScore === 'number' && item.json.uncertaintyScore >= 0 && item.json.uncertaintyScore <= 1, `uncertaintyScore ${item.json.uncertaintyScore}`);
			const png = expectBinary(h, item.binary.data, { kind: 'png', fileName: 'product-nobg.png' });
			assert.deepEqual(pngSize(png), pngSize(c.fixtures.productPng.bytes));
		},
	},
	{
		name: 'photoroom image edit (URL, Marketplace Image = Amazon Main Image: GET, 2000x2000 white JPEG)',
		nodes: (h, c) => [
			node(h, 'Op', 'photoroom', {
				resource: 'image',
				operation: 'edit',
				inputType: 'url',
				imageUrl: 'https://images.example.com/e2e/shoe.jpg',
				marketplace: 'amazon',
			}, c.photoroom),
		],
		check(run, h, c) {
			const { assert } = h;
			assertSuccess(run);
			const [item] = h.nodeOutput(run, 'Op');
			// exactly what README's preset table says Amazon Main Image sends, in the query of a GET
			assert.deepEqual(
				c.fakes.photoroom.state.calls.map((x) => ({ endpoint: x.endpoint, method: x.method, status: x.status, params: x.params })),
				[
					{
						endpoint: 'edit',
						method: 'GET',
						status: 200,
						params: {
							imageUrl: 'https://images.example.com/e2e/shoe.jpg',
							removeBackground: 'true',
							'background.color': 'FFFFFF',
							outputSize: '2000x2000',
							padding: '0.05',
							'export.format': 'jpeg',
						},
					},
				],
			);
			contract(assert, item.json, { provider: 'photoroom', operation: 'image.edit', status: 'done', marketplace: 'amazon', width: 2000, height: 2000 });
			const jpg = expectBinary(h, item.binary.data, { kind: 'jpeg', fileName: 'shoe-whitebg.jpg' });
			const img = h.fake('sandbox-images').decodeImage(jpg);
			assert.deepEqual({ width: img.width, height: img.height }, { width: 2000, height: 2000 });
			assert.deepEqual([...img.data.subarray(0, 3)], [255, 255, 255], 'white background');
		},
	},
	{
		name: 'photoroom image edit (binary PNG, AI Edits: background prompt, seed, Studio model header, relight; 2026-04-15 shadow with an override: POST)',
		nodes: (h, c) => [
			codeNode('Photos', [{ json: { n: 1 }, binary: { data: c.fixtures.productPng } }]),
			node(h, 'Op', 'photoroom', {
				resource: 'image',
				operation: 'edit',
				inputType: 'binary',
				binaryPropertyName: 'data',
				editOptions: { outputSize: '800x800', shadow: 'ai.auto-with-overrides', shadowIntensityOverride: 0.4 },
				aiEdits: {
					backgroundPrompt: 'on a marble table',
					backgroundSeed: 42,
					aiBackgroundModelVersion: 'background-studio-beta-2025-03-17',
					lightingMode: 'ai.auto',
				},
			}, c.photoroom),
		],
		check(run, h, c) {
			const { assert } = h;
			assertSuccess(run);
			const [item] = h.nodeOutput(run, 'Op');
			const calls = c.fakes.photoroom.state.calls;
			assert.deepEqual(calls.map((x) => [x.endpoint, x.method, x.status, x.cost]), [['edit', 'POST', 200, 5]]);
			const { imageFile, ...params } = calls[0].params;
			assert.match(String(imageFile), /^file:/);
			assert.deepEqual(params, {
				removeBackground: 'true',
				outputSize: '800x800',
				'shadow.mode': 'ai.auto-with-overrides',
				'shadow.intensityOverride': '0.4',
				'background.prompt': 'on a marble table',
				'background.seed': '42',
				'lighting.mode': 'ai.auto',
			});
			const [request] = c.fakes.photoroom.requests;
			assert.deepEqual(
				Object.fromEntries(Object.entries(request.headers).filter(([name]) => name.startsWith('pr-'))),
				{ 'pr-ai-background-model-version': 'background-studio-beta-2025-03-17', 'pr-ai-shadows-model-version': '2026-04-15' },
			);
			contract(assert, item.json, { provider: 'photoroom', operation: 'image.edit', status: 'done', width: 800, height: 800, aiBackgroundSeed: 42 });
			expectBinary(h, item.binary.data, { kind: 'png', fileName: 'product-edited.png' });
		},
	},
	{
		name: 'photoroom account getCredits (GET /v2/account, free)',
		nodes: (h, c) => [node(h, 'Op', 'photoroom', { resource: 'account', operation: 'getCredits' }, c.photoroom)],
		before(c) {
			c.fakes.photoroom.state.images = { available: 4200, subscription: 5000 };
		},
		check(run, h, c) {
			const { assert } = h;
			assertSuccess(run);
			const [item] = h.nodeOutput(run, 'Op');
			contract(assert, item.json, {
				provider: 'photoroom',
				operation: 'account.getCredits',
				status: 'done',
				credits: 4200,
				creditsUnit: 'images',
				creditsLimit: 5000,
			});
			assert.equal(item.json.details.plan, 'basic');
			assert.deepEqual(c.fakes.photoroom.requests.map((r) => `${r.method} ${r.path}`), ['GET /v2/account']);
			assert.deepEqual(c.fakes.photoroom.state.images, { available: 4200, subscription: 5000 }, 'nothing charged');
		},
	},
	],
	/** Checks of its examples (examples/*.json), run by test/e2e/cases/examples.mjs in the sandbox. */
	examples: [
		{
			file: 'marketplace-amazon-photoroom.json',
			title: 'Photoroom (sandbox) Edit with the Amazon preset → a 2000×2000 JPEG of the product on white per product, <source>-whitebg.jpg on disk',
			async check({ h, assert, run, hb, images, providers, outDir }) {
				const before = providers.photoroom.state.calls.length;
				const result = await run('marketplace-amazon-photoroom.json');
				const items = h.nodeOutput(result, 'Amazon main image');
				const sources = ['shoe-001', 'bag-002', 'hat-003'];
				assert.equal(items.length, 3);
				// one GET /v2/edit per product, with exactly the preset README shows and the product's URL
				// (in any order: the node may send items concurrently)
				const calls = providers.photoroom.state.calls.slice(before).sort((a, b) => sources.findIndex((s) => a.params.imageUrl?.includes(s)) - sources.findIndex((s) => b.params.imageUrl?.includes(s)));
				assert.deepEqual(
					calls.map((c) => ({ endpoint: c.endpoint, method: c.method, status: c.status, params: c.params })),
					sources.map((s) => ({
						endpoint: 'edit',
						method: 'GET',
						status: 200,
						params: {
							imageUrl: `https://images.example.com/products/${s}.jpg`,
							removeBackground: 'true',
							'background.color': 'FFFFFF',
							outputSize: '2000x2000',
							padding: '0.05',
							'export.format': 'jpeg',
						},
					})),
				);
				sources.forEach((source, i) => {
					const item = items[i];
					assert.equal(item.json.provider, 'photoroom');
					assert.equal(item.json.operation, 'image.edit');
					assert.equal(item.json.status, 'done');
					assert.equal(item.json.marketplace, 'amazon');
					const jpg = expectBinary(hb, item.binary.data, { kind: 'jpeg', fileName: `${source}-whitebg.jpg`, label: source });
					// the bytes decode to 2000 × 2000: white (255, 255, 255) in the padding, the product (the
					// stand-in's drawing of the URL's sample picture, test/fakes/sandbox-media.ts) in the middle
					const img = images.decodeImage(jpg);
					assert.deepEqual({ width: img.width, height: img.height }, { width: 2000, height: 2000 });
					assert.deepEqual([...img.data.subarray(0, 3)], [255, 255, 255], `${source}: corner pixel`);
					const centre = (1000 * 2000 + 1000) * 4;
					assert.ok([...img.data.subarray(centre, centre + 3)].some((v) => v < 200), `${source}: the product in the middle`);
					// the Write node wrote the result under the name the node gave it
					assert.deepEqual(readFileSync(join(outDir, `${source}-whitebg.jpg`)), jpg);
				});
			},
		},
		{
			file: 'skip-done-products-photoroom.json',
			title: 'the first run makes 3 main images; the second sends nothing to Photoroom (Remove Duplicates keyed by SKU)',
			async check({ h, assert, run, hb, providers, outDir }) {
					const before = providers.photoroom.state.calls.length;
					const first = await run('skip-done-products-photoroom.json');
					const items = h.nodeOutput(first, 'White-background image');
					assert.deepEqual(items.map((item) => item.json.sku), ['SHOE-001', 'BAG-002', 'HAT-003']);
					assert.equal(providers.photoroom.state.calls.length - before, 3, 'one paid call per product');
					for (const [i, sku] of ['SHOE-001', 'BAG-002', 'HAT-003'].entries()) {
						assert.equal(items[i].json.status, 'done');
						const jpg = expectBinary(hb, items[i].binary.data, { kind: 'jpeg', label: sku });
						assert.deepEqual(readFileSync(join(outDir, `${sku}-main.jpg`)), jpg);
					}
					const second = await run('skip-done-products-photoroom.json');
					assert.deepEqual(h.nodeOutput(second, 'Skip products done before'), [], 'every product was done before');
					assert.ok(!('White-background image' in second.data.resultData.runData), 'Photoroom did not run');
					assert.equal(providers.photoroom.state.calls.length - before, 3, 'nothing sent the second time');
			},
		},
		{
			file: 'cheaper-first-photoroom-fallback.json',
			title: 'Runware cuts out 3 products; the one it fails goes by its error output to Photoroom; 4 PNGs on disk',
			async check({ h, assert, run, hb, providers, outDir }) {
					const runwareBefore = providers.runware.state.tasks.length;
					const photoroomBefore = providers.photoroom.state.calls.length;
					const result = await run('cheaper-first-photoroom-fallback.json');
					const cheap = h.nodeOutput(result, 'Cheaper cut-out (Runware)');
					const failed = h.nodeOutput(result, 'Cheaper cut-out (Runware)', { output: 1 });
					assert.deepEqual(cheap.map((item) => item.json.sku), ['SHOE-001', 'BAG-002', 'HAT-003']);
					assert.deepEqual(failed.map((item) => item.json.sku), ['VASE-004']);
					assert.match(String(failed[0].json.error), /Runware/);
					assert.equal(failed[0].json.details.itemIndex, 3);
					const tasks = providers.runware.state.tasks.slice(runwareBefore);
					assert.deepEqual(tasks.map((task) => task.ok), [true, true, true, false]);
					// Photoroom got only the failed product, by its URL
					const calls = providers.photoroom.state.calls.slice(photoroomBefore);
					assert.deepEqual(calls.map((c) => [c.endpoint, c.params.imageUrl]), [['edit', 'https://images.example.com/products/vase-004__fault-unprocessable__.jpg']]);
					const [rescued] = h.nodeOutput(result, 'Photoroom for the rest');
					assert.equal(rescued.json.provider, 'photoroom');
					assert.equal(rescued.json.sku, 'VASE-004');
					for (const [sku, item] of [...cheap.map((item) => [item.json.sku, item]), ['VASE-004', rescued]]) {
						const png = expectBinary(hb, item.binary.data, { kind: 'png', label: sku });
						assert.deepEqual(readFileSync(join(outDir, `${sku}-cutout.png`)), png, sku);
					}
			},
		},
	],
};
