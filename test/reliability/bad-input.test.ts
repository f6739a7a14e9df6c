/**
 * Bad input, one table over every node and operation. Each row puts a bad item beside a good one
 * and checks that:
 *  - without Continue On Fail the node stops with an error naming the field and the item, and
 *    the fake provider received no request at all (input is checked before any paid call);
 *  - with Continue On Fail the bad item gets its error (paired to it) and the good item of the same
 *    run still runs: one output per input, and only the good item's work reached the provider.
 *
 * Classes that do not apply (also listed in FIGURES.md):
 *
 * | Class                          | Node / operation                          | Why                                                      |
 * | ------------------------------ | ----------------------------------------- | -------------------------------------------------------- |
 * | missing binary property, wrong | Cutout.pro video, preview, photo (URL)    | with Input URL no file is read; Binary File rows: video  |
 * |   property name, empty file    |                                           |   (Binary File) here, preview and photo in               |
 * |                                |                                           |   test/cutout-pro/binary-input.test.ts                   |
 * | wrong file type (non-video)    | Cutout.pro video, preview (URL)           | URL only: the provider reads the video (a bad one fails  |
 * |                                |                                           |   the task: faults.test.ts "async task fails")           |
 * | over the size limit            | BackgroundRemoverAI image and video       | no documented limit; files are streamed, never buffered  |
 * | over the size limit            | Cutout.pro video, preview                 | no documented limit (Photo Animer's 15 MB: its own test) |
 * | URL n8n cannot serve           | every operation but Cutout.pro Binary File| only these offer a file at an n8n URL                    |
 * | malformed / non-http(s) URL    | BackgroundRemoverAI                       | no URL input (uploads only)                              |
 * | bad hex colour                 | Ximilar                                   | no colour parameter                                      |
 * | voice with template ≠ 0        | every node but Cutout.pro photo.animate   | only Photo Animer has a voice                            |
 * | empty or malformed ID          | Ximilar                                   | synchronous: no task to look up                          |
 * | every class                    | Cutout.pro Trigger                        | no item input: it receives webhooks (payload checks are  |
 * |                                |                                           |   in test/cutout-pro/trigger.test.ts)                    |
 *
 * Node-wide settings (Concurrency, Batch Size) are read once for the whole run, so a bad value
 * fails the run as a whole (naming the field and item 0) rather than one item: not rows here.
 */
import type { IDataObject } from 'n8n-workflow';

import { makeGif, makeMp4, makePng } from '../fakes/media';
import type { FixtureItem } from '../harness/n8n';
import type { BadInputFigure, NotApplicable } from './lib/figures';
import { normalize, writeFragment } from './lib/figures';
import type { ProviderEnv, ProviderKey } from './lib/providers';
import { binaryItem, PROVIDER_NAMES, useProviders } from './lib/providers';

const envs = useProviders();
const MB = 1024 * 1024;
const expr = (name: string) => `={{ $json.${name} }}`;

const CLASSES = [
	'missing binary property',
	'wrong binary property name',
	'wrong file type',
	'empty file',
	'over the size limit',
	'malformed URL',
	'non-http(s) URL',
	'bad hex colour',
	'number out of range',
	'voice with template ≠ 0',
	'unknown enum value (expression)',
	'switch not true/false (expression)',
	'empty or malformed ID',
	'URL n8n cannot serve',
] as const;
type InputClass = (typeof CLASSES)[number];

interface Operation {
	provider: ProviderKey;
	label: string;
	params: IDataObject;
	/** The good item's json (expressions of `params` read it). */
	good: IDataObject;
	/** Input file of the operation, when it reads one. */
	file?: 'image' | 'video';
	/** Units of paid work the good item alone makes (0 for look-ups). */
	goodUnits: number;
	/** Makes what a look-up needs (e.g. a task) and returns json for the good item. */
	setup?: (env: ProviderEnv) => Promise<IDataObject>;
}

const CUTOUT_VIDEO = 'https://cdn.example.com/clip.mp4';
const FACE = 'https://cdn.example.com/face.jpg';
const IMAGE = 'https://cdn.example.com/shoe.jpg';

