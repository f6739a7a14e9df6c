import type { INodeProperties } from 'n8n-workflow';

import { inputError } from '../../shared/errors';
import type { ItemParameters } from '../../shared/parameters';

/** Background removal models Runware documents (AIR IDs). Any other AIR ID can be given as a custom model. */
const KNOWN_MODELS = [
	{
		name: 'RemBG 1.4',
		value: 'runware:109@1',
		description: 'The only model that applies the Settings below',
	},
	{ name: 'Bria RMBG 2.0', value: 'runware:110@1' },
	{ name: 'Bria RMBG 2.0 (Bria AIR)', value: 'bria:2@1' },
	{ name: 'BiRefNet V1 Base', value: 'runware:112@1' },
	{
		name: 'BiRefNet V1 Base - COD',
		value: 'runware:112@2',
		description: 'Camouflaged object detection',
	},
	{ name: 'BiRefNet DIS', value: 'runware:112@3' },
	{ name: 'BiRefNet General', value: 'runware:112@5' },
	{ name: 'BiRefNet General 512×512 FP16', value: 'runware:112@6' },
	{
		name: 'BiRefNet HRSOD DHU',
		value: 'runware:112@7',
		description: 'High-resolution salient objects',
	},
	{ name: 'BiRefNet Massive TR DIS5K TR TES', value: 'runware:112@8' },
	{ name: 'BiRefNet Matting', value: 'runware:112@9', description: 'Soft edges: hair, fur, glass' },
	{ name: 'BiRefNet Portrait', value: 'runware:112@10' },
];
export const REMBG = 'runware:109@1';
/** An AIR identifier: `source:id@version`, e.g. `runware:112@5`. */
const AIR_ID = /^[a-z0-9][a-z0-9_-]*:[a-z0-9_.-]+@[a-z0-9_.-]+$/i;

export const modelFields: INodeProperties[] = [
	{
		displayName: 'Model',
		name: 'model',
		type: 'options',
		options: [
			...KNOWN_MODELS,
			{
				name: 'Custom AIR ID',
				value: 'custom',
				description: 'Another Runware background removal model',
			},
		],
		default: REMBG,
		description:
			'Background removal model. An expression may return any AIR ID (like runware:112@5).',
	},
	{
		displayName: 'Custom Model AIR ID',
		name: 'customModel',
		type: 'string',
		default: '',
		placeholder: 'e.g. runware:112@5',
		description: 'AIR identifier of the model, in the form source:ID@version',
		displayOptions: { show: { model: ['custom'] } },
	},
];

/** The chosen model's AIR ID (a listed one, or the custom one), checked for its form. */
export function readModel(read: ItemParameters): string {
	const chosen = read.text('model', 'Model');
	const field = chosen === 'custom' ? 'Custom Model AIR ID' : 'Model';
	const model = chosen === 'custom' ? read.text('customModel', field) : chosen;
	if (!AIR_ID.test(model)) {
		throw inputError(
			read.node,
			read.itemIndex,
			field,
			`"${model}" is not a Runware AIR ID like runware:112@5 (source:ID@version)`,
		);
	}
	return model;
}
