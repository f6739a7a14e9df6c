// e2e: one workflow per provider operation, run with `n8n execute` in the real n8n 2.41.1 against
// the fakes (test/fakes), asserting the output contract every node shares (provider, operation,
// status, taskId, …) and the binaries' real bytes, names and MIME types.
//
// The table below generates the workflows: Manual Trigger → (input nodes) → the operation node(s).
// All credentials are imported with one `n8n import:credentials`, all workflows with one
// `n8n import:workflow --separate`; the executions run one after the other (each `n8n execute` is
// a whole n8n process). Operations that need a task id (Get Task, Get Preview, Get Result) get it
// from a submission upstream in the same workflow and are run twice: while processing, then done.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	assertSuccess,
	chainWorkflow,
	codeNode,
	expectBinary,
	filesFolder,
	importCreds,
	importWorkflows,
	node,
	pngSize,
	readFileNode,
	runError,
} from './_lib.mjs';

const KEYS = { cutout: 'e2e-cutout-key', brai: 'e2e-brai-key', ximilar: 'e2e-ximilar-token', runware: 'e2e-runware-key', photoroom: 'e2e-photoroom-key' };
const HEX32 = /^[0-9a-f]{32}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const FAST_WAIT = { waitForCompletion: true, maxWaitSeconds: 60, pollIntervalSeconds: 0.25 };
const NO_WAIT = { waitForCompletion: false };
const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

/** Checks the json fields every node returns. */
function contract(assert, json, expected) {
	for (const [key, value] of Object.entries(expected)) {
		if (value instanceof RegExp) assert.match(String(json[key]), value, `json.${key} = ${JSON.stringify(json[key])}`);
		else assert.deepEqual(json[key], value, `json.${key}`);
	}
}

/**
 * One row per operation: `nodes(h, c)` returns the nodes after the Manual Trigger (c: credentials,
 * fixtures); `check(run, h, c)` asserts. `expectError` rows must fail the run.
 */
export const OPERATIONS = [
	// ------------------------------------------------------------------ Cutout.pro
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
	// ------------------------------------------------------------------ BackgroundRemoverAI
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
	// ------------------------------------------------------------------ Ximilar
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
	// ------------------------------------------------------------------ Runware
	{
		name: 'runware removeBackground (binary PNG + JPG, BiRefNet, URL output downloaded, cost)',
		nodes: (h, c) => [
			codeNode('Photos', [
				{ json: { n: 1 }, binary: { data: c.fixtures.productPng } },
				{ json: { n: 2 }, binary: { data: c.fixtures.blueJpg } },
			]),
			node(h, 'Op', 'runware', {
				resource: 'image',
				operation: 'removeBackground',
				inputType: 'binary',
				binaryPropertyName: 'data',
				model: 'runware:112@5',
				outputType: 'URL',
				outputFormat: 'PNG',
				includeCost: true,
			}, c.runware),
		],
		check(run, h, c) {
			const { assert } = h;
			assertSuccess(run);
			const items = h.nodeOutput(run, 'Op');
			assert.equal(items.length, 2);
			const tasks = c.fakes.runware.state.tasks;
			assert.equal(tasks.length, 2);
			assert.ok(tasks.every((t) => t.ok && t.task.model === 'runware:112@5'));
			['product', 'blue'].forEach((stem, i) => {
				const { json, binary } = items[i];
				contract(assert, json, {
					provider: 'runware',
					operation: 'image.removeBackground',
					status: 'done',
					taskId: UUID_V4,
					imageUUID: UUID,
					model: 'runware:112@5',
					cost: 0.0006,
					costUnit: 'USD',
					width: 64,
					height: 64,
				});
				assert.equal(json.taskId, tasks[i].task.taskUUID, 'results matched back by taskUUID');
				assert.match(json.resultUrl, new RegExp(`/image/ws/2/ii/${json.imageUUID}\\.png$`));
				expectBinary(h, binary.data, { kind: 'png', fileName: `${stem}-nobg.png`, label: `item ${i}` });
			});
			const sent = tasks.map((t) => t.task.inputs.image);
			assert.match(sent[0], /^data:image\/png;base64,/);
			assert.match(sent[1], /^data:image\/jpeg;base64,/);
		},
	},
	// ------------------------------------------------------------------ Photoroom
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
];

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

