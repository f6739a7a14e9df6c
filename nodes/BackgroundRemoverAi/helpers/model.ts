import type { INodeProperties } from 'n8n-workflow';

import type { ItemParameters } from '../../shared/parameters';

export const MODELS = ['u2net', 'u2net_human_seg', 'u2netp'] as const;

/** Model and alpha matting: the parameters images and videos share. */
export const modelFields: INodeProperties[] = [
	{
		displayName: 'Model',
		name: 'model',
		type: 'options',
		options: [
			{
				name: 'U2Net (General)',
				value: 'u2net',
				description: 'General objects, people and things',
			},
			{
				name: 'U2Net Human Segmentation',
				value: 'u2net_human_seg',
				description: 'Optimised for people',
			},
			{ name: 'U2NetP (Fast)', value: 'u2netp', description: 'Lightweight and faster' },
		],
		default: 'u2net',
		description: 'AI model that finds the subject',
	},
	{
		displayName: 'Alpha Matting',
		name: 'alphaMatting',
		type: 'boolean',
		default: false,
		description: 'Whether to refine the edges with alpha matting (sharper hair and fine detail)',
	},
	{
		displayName: 'Foreground Threshold',
		name: 'alphaForegroundThreshold',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 255 },
		default: 240,
		description: 'Alpha matting foreground threshold (0–255); higher is stricter',
		displayOptions: { show: { alphaMatting: [true] } },
	},
	{
		displayName: 'Background Threshold',
		name: 'alphaBackgroundThreshold',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 255 },
		default: 10,
		description: 'Alpha matting background threshold (0–255); lower is stricter',
		displayOptions: { show: { alphaMatting: [true] } },
	},
	{
		displayName: 'Erode Size',
		name: 'alphaErodeSize',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 25 },
		default: 10,
		description: 'Alpha matting edge erosion (1–25); controls edge sharpness',
		displayOptions: { show: { alphaMatting: [true] } },
	},
	{
		displayName: 'Base Size',
		name: 'alphaBaseSize',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1000,
		description:
			'Size the image is scaled to for alpha matting; higher is better quality but slower',
		displayOptions: { show: { alphaMatting: [true] } },
	},
];

const MAX_BASE_SIZE = 100_000;

/** Reads and checks `modelFields` into the provider's form fields. */
export function readModelFields(read: ItemParameters): Record<string, string> {
	const fields: Record<string, string> = { model: read.option('model', 'Model', MODELS) };
	const alphaMatting = read.boolean('alphaMatting', 'Alpha Matting');
	fields.alpha_matting = String(alphaMatting);
	if (alphaMatting) {
		const int = (name: string, field: string, min: number, max: number) =>
			String(read.integer(name, field, min, max));
		fields.alpha_fg = int('alphaForegroundThreshold', 'Foreground Threshold', 0, 255);
		fields.alpha_bg = int('alphaBackgroundThreshold', 'Background Threshold', 0, 255);
		fields.alpha_erode = int('alphaErodeSize', 'Erode Size', 1, 25);
		fields.alpha_base_size = int('alphaBaseSize', 'Base Size', 1, MAX_BASE_SIZE);
	}
	return fields;
}

/** A hex colour as the provider writes it: `#rrggbb`. */
export function readColor(read: ItemParameters, name: string, field: string): string {
	return `#${read.hexColor(name, field).toLowerCase()}`;
}
