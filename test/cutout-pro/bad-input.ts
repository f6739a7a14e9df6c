/** Cutout.pro's operations and rows in the bad-input suite (test/suites/bad-input.ts). */
import type { BadInputOperation, BadInputRows } from '../suites/bad-input';
import { BINARY_FIELD, binaryRows, expr, IMAGE, MB, taskOf, urlRows } from '../suites/bad-input';

const CUTOUT_VIDEO = 'https://cdn.example.com/clip.mp4';
const FACE = 'https://cdn.example.com/face.jpg';

const cutoutVideo: BadInputOperation = {
	label: 'video.removeBackground',
	params: {
		resource: 'video',
		operation: 'removeBackground',
		videoUrl: expr('url'),
		outputFormat: expr('format'),
		waitForCompletion: expr('wait'),
		maxWaitSeconds: expr('maxWait'),
		pollIntervalSeconds: 0.25,
		downloadResult: false,
	},
	good: { url: CUTOUT_VIDEO, format: 'mov', wait: false, maxWait: 30 },
	goodUnits: 1,
};

const cutoutPreview: BadInputOperation = {
	label: 'video.createPreview',
	params: {
		resource: 'video',
		operation: 'createPreview',
		videoUrl: expr('url'),
		waitForCompletion: expr('wait'),
		maxWaitSeconds: 30,
		pollIntervalSeconds: expr('interval'),
		downloadFrames: false,
	},
	good: { url: CUTOUT_VIDEO, wait: false, interval: 0.25 },
	goodUnits: 1,
};

const cutoutVideoBinary: BadInputOperation = {
	label: 'video.removeBackground (Binary File)',
	params: {
		resource: 'video',
		operation: 'removeBackground',
		inputType: 'binary',
		binaryPropertyName: 'data',
		outputFormat: 'mov',
		waitForCompletion: false,
		// The harness's n8n URL is on localhost: only this switch lets the good item through.
		options: { allowPrivateFileUrl: expr('allowPrivate') },
	},
	good: { allowPrivate: true },
	file: 'video',
	goodUnits: 1,
};

const cutoutGetTask: BadInputOperation = {
	label: 'video.getTask',
	params: {
		resource: 'video',
		operation: 'getTask',
		taskFlag: expr('task'),
		downloadResult: false,
	},
	good: {},
	goodUnits: 0,
	setup: async (env) => ({
		task: await taskOf(env, {
			resource: 'video',
			operation: 'removeBackground',
			videoUrl: CUTOUT_VIDEO,
			outputFormat: 'mov',
			waitForCompletion: false,
		}),
	}),
};

const cutoutGetPreview: BadInputOperation = {
	label: 'video.getPreview',
	params: {
		resource: 'video',
		operation: 'getPreview',
		taskFlag: expr('task'),
		downloadFrames: false,
	},
	good: {},
	goodUnits: 0,
	setup: async (env) => ({
		task: await taskOf(env, {
			resource: 'video',
			operation: 'createPreview',
			videoUrl: CUTOUT_VIDEO,
			waitForCompletion: false,
		}),
	}),
};

const cutoutAnimate: BadInputOperation = {
	label: 'photo.animate',
	params: {
		resource: 'photo',
		operation: 'animate',
		imageUrl: expr('image'),
		templateId: expr('template'),
		voiceUrl: expr('voice'),
		outputFormat: expr('format'),
		waitForCompletion: false,
	},
	good: { image: FACE, template: 0, voice: 'https://cdn.example.com/hello.mp3', format: 'mp4' },
	goodUnits: 1,
};

const cutoutPhotoGetTask: BadInputOperation = {
	label: 'photo.getTask',
	params: {
		resource: 'photo',
		operation: 'getTask',
		taskId: expr('task'),
		downloadResult: false,
	},
	good: {},
	goodUnits: 0,
	setup: async (env) => ({
		task: await taskOf(env, {
			resource: 'photo',
			operation: 'animate',
			imageUrl: FACE,
			templateId: 1,
			outputFormat: 'mp4',
			waitForCompletion: false,
		}),
	}),
};

const cutoutImage: BadInputOperation = {
	label: 'image.removeBackground',
	params: {
		resource: 'image',
		operation: 'removeBackground',
		inputType: 'binary',
		binaryPropertyName: 'data',
		mattingType: expr('matting'),
		imageOptions: { backgroundColor: expr('color'), crop: expr('crop') },
	},
	good: { matting: 'general', color: '#FFFFFF', crop: false },
	file: 'image',
	goodUnits: 1,
};

