// Ximilar in the e2e tier (test/e2e/): its fake and credentials, its rows of
// test/e2e/cases/operations.mjs (one workflow per operation, run with `n8n execute`; `nodes(h, c)`
// returns the nodes after the Manual Trigger, c: credentials by key, c.fakes, c.fixtures;
// `check(run, h, c)` asserts; `expectError` rows must fail the run) and the checks of its examples
// in test/e2e/cases/examples.mjs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { assertSuccess, codeNode, expectBinary, node, pngSize, UUID, contract } from '../e2e/cases/_lib.mjs';

const KEY = 'e2e-ximilar-token';

export const e2e = {
	/** Its fake, started once for all rows: c.fakes.ximilar. */
	fake: { key: 'ximilar', options: { apiKey: KEY } },
	/** Its credentials, imported once: c.<key>. */
	credentials: { ximilar: { name: 'Ximilar e2e', apiKey: KEY } },
	operations: [
	{
		name: 'ximilar removeBackground (2 binaries, fast, WEBP + white background)',
		nodes: (h, c) => [
			codeNode('Photos', [
				{ json: { n: 1 }, binary: { data: c.fixtures.redPng } },
				{ json: { n: 2 }, binary: { data: c.fixtures.productPng } },
			]),
			node(h, 'Op', 'ximilar', {
				resource: 'image',
				operation: 'removeBackground',
				endpoint: 'fast',
				inputType: 'binary',
				binaryPropertyName: 'data',
				downloadResult: true,
				imageOptions: { imageFormat: 'webp', imageQuality: 80, whiteBackground: true },
			}, c.ximilar),
		],
		check(run, h, c) {
			const { assert } = h;
			assertSuccess(run);
			const items = h.nodeOutput(run, 'Op');
			assert.equal(items.length, 2);
			assert.equal(c.fakes.ximilar.state.calls.length, 1, 'one request for both');
			const [call] = c.fakes.ximilar.state.calls;
			assert.equal(call.endpoint, 'fast');
			assert.equal(call.imageFormat, 'webp');
			assert.equal(call.imageQuality, 80);
			const sizes = [pngSize(c.fixtures.redPng.bytes), pngSize(c.fixtures.productPng.bytes)];
			['red', 'product'].forEach((stem, i) => {
				const { json, binary } = items[i];
				contract(assert, json, {
					provider: 'ximilar',
					operation: 'image.removeBackground',
					status: 'done',
					taskId: UUID,
					endpoint: 'fast',
					dataContent: 'cutout',
					...sizes[i],
				});
				expectBinary(h, binary.data, { kind: 'webp', fileName: `${stem}-nobg.webp`, label: `item ${i} data` });
				expectBinary(h, binary.whiteBackground, { kind: 'jpeg', fileName: `${stem}-whitebg.jpg`, label: `item ${i} whiteBackground` });
			});
		},
	},
	],
	/** Checks of its examples (examples/*.json), run by test/e2e/cases/examples.mjs in the sandbox. */
	examples: [
		{
			file: 'ecommerce-catalog.json',
			title: 'Ximilar (sandbox) cuts out 3 products; PNG + white JPG per SKU on disk',
			async check({ h, assert, run, hb, images, providers, outDir }) {
				const result = await run('ecommerce-catalog.json');
				const items = h.nodeOutput(result, 'Remove background');
				assert.equal(items.length, 3);
				assert.equal(providers.ximilar.state.calls.length, 1, 'one request for the 3 records');
				const [call] = providers.ximilar.state.calls;
				assert.equal(call.endpoint, 'precise');
				assert.deepEqual(
					call.records.map((r) => r._url),
					['shoe-001', 'bag-002', 'hat-003'].map((s) => `https://images.example.com/products/${s}.jpg`),
				);
				['SHOE-001', 'BAG-002', 'HAT-003'].forEach((sku, i) => {
					const item = items[i];
					assert.equal(item.json.provider, 'ximilar');
					assert.equal(item.json.status, 'done');
					const png = expectBinary(hb, item.binary.data, { kind: 'png', label: `${sku} data` });
					const jpg = expectBinary(hb, item.binary.whiteBackground, { kind: 'jpeg', label: `${sku} white` });
					// the result visibly comes from the picture: its background transparent, the subject kept
					const img = images.decodeImage(png);
					let clear = 0;
					for (let p = 3; p < img.data.length; p += 4) if (img.data[p] === 0) clear += 1;
					const total = img.width * img.height;
					assert.ok(clear > total * 0.2 && clear < total * 0.9, `${sku}: ${clear} of ${total} pixels transparent`);
					assert.deepEqual(pngSize(png), { width: item.json.width, height: item.json.height });
					assert.deepEqual(readFileSync(join(outDir, `${sku}.png`)), png);
					assert.deepEqual(readFileSync(join(outDir, `${sku}-white.jpg`)), jpg);
				});
				// different products, different pictures
				assert.notDeepEqual(readFileSync(join(outDir, 'SHOE-001.png')), readFileSync(join(outDir, 'BAG-002.png')));
			},
		},
	],
	/**
	 * Its part of the one Get Credits workflow of test/e2e/cases/binary-url-and-credits.mjs: the fake's
	 * options, its nodes (name: parameters beside resource/operation), a node with a refused key
	 * (Continue On Fail) and what they must give.
	 */
	credits: {
		fakeOptions: { account: { credits_counter: 4100, credits_limit: 5000 } },
		nodes: { 'Ximilar credits': {} },
		refusedKey: 'Wrong key',
		check({ assert, one, shape }) {
			assert.deepEqual(shape(one('Ximilar credits')), { provider: 'ximilar', operation: 'account.getCredits', status: 'done', credits: 900, creditsUnit: 'credits', creditsLimit: 5000 });
			assert.equal(one('Ximilar credits').details.credits_counter, 4100);
			assert.equal(one('Ximilar credits').details.email, undefined);
			assert.match(String(one('Wrong key').error), /^Ximilar error 401: Invalid token\./);
		},
	},
};
