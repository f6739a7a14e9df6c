/** Ximilar's operations and rows in the bad-input suite (test/suites/bad-input.ts). */
import type { BadInputOperation, BadInputRows } from '../suites/bad-input';
import { binaryRows, expr, IMAGE, MB, urlRows } from '../suites/bad-input';

const ximilar: BadInputOperation = {
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
};

const ximilarUrl: BadInputOperation = {
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
};

export const badInput: BadInputRows = {
	rows: [
		...binaryRows(ximilar, 10 * MB),
		{
			operation: ximilar,
			inputClass: 'number out of range',
			field: 'Image Quality',
			bad: { quality: 101 },
		},
		{
			operation: ximilar,
			inputClass: 'unknown enum value (expression)',
			field: 'Endpoint',
			bad: { endpoint: 'turbo' },
		},
		{
			operation: ximilar,
			inputClass: 'unknown enum value (expression)',
			field: 'Image Format',
			bad: { format: 'gif' },
		},
		{
			operation: ximilar,
			inputClass: 'switch not true/false (expression)',
			field: 'Binary Mask',
			bad: { mask: 'yes' },
		},
		...urlRows(ximilarUrl, 'Image URL', 'url'),
	],
	notApplicable: [
		{ inputClass: 'bad hex colour', why: 'no colour parameter' },
		{ inputClass: 'voice with template ≠ 0', why: 'only Cutout.pro Photo Animer has a voice' },
		{ inputClass: 'empty or malformed ID', why: 'synchronous: no task to look up' },
		{ inputClass: 'URL n8n cannot serve', why: 'files are uploaded, never offered at an n8n URL' },
	],
};