const cutoutImageUrl: BadInputOperation = {
	label: 'image.removeBackground (URL)',
	params: {
		resource: 'image',
		operation: 'removeBackground',
		inputType: 'url',
		imageUrl: expr('url'),
		mattingType: 'general',
	},
	good: { url: IMAGE },
	goodUnits: 1,
};

/**
 * Classes that do not apply to single operations (the others have rows):
 *  - missing binary property, wrong property name, empty file: video, preview and photo by URL read
 *    no file (Binary File rows: video here, preview and photo in ./binary-input.test.ts);
 *  - wrong file type (non-video): video and preview by URL, the provider reads the video (a bad one
 *    fails the task: the faults suite's "async task fails");
 *  - over the size limit: video and preview have no documented limit (Photo Animer's 15 MB: its own test);
 *  - the Cutout.pro Trigger: no item input, it receives webhooks (payload checks: ./trigger.test.ts).
 */
export const badInput: BadInputRows = {
	rows: [
		...urlRows(cutoutVideo, 'Video URL', 'url'),
		{
			operation: cutoutVideo,
			inputClass: 'unknown enum value (expression)',
			field: 'Output Format',
			bad: { format: 'avi' },
		},
		{
			operation: cutoutVideo,
			inputClass: 'number out of range',
			field: 'Max Wait (Seconds)',
			bad: { wait: true, maxWait: 0 },
		},
		...binaryRows(cutoutVideoBinary),
		{
			operation: cutoutVideoBinary,
			inputClass: 'URL n8n cannot serve',
			field: BINARY_FIELD,
			bad: { allowPrivate: false },
		},
		...urlRows(cutoutPreview, 'Video URL', 'url'),
		{
			operation: cutoutPreview,
			inputClass: 'number out of range',
			field: 'Poll Interval (Seconds)',
			bad: { wait: true, interval: 0.1 },
		},
		{
			operation: cutoutGetTask,
			inputClass: 'empty or malformed ID',
			field: 'Task ID',
			bad: { task: ' ' },
		},
		{
			operation: cutoutGetPreview,
			inputClass: 'empty or malformed ID',
			field: 'Task ID',
			bad: { task: '' },
		},
		...urlRows(cutoutAnimate, 'Image URL', 'image'),
		{
			operation: cutoutAnimate,
			inputClass: 'malformed URL',
			field: 'Voice URL',
			bad: { voice: 'voice-note.mp3' },
		},
		{
			operation: cutoutAnimate,
			inputClass: 'non-http(s) URL',
			field: 'Voice URL',
			bad: { voice: 'ftp://files.example.com/hello.mp3' },
		},
		{
			operation: cutoutAnimate,
			inputClass: 'number out of range',
			field: 'Template',
			bad: { template: 6 },
		},
		{
			operation: cutoutAnimate,
			inputClass: 'number out of range',
			field: 'Template',
			bad: { template: '1.5' },
		},
		{
			operation: cutoutAnimate,
			inputClass: 'voice with template ≠ 0',
			field: 'Voice URL',
			bad: { template: 3 },
		},
		{
			operation: cutoutAnimate,
			inputClass: 'unknown enum value (expression)',
			field: 'Output Format',
			bad: { format: 'webm' },
		},
		{
			operation: cutoutPhotoGetTask,
			inputClass: 'empty or malformed ID',
			field: 'Task ID',
			bad: { task: '' },
		},
		...binaryRows(cutoutImage, 15 * MB),
		{
			operation: cutoutImage,
			inputClass: 'bad hex colour',
			field: 'Background Color',
			bad: { color: '#12345G' },
		},
		{
			operation: cutoutImage,
			inputClass: 'bad hex colour',
			field: 'Background Color',
			bad: { color: 'white' },
		},
		{
			operation: cutoutImage,
			inputClass: 'unknown enum value (expression)',
			field: 'Matting Type',
			bad: { matting: 'hair' },
		},
		{
			operation: cutoutImage,
			inputClass: 'switch not true/false (expression)',
			field: 'Crop to Subject',
			bad: { crop: 'yes' },
		},
		...urlRows(cutoutImageUrl, 'Image URL', 'url'),
	],
	notApplicable: [],
};