async function taskOf(env: ProviderEnv, params: IDataObject, items?: FixtureItem[]) {
	const { items: out, error } = await env.run(params, items);
	if (error) throw error;
	return out[0].json.taskId as string;
}

const OPERATIONS = {
	cutoutVideo: {
		provider: 'cutoutPro',
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
	},
	cutoutPreview: {
		provider: 'cutoutPro',
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
	},
	cutoutVideoBinary: {
		provider: 'cutoutPro',
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
	},
	cutoutGetTask: {
		provider: 'cutoutPro',
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
	},
	cutoutGetPreview: {
		provider: 'cutoutPro',
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
	},
	cutoutAnimate: {
		provider: 'cutoutPro',
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
	},
	cutoutPhotoGetTask: {
		provider: 'cutoutPro',
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
	},
	cutoutImage: {
		provider: 'cutoutPro',
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
	},
	cutoutImageUrl: {
		provider: 'cutoutPro',
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
	},
	braiImage: {
		provider: 'backgroundRemoverAi',
		label: 'image.removeBackground',
		params: {
			resource: 'image',
			operation: 'removeBackground',
			binaryPropertyName: 'data',
			model: expr('model'),
			alphaMatting: true,
			alphaForegroundThreshold: expr('fg'),
			alphaBackgroundThreshold: 10,
			alphaErodeSize: 10,
			alphaBaseSize: 1000,
			onlyMask: expr('mask'),
			backgroundType: expr('background'),
			backgroundColor: expr('color'),
			maxWaitSeconds: 30,
			pollIntervalSeconds: 0.25,
		},
		good: { model: 'u2net', fg: 240, mask: false, background: 'color', color: '#ffffff' },
		file: 'image',
		goodUnits: 1,
	},
	braiVideo: {
		provider: 'backgroundRemoverAi',
		label: 'video.removeBackground',
		params: {
			resource: 'video',
			operation: 'removeBackground',
			binaryPropertyName: 'data',
			model: 'u2net',
			alphaMatting: expr('matting'),
			videoFormat: expr('format'),
			videoBackgroundColor: expr('color'),
			videoOptions: { frameRate: expr('fps') },
			waitForCompletion: false,
		},
		good: { format: 'mp4_with_color', color: '#00ff00', fps: 30, matting: false },
		file: 'video',
		goodUnits: 1,
	},
	braiGetResult: {
		provider: 'backgroundRemoverAi',
		label: 'conversion.getResult',
		params: {
			resource: 'conversion',
			operation: 'getResult',
			conversionId: expr('id'),
			downloadResult: false,
		},
		good: {},
		goodUnits: 0,
		setup: async (env) => ({
			id: await taskOf(
				env,
				{
					resource: 'video',
					operation: 'removeBackground',
					binaryPropertyName: 'data',
					model: 'u2net',
					videoFormat: 'mov',
					waitForCompletion: false,
				},
				[binaryItem(makeMp4(), 'clip.mp4', 'video/mp4')],
			),
		}),
	},
	ximilar: {
		provider: 'ximilar',
		label: 'image.removeBackground',
		params: {
			resource: 'image',
			operation: 'removeBackground',
			endpoint: expr('endpoint'),
			inputType: 'binary',
			binaryPropertyName: 'data',
			downloadResult: false,
			imageOptions: {
				imageFormat: expr('format'),
				imageQuality: expr('quality'),
				binaryMask: expr('mask'),
			},
		},
		good: { endpoint: 'precise', format: 'png', quality: 85, mask: false },
		file: 'image',
		goodUnits: 1,
	},
	ximilarUrl: {
		provider: 'ximilar',
		label: 'image.removeBackground (URL)',
		params: {
			resource: 'image',
			operation: 'removeBackground',
			endpoint: 'precise',
			inputType: 'url',
			imageUrl: expr('url'),
			downloadResult: false,
		},
		good: { url: IMAGE },
		goodUnits: 1,
	},
	runware: {
		provider: 'runware',
		label: 'image.removeBackground',
		params: {
			resource: 'image',
			operation: 'removeBackground',
			inputType: 'binary',
			binaryPropertyName: 'data',
			model: expr('model'),
			outputType: expr('outputType'),
			outputFormat: 'PNG',
			includeCost: true,
			settings: {
				rgba: expr('rgba'),
				alphaMattingErodeSize: expr('erode'),
				returnOnlyMask: expr('mask'),
			},
			options: { outputQuality: expr('quality') },
		},
		good: {
			model: 'runware:109@1',
			outputType: 'base64Data',
			rgba: '255, 255, 255, 0',
			erode: 10,
			mask: false,
			quality: 95,
		},
		file: 'image',
		goodUnits: 1,
	},
	runwareUrl: {
		provider: 'runware',
		label: 'image.removeBackground (URL)',
		params: {
			resource: 'image',
			operation: 'removeBackground',
			inputType: 'url',
			imageUrl: expr('url'),
			model: 'runware:109@1',
			outputType: 'base64Data',
			outputFormat: 'PNG',
		},
		good: { url: IMAGE },
		goodUnits: 1,
	},
	runwareUuid: {
		provider: 'runware',
		label: 'image.removeBackground (UUID)',
		params: {
			resource: 'image',
			operation: 'removeBackground',
			inputType: 'uuid',
			imageUuid: expr('uuid'),
			model: 'runware:109@1',
			outputType: 'base64Data',
			outputFormat: 'PNG',
		},
		good: { uuid: 'fd613011-3872-4f37-b4aa-0d343c051a27' },
		goodUnits: 1,
	},
	photoroomSegment: {
		provider: 'photoroom',
		label: 'image.removeBackground',
		params: {
			resource: 'image',
			operation: 'removeBackground',
			binaryPropertyName: 'data',
			imageOptions: { format: expr('format'), backgroundColor: expr('color'), crop: expr('crop') },
		},
		good: { format: 'png', color: '#FFFFFF', crop: false },
		file: 'image',
		goodUnits: 1,
	},
	photoroomEdit: {
		provider: 'photoroom',
		label: 'image.edit',
		params: {
			resource: 'image',
			operation: 'edit',
			inputType: 'binary',
			binaryPropertyName: 'data',
			marketplace: expr('marketplace'),
			editOptions: {
				padding: expr('padding'),
				outputSize: expr('size'),
				dpi: expr('dpi'),
				backgroundColor: expr('color'),
			},
		},
		good: { marketplace: 'amazon', padding: '0.1', size: '1000x1000', dpi: 300, color: '#FFFFFF' },
		file: 'image',
		goodUnits: 1,
	},
	photoroomEditUrl: {
		provider: 'photoroom',
		label: 'image.edit (URL)',
		params: { resource: 'image', operation: 'edit', inputType: 'url', imageUrl: expr('url') },
		good: { url: IMAGE },
		goodUnits: 1,
	},
} satisfies Record<string, Operation>;

