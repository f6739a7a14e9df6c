import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import type { WaitOptions } from '../../../shared/descriptions';
import {
	downloadResultField,
	readDownloadResult,
	readWaitOptions,
	waitFields,
} from '../../../shared/descriptions';
import { inputError } from '../../../shared/errors';
import type { ItemOperation } from '../../../shared/execute';
import { sourceName } from '../../../shared/naming';
import { itemParameters } from '../../../shared/parameters';
import { cutoutApiRequest } from '../../transport';
import { animationItem, TEMPLATE_SECONDS, waitForAnimation } from './common';

const OUTPUT_FORMATS = ['mp4', 'gif'] as const;
const TEMPLATE_NAMES = [
	'Talking (with your voice)',
	'Smile',
	'Blink',
	'Nod',
	'Surprise',
	'Head Tilt',
];

export const option = {
	name: 'Animate',
	description: 'Animate a face photo with an expression template (Photo Animer)',
	action: 'Animate a face photo',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Image URL',
		name: 'imageUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://example.com/portrait.jpg',
		hint: 'A public URL of a face photo (PNG, JPG, BMP or WEBP, at most 4096×4096 and 15 MB). The API takes only URLs.',
		description: 'Public http(s) URL of the portrait to animate',
	},
	{
		displayName: 'Template',
		name: 'templateId',
		type: 'options',
		options: TEMPLATE_NAMES.map((name, id) => ({
			name: `${id}: ${name}`,
			value: id,
			description: `Costs ${TEMPLATE_SECONDS[id]} video seconds`,
		})),
		default: 1,
		description: 'Expression template that drives the face',
	},
	{
		displayName: 'Voice URL',
		name: 'voiceUrl',
		type: 'string',
		default: '',
		placeholder: 'https://example.com/voice.mp3',
		// Shown for every template: a voice set with another template is an error, not silently dropped.
		description:
			'Optional public URL of an audio file the face speaks. Only template 0 accepts a voice.',
	},
	{
		displayName: 'Output Format',
		name: 'outputFormat',
		type: 'options',
		options: [
			{ name: 'MP4 Video', value: 'mp4' },
			{ name: 'GIF (and MP4)', value: 'gif' },
		],
		default: 'mp4',
		description: 'With GIF the provider also makes the MP4; the binary "data" holds the GIF',
	},
	...waitFields({}, { maxWaitSeconds: 600, pollIntervalSeconds: 3 }),
	downloadResultField({ show: { waitForCompletion: [true] } }, 'the animation'),
];

interface Params {
	imageUrl: string;
	templateId: number;
	voiceUrl?: string;
	outputFormat: (typeof OUTPUT_FORMATS)[number];
	wait: WaitOptions;
	download: boolean;
}

export const operation: ItemOperation<Params> = {
	async prepare(ctx: IExecuteFunctions, itemIndex: number) {
		const read = itemParameters(ctx, itemIndex);
		const templateId = read.integer('templateId', 'Template', 0, 5);
		// Empty, or an expression that reads a missing field: no voice.
		const voiceUrl = read.optionalText('voiceUrl', 'Voice URL');
		if (voiceUrl && templateId !== 0) {
			throw inputError(
				read.node,
				itemIndex,
				'Voice URL',
				`a voice is only accepted with template 0, not template ${templateId}`,
			);
		}
		return {
			imageUrl: read.url('imageUrl', 'Image URL'),
			templateId,
			voiceUrl: voiceUrl ? read.url('voiceUrl', 'Voice URL') : undefined,
			outputFormat: read.option('outputFormat', 'Output Format', OUTPUT_FORMATS),
			wait: readWaitOptions(ctx, itemIndex),
			download: readDownloadResult(ctx, itemIndex),
		};
	},

	async run(ctx: IExecuteFunctions, params: Params, itemIndex: number) {
		const taskNumber = await cutoutApiRequest(ctx, {
			method: 'GET',
			path: 'faceDriven/submitTaskByUrl',
			qs: {
				imageUrl: params.imageUrl,
				templateId: params.templateId,
				voiceUrl: params.voiceUrl,
				outputFormat: params.outputFormat === 'gif' ? 'gif' : undefined,
			},
			itemIndex,
			idempotent: false,
			data: z.union([z.number(), z.string().min(1)]),
		});
		const taskId = String(taskNumber);
		const common = {
			operation: 'photo.animate',
			itemIndex,
			templateId: params.templateId,
			source: sourceName(params.imageUrl, taskId),
		};
		if (!params.wait.wait)
			return await animationItem(ctx, { status: 0 }, taskId, { ...common, download: false });
		const task = await waitForAnimation(ctx, taskId, params.wait.schedule, itemIndex);
		return await animationItem(ctx, task, taskId, { ...common, download: params.download });
	},
};
