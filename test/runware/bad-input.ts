/** Runware's operations and rows in the bad-input suite (test/suites/bad-input.ts). */
import { makeGif } from '../fakes/media';
import { binaryItem } from '../reliability/lib/providers';
import type { BadInputOperation, BadInputRows } from '../suites/bad-input';
import { BINARY_FIELD, binaryRows, expr, IMAGE, MB, urlRows } from '../suites/bad-input';

const runware: BadInputOperation = {
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
};

const runwareUrl: BadInputOperation = {
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
};

const runwareUuid: BadInputOperation = {
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
};

export const badInput: BadInputRows = {
	rows: [
		...binaryRows(runware, 20 * MB),
		{
			operation: runware,
			inputClass: 'wrong file type',
			field: BINARY_FIELD,
			badItem: binaryItem(makeGif(), 'animated.gif', 'image/gif'),
			marker: 'animated',
		},
		{
			operation: runware,
			inputClass: 'bad hex colour',
			field: 'Background RGBA',
			bad: { rgba: '#GGHHII' },
		},
		{
			operation: runware,
			inputClass: 'number out of range',
			field: 'Output Quality',
			bad: { quality: 10 },
		},
		{
			operation: runware,
			inputClass: 'number out of range',
			field: 'Alpha Matting Erode Size',
			bad: { erode: 0 },
		},
		{
			operation: runware,
			inputClass: 'unknown enum value (expression)',
			field: 'Output Type',
			bad: { outputType: 'png' },
		},
		{
			operation: runware,
			inputClass: 'unknown enum value (expression)',
			field: 'Model',
			bad: { model: 'banana' },
		},
		{
			operation: runware,
			inputClass: 'switch not true/false (expression)',
			field: 'Return Only Mask',
			bad: { mask: 'yes' },
		},
		...urlRows(runwareUrl, 'Image URL', 'url'),
		{
			operation: runwareUuid,
			inputClass: 'empty or malformed ID',
			field: 'Image UUID',
			bad: { uuid: 'not-a-uuid' },
		},
	],
	notApplicable: [
		{ inputClass: 'voice with template ≠ 0', why: 'only Cutout.pro Photo Animer has a voice' },
		{ inputClass: 'URL n8n cannot serve', why: 'files are uploaded, never offered at an n8n URL' },
	],
};