type OperationKey = keyof typeof OPERATIONS;

interface Row {
	operation: OperationKey;
	inputClass: InputClass;
	field: string;
	/** json of the bad item (merged over the good json) ... */
	bad?: IDataObject;
	/** ... or the whole bad item. */
	badItem?: FixtureItem;
	/** A string only the bad item carries; no request may contain it. */
	marker?: string;
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n');
const BINARY_FIELD = 'Input Binary Field';

/** Over a size limit, cheaply: a PNG signature and zeros. */
function oversized(limitBytes: number): Buffer {
	const buffer = Buffer.alloc(limitBytes + 1);
	makePng(1, 1).copy(buffer);
	return buffer;
}

function fileOf(operation: Operation): FixtureItem['binary'] {
	if (!operation.file) return undefined;
	return operation.file === 'video'
		? { data: { data: makeMp4(), fileName: 'clip.mp4', mimeType: 'video/mp4' } }
		: { data: { data: makePng(8, 6), fileName: 'photo.png', mimeType: 'image/png' } };
}

/** The classes every operation that reads a file shares. */
function binaryRows(operation: OperationKey, sizeLimitBytes?: number): Row[] {
	const video = (OPERATIONS[operation] as Operation).file === 'video';
	const rows: Row[] = [
		{
			operation,
			inputClass: 'missing binary property',
			field: BINARY_FIELD,
			badItem: { json: {} },
		},
		{
			operation,
			inputClass: 'wrong binary property name',
			field: BINARY_FIELD,
			badItem: binaryItem(makePng(8, 6), 'misfiled.png', 'image/png', {}, 'photo'),
			marker: 'misfiled',
		},
		{
			operation,
			inputClass: 'wrong binary property name',
			field: BINARY_FIELD,
			// binaryPropertyName from an expression that reads a field the item lacks
			badItem: { ...binaryItem(makePng(8, 6), 'unnamed.png'), json: { property: undefined } },
			marker: 'unnamed',
		},
		{
			operation,
			inputClass: 'wrong file type',
			field: BINARY_FIELD,
			badItem: video
				? binaryItem(makePng(8, 6), 'notavideo.mp4', 'video/mp4')
				: binaryItem(PDF, 'invoice.png', 'image/png'),
			marker: video ? 'notavideo' : 'invoice',
		},
		{
			operation,
			inputClass: 'empty file',
			field: BINARY_FIELD,
			badItem: binaryItem(Buffer.alloc(0), video ? 'blank.mp4' : 'blank.png'),
			marker: 'blank',
		},
	];
	if (sizeLimitBytes !== undefined) {
		rows.push({
			operation,
			inputClass: 'over the size limit',
			field: BINARY_FIELD,
			badItem: binaryItem(oversized(sizeLimitBytes), 'huge.png'),
			marker: 'huge',
		});
	}
	return rows;
}

function urlRows(operation: OperationKey, field: string, json: string): Row[] {
	return [
		{ operation, inputClass: 'malformed URL', field, bad: { [json]: 'not a url' } },
		{ operation, inputClass: 'malformed URL', field, bad: { [json]: 'http//cdn.example.com/a' } },
		{
			operation,
			inputClass: 'non-http(s) URL',
			field,
			bad: { [json]: 'ftp://files.example.com/a' },
		},
		{ operation, inputClass: 'non-http(s) URL', field, bad: { [json]: 'file:///etc/passwd' } },
	];
}

const ROWS: Row[] = [
	// Cutout.pro
	...urlRows('cutoutVideo', 'Video URL', 'url'),
	{
		operation: 'cutoutVideo',
		inputClass: 'unknown enum value (expression)',
		field: 'Output Format',
		bad: { format: 'avi' },
	},
	{
		operation: 'cutoutVideo',
		inputClass: 'number out of range',
		field: 'Max Wait (Seconds)',
		bad: { wait: true, maxWait: 0 },
	},
	...binaryRows('cutoutVideoBinary'),
	{
		operation: 'cutoutVideoBinary',
		inputClass: 'URL n8n cannot serve',
		field: BINARY_FIELD,
		bad: { allowPrivate: false },
	},
	...urlRows('cutoutPreview', 'Video URL', 'url'),
	{
		operation: 'cutoutPreview',
		inputClass: 'number out of range',
		field: 'Poll Interval (Seconds)',
		bad: { wait: true, interval: 0.1 },
	},
	{
		operation: 'cutoutGetTask',
		inputClass: 'empty or malformed ID',
		field: 'Task ID',
		bad: { task: ' ' },
	},
	{
		operation: 'cutoutGetPreview',
		inputClass: 'empty or malformed ID',
		field: 'Task ID',
		bad: { task: '' },
	},
	...urlRows('cutoutAnimate', 'Image URL', 'image'),
	{
		operation: 'cutoutAnimate',
		inputClass: 'malformed URL',
		field: 'Voice URL',
		bad: { voice: 'voice-note.mp3' },
	},
	{
		operation: 'cutoutAnimate',
		inputClass: 'non-http(s) URL',
		field: 'Voice URL',
		bad: { voice: 'ftp://files.example.com/hello.mp3' },
	},
	{
		operation: 'cutoutAnimate',
		inputClass: 'number out of range',
		field: 'Template',
		bad: { template: 6 },
	},
	{
		operation: 'cutoutAnimate',
		inputClass: 'number out of range',
		field: 'Template',
		bad: { template: '1.5' },
	},
	{
		operation: 'cutoutAnimate',
		inputClass: 'voice with template ≠ 0',
		field: 'Voice URL',
		bad: { template: 3 },
	},
	{
		operation: 'cutoutAnimate',
		inputClass: 'unknown enum value (expression)',
		field: 'Output Format',
		bad: { format: 'webm' },
	},
	{
		operation: 'cutoutPhotoGetTask',
		inputClass: 'empty or malformed ID',
		field: 'Task ID',
		bad: { task: '' },
	},
	...binaryRows('cutoutImage', 15 * MB),
	{
		operation: 'cutoutImage',
		inputClass: 'bad hex colour',
		field: 'Background Color',
		bad: { color: '#12345G' },
	},
	{
		operation: 'cutoutImage',
		inputClass: 'bad hex colour',
		field: 'Background Color',
		bad: { color: 'white' },
	},
	{
		operation: 'cutoutImage',
		inputClass: 'unknown enum value (expression)',
		field: 'Matting Type',
		bad: { matting: 'hair' },
	},
	{
		operation: 'cutoutImage',
		inputClass: 'switch not true/false (expression)',
		field: 'Crop to Subject',
		bad: { crop: 'yes' },
	},
	...urlRows('cutoutImageUrl', 'Image URL', 'url'),
	// BackgroundRemoverAI
	...binaryRows('braiImage'),
	{
		operation: 'braiImage',
		inputClass: 'bad hex colour',
		field: 'Background Color',
		bad: { color: 'ffffff80' },
	},
	{
		operation: 'braiImage',
		inputClass: 'number out of range',
		field: 'Foreground Threshold',
		bad: { fg: 256 },
	},
	{
		operation: 'braiImage',
		inputClass: 'unknown enum value (expression)',
		field: 'Model',
		bad: { model: 'u3net' },
	},
	{
		operation: 'braiImage',
		inputClass: 'unknown enum value (expression)',
		field: 'Background',
		bad: { background: 'gradient' },
	},
	{
		operation: 'braiImage',
		inputClass: 'switch not true/false (expression)',
		field: 'Only Mask',
		bad: { mask: 'yes' },
	},
	...binaryRows('braiVideo'),
	{
		operation: 'braiVideo',
		inputClass: 'bad hex colour',
		field: 'Background Color',
		bad: { color: '#0f0f' },
	},
	{
		operation: 'braiVideo',
		inputClass: 'number out of range',
		field: 'Frame Rate',
		bad: { fps: 61 },
	},
	{
		operation: 'braiVideo',
		inputClass: 'switch not true/false (expression)',
		field: 'Alpha Matting',
		bad: { matting: 'on' },
	},
	{
		operation: 'braiVideo',
		inputClass: 'unknown enum value (expression)',
		field: 'Output Format',
		bad: { format: 'mkv' },
	},
	{
		operation: 'braiGetResult',
		inputClass: 'empty or malformed ID',
		field: 'Conversion ID',
		bad: { id: '' },
	},
	// Ximilar
	...binaryRows('ximilar', 10 * MB),
	{
		operation: 'ximilar',
		inputClass: 'number out of range',
		field: 'Image Quality',
		bad: { quality: 101 },
	},
	{
		operation: 'ximilar',
		inputClass: 'unknown enum value (expression)',
		field: 'Endpoint',
		bad: { endpoint: 'turbo' },
	},
	{
		operation: 'ximilar',
		inputClass: 'unknown enum value (expression)',
		field: 'Image Format',
		bad: { format: 'gif' },
	},
	{
		operation: 'ximilar',
		inputClass: 'switch not true/false (expression)',
		field: 'Binary Mask',
		bad: { mask: 'yes' },
	},
	...urlRows('ximilarUrl', 'Image URL', 'url'),
	// Runware
	...binaryRows('runware', 20 * MB),
	{
		operation: 'runware',
		inputClass: 'wrong file type',
		field: BINARY_FIELD,
		badItem: binaryItem(makeGif(), 'animated.gif', 'image/gif'),
		marker: 'animated',
	},
	{
		operation: 'runware',
		inputClass: 'bad hex colour',
		field: 'Background RGBA',
		bad: { rgba: '#GGHHII' },
	},
	{
		operation: 'runware',
		inputClass: 'number out of range',
		field: 'Output Quality',
		bad: { quality: 10 },
	},
	{
		operation: 'runware',
		inputClass: 'number out of range',
		field: 'Alpha Matting Erode Size',
		bad: { erode: 0 },
	},
	{
		operation: 'runware',
		inputClass: 'unknown enum value (expression)',
		field: 'Output Type',
		bad: { outputType: 'png' },
	},
	{
		operation: 'runware',
		inputClass: 'unknown enum value (expression)',
		field: 'Model',
		bad: { model: 'banana' },
	},
	{
		operation: 'runware',
		inputClass: 'switch not true/false (expression)',
		field: 'Return Only Mask',
		bad: { mask: 'yes' },
	},
	...urlRows('runwareUrl', 'Image URL', 'url'),
	{
		operation: 'runwareUuid',
		inputClass: 'empty or malformed ID',
		field: 'Image UUID',
		bad: { uuid: 'not-a-uuid' },
	},
	// Photoroom
	...binaryRows('photoroomSegment', 50 * MB),
	{
		operation: 'photoroomSegment',
		inputClass: 'unknown enum value (expression)',
		field: 'Format',
		bad: { format: 'jpeg' },
	},
	{
		operation: 'photoroomSegment',
		inputClass: 'bad hex colour',
		field: 'Background Color',
		bad: { color: '#GGHHII' },
	},
	{
		operation: 'photoroomSegment',
		inputClass: 'switch not true/false (expression)',
		field: 'Crop to Subject',
		bad: { crop: 'yes' },
	},
	{
		operation: 'photoroomEdit',
		inputClass: 'number out of range',
		field: 'Padding',
		bad: { padding: '0.5' },
	},
	{
		operation: 'photoroomEdit',
		inputClass: 'number out of range',
		field: 'DPI',
		bad: { dpi: 1500 },
	},
	{
		operation: 'photoroomEdit',
		inputClass: 'unknown enum value (expression)',
		field: 'Marketplace Image',
		bad: { marketplace: 'ebay' },
	},
	{
		operation: 'photoroomEdit',
		inputClass: 'unknown enum value (expression)',
		field: 'Output Size',
		bad: { size: 'square' },
	},
	{
		operation: 'photoroomEdit',
		inputClass: 'bad hex colour',
		field: 'Background Color',
		bad: { color: 'white-ish' },
	},
	...urlRows('photoroomEditUrl', 'Image URL', 'url'),
];

/** Node-level cells of the comment table above (where no operation of the node has the class). */
const NOT_APPLICABLE: NotApplicable[] = [
	{
		node: 'BackgroundRemoverAI',
		inputClass: 'over the size limit',
		why: 'no documented limit; files are streamed',
	},
	{ node: 'BackgroundRemoverAI', inputClass: 'malformed URL', why: 'no URL input' },
	{ node: 'BackgroundRemoverAI', inputClass: 'non-http(s) URL', why: 'no URL input' },
	{ node: 'Ximilar', inputClass: 'bad hex colour', why: 'no colour parameter' },
	...['BackgroundRemoverAI', 'Ximilar', 'Runware', 'Photoroom'].map((node) => ({
		node,
		inputClass: 'voice with template ≠ 0',
		why: 'only Cutout.pro Photo Animer has a voice',
	})),
	{ node: 'Ximilar', inputClass: 'empty or malformed ID', why: 'synchronous: no task to look up' },
	{ node: 'Photoroom', inputClass: 'empty or malformed ID', why: 'synchronous: no task to look up' },
	...['BackgroundRemoverAI', 'Ximilar', 'Runware', 'Photoroom'].map((node) => ({
		node,
		inputClass: 'URL n8n cannot serve',
		why: 'files are uploaded, never offered at an n8n URL',
	})),
];

/** Binary rows read the property name through an expression, so one row can leave it undefined. */
function parametersOf(operation: Operation): IDataObject {
	return operation.file
		? { ...operation.params, binaryPropertyName: expr('property') }
		: operation.params;
}

function itemsOf(operation: Operation, row: Row, goodJson: IDataObject) {
	const good: FixtureItem = {
		json: { ...operation.good, ...goodJson, property: 'data' },
		binary: fileOf(operation),
	};
	const bad: FixtureItem = row.badItem
		? {
				...row.badItem,
				json: { ...operation.good, property: 'data', ...row.badItem.json },
			}
		: { json: { ...good.json, ...row.bad }, binary: fileOf(operation) };
	return { good, bad };
}

/** A string that only the bad item carries, to check that it was never sent. */
function markerOf(row: Row): string | undefined {
	if (row.marker) return row.marker;
	const value = Object.values(row.bad ?? {}).find(
		(v) => typeof v === 'string' && v.trim().length >= 4,
	);
	return value as string | undefined;
}

const figures: BadInputFigure[] = [];

afterAll(() => {
	if (figures.length === ROWS.length)
		writeFragment('badInput', {
			classes: [...CLASSES],
			rows: figures,
			notApplicable: NOT_APPLICABLE,
		});
});

describe('bad input is rejected per item before any request, on every node and operation', () => {
	it.each(
		ROWS.map(
			(row) =>
				[
					`${PROVIDER_NAMES[OPERATIONS[row.operation].provider]} ${OPERATIONS[row.operation].label}`,
					row.inputClass,
					row.field,
					row,
				] as const,
		),
	)('%s | %s | %s', async (_label, _class, _field, row) => {
		const operation: Operation = OPERATIONS[row.operation];
		const env = envs[operation.provider];
		const goodJson = operation.setup ? await operation.setup(env) : {};
		env.fake.requests.length = 0;
		const { good, bad } = itemsOf(operation, row, goodJson);
		const parameters = parametersOf(operation);

		// Without Continue On Fail: the bad item (item 1) stops the node before any request.
		const stopped = await env.run(parameters, [good, bad]);
		expect(stopped.items).toEqual([]);
		expect(stopped.error?.message).toMatch(
			new RegExp(`^Invalid "${row.field.replace(/[()]/g, '\\$&')}" in item 1: `),
		);
		expect(stopped.error?.context?.itemIndex).toBe(1);
		expect(stopped.error?.description).toBe(
			`Parameter "${row.field}" of item 1 was rejected before any request was sent to the provider.`,
		);
		expect(env.fake.requests).toEqual([]);

		// With Continue On Fail: the bad item (now item 0) gets its error, the good one runs.
		const continued = await env.run(parameters, [bad, good], { continueOnFail: true });
		expect(continued.error).toBeUndefined();
		expect(continued.items).toHaveLength(2);
		const [badOut, goodOut] = continued.items;
		expect(badOut.pairedItem).toEqual({ item: 0 });
		expect(badOut.json).toMatchObject({
			error: expect.stringMatching(
				new RegExp(`^Invalid "${row.field.replace(/[()]/g, '\\$&')}" in item 0: `),
			),
			itemIndex: 0,
		});
		expect(goodOut.pairedItem).toEqual({ item: 1 });
		expect(goodOut.json.error).toBeUndefined();
		expect(goodOut.json.provider).toBe(operation.provider);
		expect(env.paidUnits()).toBe(operation.goodUnits);
		const marker = markerOf(row);
		if (marker) expect(JSON.stringify(env.fake.requests)).not.toContain(marker);

		figures.push({
			node: PROVIDER_NAMES[operation.provider],
			operation: operation.label,
			inputClass: row.inputClass,
			field: row.field,
			error: normalize(stopped.error?.message ?? ''),
			requests: 0,
			outputs: continued.items.length,
			goodItemRan: goodOut.json.error === undefined,
		});
	});
});
