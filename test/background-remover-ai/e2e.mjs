// BackgroundRemoverAI in the e2e tier (test/e2e/): its fake and credentials, its rows of
// test/e2e/cases/operations.mjs (one workflow per operation, run with `n8n execute`; `nodes(h, c)`
// returns the nodes after the Manual Trigger, c: credentials by key, c.fakes, c.fixtures;
// `check(run, h, c)` asserts; `expectError` rows must fail the run) and the checks of its examples
// in test/e2e/cases/examples.mjs.
import { assertSuccess, codeNode, expectBinary, node, pngSize, readFileNode, UUID, sha256, contract, FAST_WAIT, NO_WAIT } from '../e2e/cases/_lib.mjs';

const KEY = 'e2e-brai-key';

export const e2e = {
	/** Its fake, started once for all rows: c.fakes.brai. */
	fake: { key: 'brai', options: { apiKey: KEY, pollsUntilDone: 1 } },
	/** Its credentials, imported once: c.<key>. */
	credentials: { brai: { name: 'BRAI e2e', apiKey: KEY } },
	operations: [
	{
		name: 'backgroundremoverai image removeBackground (2 binaries from a Code node, one conversion, colour background)',
		nodes: (h, c) => [
			codeNode('Photos', [
				{ json: { n: 1 }, binary: { data: c.fixtures.redPng } },
				{ json: { n: 2 }, binary: { data: c.fixtures.blueJpg } },
			]),
			node(h, 'Op', 'backgroundRemoverAi', {
				resource: 'image',
				operation: 'removeBackground',
				binaryPropertyName: 'data',
				model: 'u2net_human_seg',
				backgroundType: 'color',
				backgroundColor: '#00ff00',
				maxWaitSeconds: 60,
				pollIntervalSeconds: 0.25,
			}, c.brai),
		],
		check(run, h, c) {
			const { assert } = h;
			assertSuccess(run);
			const items = h.nodeOutput(run, 'Op');
			assert.equal(items.length, 2);
			const jobs = [...c.fakes.brai.state.jobs.values()].filter((j) => j.convertTo === 'image-backgroundremover');
			assert.equal(jobs.length, 1, 'both images in one conversion');
			const [job] = jobs;
			assert.equal(job.inputs.length, 2);
			assert.equal(job.params.model, 'u2net_human_seg');
			assert.equal(job.params.bg_type, 'color');
			assert.equal(job.params.bg_color_value, '#00ff00');
			const stems = ['red', 'blue'];
			items.forEach((item, i) => {
				contract(assert, item.json, {
					provider: 'backgroundRemoverAi',
					operation: 'image.removeBackground',
					status: 'done',
					taskId: job.uuid,
					width: 64,
					height: 48,
				});
				assert.deepEqual(item.pairedItem, { item: i });
				const png = expectBinary(h, item.binary.data, { kind: 'png', fileName: `${stems[i]}-nobg.png`, label: `item ${i}` });
				assert.deepEqual(pngSize(png), { width: 64, height: 48 });
			});
			assert.deepEqual(
				job.inputs.map((f) => f.sha256).sort(),
				[sha256(c.fixtures.redPng.bytes), sha256(c.fixtures.blueJpg.bytes)].sort(),
				'the exact input bytes were uploaded',
			);
		},
	},
	{
		name: 'backgroundremoverai video removeBackground (MP4 read from disk, wait, MOV)',
		nodes: (h, c) => [
			readFileNode('Read video', c.fixtures.clipPath),
			node(h, 'Op', 'backgroundRemoverAi', {
				resource: 'video',
				operation: 'removeBackground',
				binaryPropertyName: 'data',
				model: 'u2net',
				videoFormat: 'mov',
				videoOptions: { frameRate: 24 },
				...FAST_WAIT,
				downloadResult: true,
			}, c.brai),
		],
		check(run, h, c) {
			const { assert } = h;
			assertSuccess(run);
			const [read] = h.nodeOutput(run, 'Read video');
			assert.equal(read.binary.data.mimeType, 'video/mp4');
			const [item] = h.nodeOutput(run, 'Op');
			contract(assert, item.json, { provider: 'backgroundRemoverAi', operation: 'video.removeBackground', status: 'done', taskId: UUID });
			expectBinary(h, item.binary.data, { kind: 'mov', fileName: 'clip-nobg.mov' });
			assert.equal(item.json.files.length, 1);
			assert.equal(item.json.files[0].binaryProperty, 'data');
			const job = c.fakes.brai.state.jobs.get(item.json.taskId);
			assert.equal(job.params.video_format, 'mov');
			assert.equal(job.params.framerate, '24');
			assert.equal(job.inputs[0].sha256, sha256(c.fixtures.clipMp4), 'the file read from disk was streamed up unchanged');
		},
	},
	{
		name: 'backgroundremoverai conversion getResult (video submitted without waiting: processing, then the GIF)',
		nodes: (h, c) => [
			readFileNode('Read video', c.fixtures.clipPath),
			node(h, 'Submit', 'backgroundRemoverAi', {
				resource: 'video',
				operation: 'removeBackground',
				binaryPropertyName: 'data',
				videoFormat: 'gif',
				...NO_WAIT,
			}, c.brai),
			node(h, 'Get 1', 'backgroundRemoverAi', { resource: 'conversion', operation: 'getResult', conversionId: '={{ $json.taskId }}', downloadResult: true }, c.brai),
			node(h, 'Get 2', 'backgroundRemoverAi', { resource: 'conversion', operation: 'getResult', conversionId: "={{ $('Submit').item.json.taskId }}", downloadResult: true }, c.brai),
		],
		check(run, h) {
			const { assert } = h;
			assertSuccess(run);
			const [submitted] = h.nodeOutput(run, 'Submit');
			contract(assert, submitted.json, { provider: 'backgroundRemoverAi', operation: 'video.removeBackground', taskId: UUID });
			assert.ok(['submitted', 'processing'].includes(submitted.json.status), `status ${submitted.json.status}`);
			const taskId = submitted.json.taskId;
			const [first] = h.nodeOutput(run, 'Get 1');
			contract(assert, first.json, { provider: 'backgroundRemoverAi', operation: 'conversion.getResult', status: 'processing', taskId });
			assert.equal(typeof first.json.queueCount, 'number');
			assert.equal(first.binary, undefined);
			const [second] = h.nodeOutput(run, 'Get 2');
			contract(assert, second.json, { provider: 'backgroundRemoverAi', operation: 'conversion.getResult', status: 'done', taskId });
			expectBinary(h, second.binary.data, { kind: 'gif', fileName: `${taskId}-nobg.gif` });
		},
	},
	],
	examples: [],
};
