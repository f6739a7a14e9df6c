/** BackgroundRemoverAI's operations and rows in the bad-input suite (test/suites/bad-input.ts). */
import { makeMp4 } from '../fakes/media';
import { binaryItem } from '../reliability/lib/providers';
import type { BadInputOperation, BadInputRows } from '../suites/bad-input';
import { binaryRows, expr, taskOf } from '../suites/bad-input';

const braiImage: BadInputOperation = {
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
};

const braiVideo: BadInputOperation = {
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
};

const braiGetResult: BadInputOperation = {
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
};

export const badInput: BadInputRows = {
	rows: [
		...binaryRows(braiImage),
		{
			operation: braiImage,
			inputClass: 'bad hex colour',
			field: 'Background Color',
			bad: { color: 'ffffff80' },
		},
		{
			operation: braiImage,
			inputClass: 'number out of range',
			field: 'Foreground Threshold',
			bad: { fg: 256 },
		},
		{
			operation: braiImage,
			inputClass: 'unknown enum value (expression)',
			field: 'Model',
			bad: { model: 'u3net' },
		},
		{
			operation: braiImage,
			inputClass: 'unknown enum value (expression)',
			field: 'Background',
			bad: { background: 'gradient' },
		},
		{
			operation: braiImage,
			inputClass: 'switch not true/false (expression)',
			field: 'Only Mask',
			bad: { mask: 'yes' },
		},
		...binaryRows(braiVideo),
		{
			operation: braiVideo,
			inputClass: 'bad hex colour',
			field: 'Background Color',
			bad: { color: '#0f0f' },
		},
		{
			operation: braiVideo,
			inputClass: 'number out of range',
			field: 'Frame Rate',
			bad: { fps: 61 },
		},
		{
			operation: braiVideo,
			inputClass: 'switch not true/false (expression)',
			field: 'Alpha Matting',
			bad: { matting: 'on' },
		},
		{
			operation: braiVideo,
			inputClass: 'unknown enum value (expression)',
			field: 'Output Format',
			bad: { format: 'mkv' },
		},
		{
			operation: braiGetResult,
			inputClass: 'empty or malformed ID',
			field: 'Conversion ID',
			bad: { id: '' },
		},
	],
	notApplicable: [
		{ inputClass: 'over the size limit', why: 'no documented limit; files are streamed' },
		{ inputClass: 'malformed URL', why: 'no URL input' },
		{ inputClass: 'non-http(s) URL', why: 'no URL input' },
		{ inputClass: 'voice with template ≠ 0', why: 'only Cutout.pro Photo Animer has a voice' },
		{ inputClass: 'URL n8n cannot serve', why: 'files are uploaded, never offered at an n8n URL' },
	],
};
