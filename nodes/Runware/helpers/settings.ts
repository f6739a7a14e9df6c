import type { IDataObject, INode, INodeProperties } from 'n8n-workflow';

import { inputError } from '../../shared/errors';
import type { ItemParameters } from '../../shared/parameters';
import { REMBG } from './models';

/** RemBG's settings (other models ignore or reject them). */
export const settingsFields: INodeProperties[] = [
	{
		displayName:
			'Only RemBG 1.4 (runware:109@1) applies the settings below; other models ignore or reject them',
		name: 'settingsNotice',
		type: 'notice',
		default: '',
		displayOptions: { hide: { model: [REMBG] } },
	},
	{
		displayName: 'Settings',
		name: 'settings',
		type: 'collection',
		placeholder: 'Add setting',
		default: {},
		options: [
			{
				displayName: 'Alpha Matting',
				name: 'alphaMatting',
				type: 'boolean',
				default: false,
				description: 'Whether to refine the edges of the subject with alpha matting',
			},
			{
				displayName: 'Alpha Matting Background Threshold',
				name: 'alphaMattingBackgroundThreshold',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 255 },
				default: 10,
				description:
					'With alpha matting: how aggressively background areas are removed (1–255; higher costs more computation)',
			},
			{
				displayName: 'Alpha Matting Erode Size',
				name: 'alphaMattingErodeSize',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 255 },
				default: 10,
				description: 'With alpha matting: size of the erosion that smooths the edges (1–255)',
			},
			{
				displayName: 'Alpha Matting Foreground Threshold',
				name: 'alphaMattingForegroundThreshold',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 255 },
				default: 240,
				description:
					'With alpha matting: threshold that separates the subject from the background (1–255)',
			},
			{
				displayName: 'Background RGBA',
				name: 'rgba',
				type: 'string',
				default: '255, 255, 255, 0',
				placeholder: 'e.g. 255, 255, 255, 0',
				description:
					'Colour of the removed background as red, green, blue (0–255) and alpha (0 transparent to 1 opaque); a JSON array or #RRGGBB / #RRGGBBAA also work',
			},
			{
				displayName: 'Post-Process Mask',
				name: 'postProcessMask',
				type: 'boolean',
				default: false,
				description: 'Whether to post-process the mask for a more accurate cut',
			},
			{
				displayName: 'Return Only Mask',
				name: 'returnOnlyMask',
				type: 'boolean',
				default: false,
				description: 'Whether to return only the mask of the subject instead of the cut-out',
			},
		],
	},
];

/** Accepts [r, g, b, a], "r, g, b, a", "#RRGGBB" or "#RRGGBBAA"; alpha 0–1 as Runware expects. */
function parseRgba(
	node: INode,
	itemIndex: number,
	value: unknown,
): [number, number, number, number] {
	const field = 'Background RGBA';
	const fail = (why: string) =>
		inputError(
			node,
			itemIndex,
			field,
			`${why}; expected red, green, blue 0–255 and alpha 0–1 like "255, 255, 255, 0", got ${JSON.stringify(value)}`,
		);
	let parts: unknown[];
	if (Array.isArray(value)) parts = value;
	else if (typeof value === 'string') {
		const text = value.trim();
		const hex = /^#?([0-9a-f]{6})([0-9a-f]{2})?$/i.exec(text);
		if (hex) {
			const [r, g, b] = [0, 2, 4].map((at) => parseInt(hex[1].slice(at, at + 2), 16));
			const alpha =
				hex[2] === undefined ? 1 : Math.round((parseInt(hex[2], 16) / 255) * 1000) / 1000;
			return [r, g, b, alpha];
		}
		parts = text
			.replace(/^\[|\]$/g, '')
			.split(',')
			.map((part) => part.trim());
	} else throw fail('not a colour');
	if (parts.length !== 4) throw fail('four values are needed');
	const numbers = parts.map((part) =>
		typeof part === 'string' && part !== '' ? Number(part) : part,
	);
	const [r, g, b, a] = numbers;
	const channelOk = (c: unknown) =>
		typeof c === 'number' && Number.isInteger(c) && c >= 0 && c <= 255;
	if (![r, g, b].every(channelOk))
		throw fail('red, green and blue must be whole numbers from 0 to 255');
	if (typeof a !== 'number' || !Number.isFinite(a) || a < 0 || a > 1)
		throw fail('alpha must be a number from 0 to 1');
	return [r, g, b, a] as [number, number, number, number];
}

const SWITCHES = {
	postProcessMask: 'Post-Process Mask',
	returnOnlyMask: 'Return Only Mask',
	alphaMatting: 'Alpha Matting',
};
const THRESHOLDS = {
	alphaMattingForegroundThreshold: 'Alpha Matting Foreground Threshold',
	alphaMattingBackgroundThreshold: 'Alpha Matting Background Threshold',
	alphaMattingErodeSize: 'Alpha Matting Erode Size',
};

/** The settings the user added, as Runware's `settings` object (undefined when none). */
export function readSettings(read: ItemParameters): IDataObject | undefined {
	const settings: IDataObject = {};
	read.collection('settings', 'Settings');
	if (read.has('settings.rgba'))
		settings.rgba = parseRgba(read.node, read.itemIndex, read.value('settings.rgba'));
	for (const [name, field] of Object.entries(SWITCHES)) {
		const value = read.optionalBoolean(`settings.${name}`, field);
		if (value !== undefined) settings[name] = value;
	}
	for (const [name, field] of Object.entries(THRESHOLDS)) {
		const value = read.optionalInteger(`settings.${name}`, field, 1, 255);
		if (value !== undefined) settings[name] = value;
	}
	return Object.keys(settings).length ? settings : undefined;
}
