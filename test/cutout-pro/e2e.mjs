// Cutout.pro in the e2e tier (test/e2e/): its fake and credentials, its rows of
// test/e2e/cases/operations.mjs (one workflow per operation, run with `n8n execute`; `nodes(h, c)`
// returns the nodes after the Manual Trigger, c: credentials by key, c.fakes, c.fixtures;
// `check(run, h, c)` asserts; `expectError` rows must fail the run) and the checks of its examples
// in test/e2e/cases/examples.mjs.
import { assertSuccess, codeNode, expectBinary, node, pngSize, runError, HEX32, sha256, contract, FAST_WAIT, NO_WAIT } from '../e2e/cases/_lib.mjs';

const KEY = 'e2e-cutout-key';

export const e2e = {
	/** Its fake, started once for all rows: c.fakes.cutout. */
	fake: { key: 'cutout', options: { apiKey: KEY, pollsUntilDone: 1 } },
	/** Its credentials, imported once: c.<key>. */
	credentials: {
		cutout: { name: 'Cutout e2e', apiKey: KEY },
		cutoutWrongKey: { name: 'Cutout e2e wrong key', apiKey: 'e2e-cutout-wrong' },
	},
	operations: [
	{
		name: 'cutout.pro video removeBackground (wait, MOV)',
		nodes: (h, c) => [
			node(h, 'Op', 'cutoutPro', {
				resource: 'video',
				operation: 'removeBackground',
				videoUrl: 'https://videos.example.com/e2e/wait.mp4',
				outputFormat: 'mov',
				...FAST_WAIT,
				downloadResult: true,
			}, c.cutout),
		],
		check(run, h, c) {
			const { assert } = h;
			assertSuccess(run);
			const [item] = h.nodeOutput(run, 'Op');
			contract(assert, item.json, { provider: 'cutoutPro', operation: 'video.removeBackground', status: 'done', taskId: HEX32, percentage: 100 });
			assert.equal(item.json.resultUrl, `${c.fakes.cutout.baseUrl}/results/${item.json.taskId}.mov`);
			expectBinary(h, item.binary.data, { kind: 'mov', fileName: 'wait-nobg.mov' });
			const task = c.fakes.cutout.state.videoTasks.get(item.json.taskId);
			assert.equal(task.outputFormat, 'mov');
			assert.equal(task.polls, 2, 'one "processing" poll, then done');
			assert.equal(c.fakes.cutout.state.videoSubmissions['https://videos.example.com/e2e/wait.mp4'], 1);
		},
	},
	{
		name: 'cutout.pro video removeBackground (no wait, WebM)',
		nodes: (h, c) => [
			node(h, 'Op', 'cutoutPro', {
				resource: 'video',
				operation: 'removeBackground',
				videoUrl: 'https://videos.example.com/e2e/nowait.mp4',
				outputFormat: 'webm',
				...NO_WAIT,
			}, c.cutout),
		],
		check(run, h, c) {
			const { assert } = h;
			assertSuccess(run);
			const [item] = h.nodeOutput(run, 'Op');
			contract(assert, item.json, { provider: 'cutoutPro', operation: 'video.removeBackground', status: 'processing', taskId: HEX32 });
			assert.equal(item.binary, undefined);
			const task = c.fakes.cutout.state.videoTasks.get(item.json.taskId);
			assert.equal(task.outputFormat, 'webm');
			assert.equal(task.polls, 0, 'no status request without waiting');
		},
	},
	{
		name: 'cutout.pro video getTask (processing, then done with the WebM)',
		nodes: (h, c) => [
			node(h, 'Submit', 'cutoutPro', {
				resource: 'video',
				operation: 'removeBackground',
				videoUrl: 'https://videos.example.com/e2e/gettask.mp4',
				outputFormat: 'webm',
				...NO_WAIT,
			}, c.cutout),
			node(h, 'Get 1', 'cutoutPro', { resource: 'video', operation: 'getTask', taskFlag: '={{ $json.taskId }}', downloadResult: true }, c.cutout),
			node(h, 'Get 2', 'cutoutPro', { resource: 'video', operation: 'getTask', taskFlag: "={{ $('Submit').item.json.taskId }}", downloadResult: true }, c.cutout),
		],
		check(run, h) {
			const { assert } = h;
			assertSuccess(run);
			const [submitted] = h.nodeOutput(run, 'Submit');
			const [first] = h.nodeOutput(run, 'Get 1');
			const [second] = h.nodeOutput(run, 'Get 2');
			const taskId = submitted.json.taskId;
			contract(assert, first.json, { provider: 'cutoutPro', operation: 'video.getTask', status: 'processing', taskId, percentage: 0 });
			assert.equal(first.binary, undefined);
			contract(assert, second.json, { provider: 'cutoutPro', operation: 'video.getTask', status: 'done', taskId, percentage: 100 });
			expectBinary(h, second.binary.data, { kind: 'webm', fileName: `${taskId}-nobg.webm` });
		},
	},
	{
		name: 'cutout.pro video createPreview (wait, frames downloaded)',
		nodes: (h, c) => [
			node(h, 'Op', 'cutoutPro', {
				resource: 'video',
				operation: 'createPreview',
				videoUrl: 'https://videos.example.com/e2e/preview.mp4',
				...FAST_WAIT,
				downloadFrames: true,
			}, c.cutout),
		],
		check(run, h) {
			const { assert } = h;
			assertSuccess(run);
			const [item] = h.nodeOutput(run, 'Op');
			contract(assert, item.json, { provider: 'cutoutPro', operation: 'video.createPreview', status: 'done', taskId: HEX32 });
			checkFrames(h, item, true, 'preview');
		},
	},
	{
		name: 'cutout.pro video getPreview (processing, then the frames)',
		nodes: (h, c) => [
			node(h, 'Submit', 'cutoutPro', {
				resource: 'video',
				operation: 'createPreview',
				videoUrl: 'https://videos.example.com/e2e/getpreview.mp4',
				...NO_WAIT,
			}, c.cutout),
			node(h, 'Get 1', 'cutoutPro', { resource: 'video', operation: 'getPreview', taskFlag: '={{ $json.taskId }}', downloadFrames: true }, c.cutout),
			node(h, 'Get 2', 'cutoutPro', { resource: 'video', operation: 'getPreview', taskFlag: "={{ $('Submit').item.json.taskId }}", downloadFrames: true }, c.cutout),
		],
		check(run, h) {
			const { assert } = h;
			assertSuccess(run);
			const [submitted] = h.nodeOutput(run, 'Submit');
			contract(assert, submitted.json, { provider: 'cutoutPro', operation: 'video.createPreview', status: 'processing', taskId: HEX32 });
			const taskId = submitted.json.taskId;
			const [first] = h.nodeOutput(run, 'Get 1');
			contract(assert, first.json, { provider: 'cutoutPro', operation: 'video.getPreview', status: 'processing', taskId, frames: [] });
			assert.equal(first.binary, undefined);
			const [second] = h.nodeOutput(run, 'Get 2');
			contract(assert, second.json, { provider: 'cutoutPro', operation: 'video.getPreview', status: 'done', taskId });
			checkFrames(h, second, true, second.json.taskId);
		},
	},
	{
		name: 'cutout.pro photo animate (wait, MP4, template 3)',
		nodes: (h, c) => [
			node(h, 'Op', 'cutoutPro', {
				resource: 'photo',
				operation: 'animate',
				imageUrl: 'https://images.example.com/e2e/face.png',
				templateId: 3,
				outputFormat: 'mp4',
				...FAST_WAIT,
				downloadResult: true,
			}, c.cutout),
		],
		check(run, h, c) {
			const { assert } = h;
			assertSuccess(run);
			const [item] = h.nodeOutput(run, 'Op');
			contract(assert, item.json, {
				provider: 'cutoutPro',
				operation: 'photo.animate',
				status: 'done',
				taskId: /^\d+$/,
				cost: 6.75,
				costUnit: 'video seconds',
			});
			assert.equal(item.json.resultUrl, item.json.videoUrl);
			assert.equal(item.json.gifUrl, undefined);
			expectBinary(h, item.binary.data, { kind: 'mp4', fileName: 'face-animation.mp4' });
			const task = c.fakes.cutout.state.faceTasks.get(Number(item.json.taskId));
			assert.equal(task.templateId, 3);
			assert.equal(task.outputFormat, undefined, 'MP4 is the default: no outputFormat sent');
		},
	},
	{
		name: 'cutout.pro photo getTask (template 0 with a voice, GIF: processing, then done)',
		nodes: (h, c) => [
			node(h, 'Submit', 'cutoutPro', {
				resource: 'photo',
				operation: 'animate',
				imageUrl: 'https://images.example.com/e2e/talking.jpg',
				templateId: 0,
				voiceUrl: 'https://audio.example.com/e2e/hello.mp3',
				outputFormat: 'gif',
				...NO_WAIT,
			}, c.cutout),
			node(h, 'Get 1', 'cutoutPro', { resource: 'photo', operation: 'getTask', taskId: '={{ $json.taskId }}', downloadResult: true }, c.cutout),
			node(h, 'Get 2', 'cutoutPro', { resource: 'photo', operation: 'getTask', taskId: "={{ $('Submit').item.json.taskId }}", downloadResult: true }, c.cutout),
		],
		check(run, h, c) {
			const { assert } = h;
			assertSuccess(run);
			const [submitted] = h.nodeOutput(run, 'Submit');
			contract(assert, submitted.json, {
				provider: 'cutoutPro',
				operation: 'photo.animate',
				status: 'processing',
				taskId: /^\d+$/,
				cost: 3.13,
				costUnit: 'video seconds',
			});
			const taskId = submitted.json.taskId;
			const task = c.fakes.cutout.state.faceTasks.get(Number(taskId));
			assert.equal(task.voiceUrl, 'https://audio.example.com/e2e/hello.mp3');
			assert.equal(task.outputFormat, 'gif');
			const [first] = h.nodeOutput(run, 'Get 1');
			contract(assert, first.json, { provider: 'cutoutPro', operation: 'photo.getTask', status: 'processing', taskId });
			assert.equal(first.binary, undefined);
			const [second] = h.nodeOutput(run, 'Get 2');
			contract(assert, second.json, { provider: 'cutoutPro', operation: 'photo.getTask', status: 'done', taskId });
			assert.match(second.json.videoUrl, /\.mp4$/);
			assert.equal(second.json.resultUrl, second.json.gifUrl, 'the GIF is the result when one was made');
			expectBinary(h, second.binary.data, { kind: 'gif', fileName: `${taskId}-animation.gif` });
		},
	},
	{
		name: 'cutout.pro image removeBackground (binary from a Code node)',
		nodes: (h, c) => [
			codeNode('Photo', [{ json: { sku: 'A1' }, binary: { data: c.fixtures.productPng } }]),
			node(h, 'Op', 'cutoutPro', {
				resource: 'image',
				operation: 'removeBackground',
				inputType: 'binary',
				binaryPropertyName: 'data',
				mattingType: 'portrait',
				imageOptions: { backgroundColor: '#00ff00', crop: true },
			}, c.cutout),
		],
		check(run, h, c) {
			const { assert } = h;
			assertSuccess(run);
			const [item] = h.nodeOutput(run, 'Op');
			contract(assert, item.json, { provider: 'cutoutPro', operation: 'image.removeBackground', status: 'done', width: 800, height: 600 });
			const png = expectBinary(h, item.binary.data, { kind: 'png', fileName: 'product-nobg.png' });
			assert.deepEqual(pngSize(png), { width: 800, height: 600 });
			const call = c.fakes.cutout.state.mattings.find((m) => m.endpoint === 'matting');
			assert.ok(call, 'the file went to /matting');
			assert.equal(call.mattingType, 1);
			assert.equal(call.bgcolor, '00FF00');
			assert.equal(call.crop, true);
			assert.equal(call.file.sha256, sha256(c.fixtures.productPng.bytes), 'the exact input bytes were uploaded');
			assert.equal(call.file.filename, 'product.png');
		},
	},
	{
		name: 'cutout.pro image removeBackground (URL, preview size)',
		nodes: (h, c) => [
			node(h, 'Op', 'cutoutPro', {
				resource: 'image',
				operation: 'removeBackground',
				inputType: 'url',
				imageUrl: 'https://images.example.com/e2e/lamp.jpg',
				mattingType: 'object',
				imageOptions: { preview: true },
			}, c.cutout),
		],
		check(run, h, c) {
			const { assert } = h;
			assertSuccess(run);
			const [item] = h.nodeOutput(run, 'Op');
			contract(assert, item.json, { provider: 'cutoutPro', operation: 'image.removeBackground', status: 'done', width: 500, height: 375 });
			expectBinary(h, item.binary.data, { kind: 'png', fileName: 'lamp-nobg.png' });
			const call = c.fakes.cutout.state.mattings.find((m) => m.endpoint === 'mattingByUrl');
			assert.equal(call.url, 'https://images.example.com/e2e/lamp.jpg');
			assert.equal(call.mattingType, 2);
			assert.equal(call.preview, true);
		},
	},
	{
		name: 'cutout.pro: a wrong API key fails the run with the provider message, one request',
		nodes: (h, c) => [
			node(h, 'Op', 'cutoutPro', {
				resource: 'image',
				operation: 'removeBackground',
				inputType: 'url',
				imageUrl: 'https://images.example.com/e2e/wrong-key.jpg',
				mattingType: 'general',
			}, c.cutoutWrongKey),
		],
		before: (c) => {
			c.requestsBefore = c.fakes.cutout.requests.length;
		},
		check(run, h, c) {
			const { assert } = h;
			assert.equal(run.status, 'error');
			assert.equal(run.data.resultData.lastNodeExecuted, 'Op');
			assert.match(runError(run), /401|APIKEY|key/i);
			assert.doesNotMatch(runError(run), /e2e-cutout-wrong/, 'the key is not in the error');
			const sent = c.fakes.cutout.requests.slice(c.requestsBefore);
			// an authentication error is final: one request, no retries
			assert.equal(sent.length, 1, sent.map((r) => `${r.method} ${r.path}`).join(', '));
		},
	},
	],
	examples: [],
	/**
	 * Its part of the one Get Credits workflow of test/e2e/cases/binary-url-and-credits.mjs: the fake's
	 * options, its nodes (name: parameters beside resource/operation) and what they must give.
	 */
	credits: {
		fakeOptions: { balances: { monthBalance: 120, imageBalance: 30 } },
		nodes: { 'Cutout.pro credits': {}, 'Cutout.pro video seconds': { balance: 'videoSeconds' } },
		check({ assert, one, shape, fake }) {
			assert.deepEqual(shape(one('Cutout.pro credits')), { provider: 'cutoutPro', operation: 'account.getCredits', status: 'done', credits: 150, creditsUnit: 'credits', creditsLimit: undefined });
			assert.deepEqual(shape(one('Cutout.pro video seconds')), { provider: 'cutoutPro', operation: 'account.getCredits', status: 'done', credits: 300, creditsUnit: 'video seconds', creditsLimit: undefined });
			assert.equal(one('Cutout.pro credits').details.monthExpireDate, '2026-12-31 23:59:59');
			// each read is one free request
			assert.deepEqual(fake.requests.map((r) => r.path), ['/api/v1/mySubscription', '/api/v1/mySubscription']);
		},
	},
};
/** The three preview frames of the fake: times, URLs and, when downloaded, the binaries. */
/** Frames named by the naming rule: <source>-preview[-n].png and <source>-original[-n].jpg. */
function checkFrames(h, item, downloaded, source) {
	const { assert } = h;
	const { frames } = item.json;
	assert.deepEqual(
		frames.map((f) => f.time),
		[1.2, 2.3, 3.4],
	);
	frames.forEach((frame, i) => {
		assert.match(frame.imageUrl, new RegExp(`/frame-${i}\\.jpg$`));
		assert.match(frame.mattingUrl, new RegExp(`/frame-${i}\\.png$`));
		if (!downloaded) return;
		assert.equal(frame.mattedBinary, `preview_${i}`);
		assert.equal(frame.originalBinary, `original_${i}`);
		expectBinary(h, item.binary[`preview_${i}`], { kind: 'png', fileName: `${source}-preview${i ? `-${i}` : ''}.png`, label: `preview_${i}` });
		expectBinary(h, item.binary[`original_${i}`], { kind: 'jpeg', fileName: `${source}-original${i ? `-${i}` : ''}.jpg`, label: `original_${i}` });
	});
	if (downloaded) assert.equal(Object.keys(item.binary).length, 6);
}