export default {
	name: 'operations: every provider operation in its own workflow, via n8n execute',
	timeoutMs: 420_000,
	async run(h, t) {
		const media = h.fake('media');
		const fakes = {
			cutout: await h.startFake('cutoutPro', { apiKey: KEYS.cutout, pollsUntilDone: 1 }),
			brai: await h.startFake('backgroundRemoverAi', { apiKey: KEYS.brai, pollsUntilDone: 1 }),
			ximilar: await h.startFake('ximilar', { apiKey: KEYS.ximilar }),
			runware: await h.startFake('runware', { apiKey: KEYS.runware }),
			photoroom: await h.startFake('photoroom', { apiKey: KEYS.photoroom }),
		};
		for (const f of Object.values(fakes)) h.onCleanup(() => f.close());

		const filesDir = filesFolder(h);
		const env = { N8N_RESTRICT_FILE_ACCESS_TO: filesDir };
		const clipMp4 = media.makeMp4();
		const clipPath = join(filesDir, 'clip.mp4');
		writeFileSync(clipPath, clipMp4);
		const fixtures = {
			productPng: { bytes: media.makePng(40, 30, [200, 120, 40, 255]), fileName: 'product.png', mimeType: 'image/png' },
			redPng: { bytes: media.makePng(20, 10, [255, 0, 0, 255]), fileName: 'red.png', mimeType: 'image/png' },
			blueJpg: { bytes: media.makeJpeg(), fileName: 'blue.jpg', mimeType: 'image/jpeg' },
			clipMp4,
			clipPath,
		};

		// a package installed alone has only its own credential types and nodes: the rows run are
		// those whose nodes it has (all of them for the all-in-one)
		const wanted = {
			cutout: { name: 'Cutout e2e', type: h.credentialType('cutoutPro'), data: { apiKey: KEYS.cutout, baseUrl: fakes.cutout.baseUrl } },
			cutoutWrongKey: { name: 'Cutout e2e wrong key', type: h.credentialType('cutoutPro'), data: { apiKey: 'e2e-cutout-wrong', baseUrl: fakes.cutout.baseUrl } },
			brai: { name: 'BRAI e2e', type: h.credentialType('backgroundRemoverAi'), data: { apiKey: KEYS.brai, baseUrl: fakes.brai.baseUrl } },
			ximilar: { name: 'Ximilar e2e', type: h.credentialType('ximilar'), data: { apiKey: KEYS.ximilar, baseUrl: fakes.ximilar.baseUrl } },
			runware: { name: 'Runware e2e', type: h.credentialType('runware'), data: { apiKey: KEYS.runware, baseUrl: fakes.runware.baseUrl } },
			photoroom: { name: 'Photoroom e2e', type: h.credentialType('photoroom'), data: { apiKey: KEYS.photoroom, baseUrl: fakes.photoroom.baseUrl } },
		};
		const usable = Object.entries(wanted).filter(([, cred]) => h.installed.credentials.has(cred.type));
		const imported = await importCreds(h, usable.map(([, cred]) => cred));
		const c = { fakes, fixtures, ...Object.fromEntries(usable.map(([key], i) => [key, imported[i]])) };
		const rows = OPERATIONS.filter((op) => h.hasNodesOf(op.nodes(h, c)));
		h.assert.ok(rows.length > 0, `no operation row uses a node of ${h.packageName}`);
		t.diagnostic(`${rows.length} of ${OPERATIONS.length} operation rows use nodes of ${h.packageName}`);
		const ids = await importWorkflows(
			h,
			rows.map((op) => chainWorkflow(`e2e op: ${op.name}`, op.nodes(h, c))),
		);

		for (const [i, op] of rows.entries()) {
			await t.test(op.name, async (st) => {
				for (const f of Object.values(fakes)) f.reset();
				op.before?.(c);
				const run = await h.executeWorkflow(ids[i], { env });
				st.diagnostic(`n8n execute ${run.cli.durationMs} ms, status ${run.status}`);
				await op.check(run, h, c);
			});
		}

		// the rows above ran with SSRF protection on and the fakes allowed by n8n's allow-list
		// (SSRF_E2E_ENV); without that allow-list the same first row must be stopped by n8n
		// before any request reaches the fake: the nodes' requests do go through the protection
		await t.test(`SSRF protection: without the allow-list, "${rows[0].name}" is blocked before any request`, async (st) => {
			h.assert.equal(process.env.N8N_SSRF_PROTECTION_ENABLED, 'true', 'the e2e tier runs with SSRF protection on');
			for (const f of Object.values(fakes)) f.reset();
			const run = await h.executeWorkflow(ids[0], { env: { ...env, N8N_SSRF_ALLOWED_IP_RANGES: '' } });
			st.diagnostic(`n8n execute ${run.cli.durationMs} ms, status ${run.status}: ${runError(run).slice(0, 200)}`);
			h.assert.equal(run.status, 'error', 'the run must fail');
			h.assert.match(runError(run), /blocked|SSRF/i);
			const sent = Object.values(fakes).reduce((n, f) => n + f.requests.length, 0);
			h.assert.equal(sent, 0, 'no request reached a fake provider');
		});
	},
};
