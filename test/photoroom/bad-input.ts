/** Photoroom's operations and rows in the bad-input suite (test/suites/bad-input.ts). */
import type { BadInputOperation, BadInputRows } from '../suites/bad-input';
import { binaryRows, expr, IMAGE, MB, urlRows } from '../suites/bad-input';

const photoroomSegment: BadInputOperation = {
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
};

const photoroomEdit: BadInputOperation = {
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
};

const photoroomEditUrl: BadInputOperation = {
	label: 'image.edit (URL)',
	params: { resource: 'image', operation: 'edit', inputType: 'url', imageUrl: expr('url') },
	good: { url: IMAGE },
	goodUnits: 1,
};

export const badInput: BadInputRows = {
	rows: [
		...binaryRows(photoroomSegment, 50 * MB),
		{
			operation: photoroomSegment,
			inputClass: 'unknown enum value (expression)',
			field: 'Format',
			bad: { format: 'jpeg' },
		},
		{
			operation: photoroomSegment,
			inputClass: 'bad hex colour',
			field: 'Background Color',
			bad: { color: '#GGHHII' },
		},
		{
			operation: photoroomSegment,
			inputClass: 'switch not true/false (expression)',
			field: 'Crop to Subject',
			bad: { crop: 'yes' },
		},
		{
			operation: photoroomEdit,
			inputClass: 'number out of range',
			field: 'Padding',
			bad: { padding: '0.5' },
		},
		{
			operation: photoroomEdit,
			inputClass: 'number out of range',
			field: 'DPI',
			bad: { dpi: 1500 },
		},
		{
			operation: photoroomEdit,
			inputClass: 'unknown enum value (expression)',
			field: 'Marketplace Image',
			bad: { marketplace: 'ebay' },
		},
		{
			operation: photoroomEdit,
			inputClass: 'unknown enum value (expression)',
			field: 'Output Size',
			bad: { size: 'square' },
		},
		{
			operation: photoroomEdit,
			inputClass: 'bad hex colour',
			field: 'Background Color',
			bad: { color: 'white-ish' },
		},
		...urlRows(photoroomEditUrl, 'Image URL', 'url'),
	],
	notApplicable: [
		{ inputClass: 'voice with template ≠ 0', why: 'only Cutout.pro Photo Animer has a voice' },
		{ inputClass: 'empty or malformed ID', why: 'synchronous: no task to look up' },
		{ inputClass: 'URL n8n cannot serve', why: 'files are uploaded, never offered at an n8n URL' },
	],
};
