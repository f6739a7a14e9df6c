import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import type { WaitOptions } from '../../../shared/settings';
import { downloadResultField, imageUrlField, waitFields } from '../../../shared/descriptions';
import { readDownloadResult, readWaitOptions } from '../../../shared/settings';
import { inputError } from '../../../shared/errors';
import type { ItemOperation } from '../../../shared/execute';
import { sourceName } from '../../../shared/naming';
import { itemParameters } from '../../../shared/parameters';
import type { ItemCall } from '../../../shared/run';
import type { AudioKind, ImageKind } from '../../../shared/media';
import { AUDIO_ACCEPTED, sniffAudio, sniffImage } from '../../../shared/media';
import { apiRequest } from '../../transport';
import type { UrlInput, UrlInputSpec } from '../../helpers/urlInput';
import {
	readOptionalUrlInput,
	readUrlInput,
	sourceOf,
	submitWithInputs,
	urlInputFields,
	urlToSend,
} from '../../helpers/urlInput';
import { animationItem, TEMPLATE_SECONDS, waitForAnimation } from '../../helpers/photoTask';

const OUTPUT_FORMATS = ['mp4', 'gif'] as const;
const TEMPLATE_NAMES = [
	'Talking (with your voice)',
	'Smile',
	'Blink',
	'Nod',
	'Surprise',
	'Head Tilt',
];

const MAX_IMAGE_BYTES = 15 * 1024 * 1024;
// The binary field's description says how n8n serves the file (urlInput.ts): a hint stays short.
const BINARY_HINT = 'n8n must be reachable from the internet (WEBHOOK_URL).';

const IMAGE_INPUT: UrlInputSpec<ImageKind> = {
	source: { name: 'imageInputType', label: 'Image Input' },
	url: imageUrlField(
		{
			placeholder: 'https://example.com/portrait.jpg',
			hint: 'A public URL of a face photo, at most 4096×4096 and 15 MB. For a file of the item, choose Image Input: Binary File.',
			description: 'Public http(s) URL of the portrait to animate: PNG, JPG, BMP or WEBP',
		},
		null,
	),
	binary: {
		name: 'imageBinaryPropertyName',
		label: 'Image Binary Field',
		default: 'data',
		hint: `A face photo: PNG, JPG, BMP or WEBP, at most 4096×4096 and 15 MB. ${BINARY_HINT}`,
	},
	rules: {
		sniff: sniffImage,
		allowed: ['png', 'jpeg', 'bmp', 'webp'],
		accepted: 'PNG, JPG, BMP, WEBP',
		what: 'image',
		maxBytes: MAX_IMAGE_BYTES,
	},
};

const VOICE_INPUT: UrlInputSpec<AudioKind> = {
	source: { name: 'voiceInputType', label: 'Voice Input' },
	url: {
		displayName: 'Voice URL',
		name: 'voiceUrl',
		type: 'string',
		default: '',
		placeholder: 'https://example.com/voice.mp3',
		description:
			'Optional public URL of an audio file the face speaks. Only template 0 accepts a voice.',
	},
	binary: {
		name: 'voiceBinaryPropertyName',
		label: 'Voice Binary Field',
		default: 'voice',
		hint: `An audio file the face speaks (${AUDIO_ACCEPTED}); only template 0 accepts a voice.`,
	},
	rules: { sniff: sniffAudio, accepted: AUDIO_ACCEPTED, what: 'audio file' },
	optional: true,
};

export const option = {
	name: 'Animate',
	description: 'Animate a face photo with an expression template (Photo Animer)',
	action: 'Animate a face photo',
};

export const description: INodeProperties[] = [
	...urlInputFields(IMAGE_INPUT),
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
	// Shown for every template: a voice set with another template is an error, not silently dropped.
	...urlInputFields(VOICE_INPUT),
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
	image: UrlInput;
	templateId: number;
	voice?: UrlInput;
	outputFormat: (typeof OUTPUT_FORMATS)[number];
	wait: WaitOptions;
	download: boolean;
}

export const operation: ItemOperation<Params> = {
	async prepare(ctx: IExecuteFunctions, itemIndex: number) {
		const read = itemParameters(ctx, itemIndex);
		const templateId = read.integer('templateId', 'Template', 0, 5);
		const voiceSource = read.option('voiceInputType', 'Voice Input', ['url', 'binary'], 'url');
		// Empty, or an expression that reads a missing field: no voice.
		const voiceGiven = voiceSource === 'binary' || read.optionalText('voiceUrl', 'Voice URL');
		if (voiceGiven && templateId !== 0) {
			throw inputError(
				read.node,
				itemIndex,
				voiceSource === 'binary' ? 'Voice Input' : 'Voice URL',
				`a voice is only accepted with template 0, not template ${templateId}`,
			);
		}
		return {
			image: await readUrlInput(ctx, itemIndex, IMAGE_INPUT),
			templateId,
			voice: await readOptionalUrlInput(ctx, itemIndex, VOICE_INPUT),
			outputFormat: read.option('outputFormat', 'Output Format', OUTPUT_FORMATS),
			wait: readWaitOptions(ctx, itemIndex),
			download: readDownloadResult(ctx, itemIndex),
		};
	},

	async run(ctx: IExecuteFunctions, params: Params, call: ItemCall) {
		const taskNumber = await submitWithInputs(
			[params.image, params.voice],
			async () =>
				await apiRequest(
					ctx,
					{
						method: 'GET',
						path: 'faceDriven/submitTaskByUrl',
						qs: () => ({
							imageUrl: urlToSend(ctx, params.image, params.wait),
							templateId: params.templateId,
							voiceUrl: params.voice ? urlToSend(ctx, params.voice, params.wait) : undefined,
							outputFormat: params.outputFormat === 'gif' ? 'gif' : undefined,
						}),
						call,
						idempotent: false,
					},
					z.union([z.number(), z.string().min(1)]),
				),
		);
		const taskId = String(taskNumber);
		const common = {
			operation: 'photo.animate',
			call,
			templateId: params.templateId,
			source: sourceName(sourceOf(params.image), taskId),
		};
		if (!params.wait.wait)
			return await animationItem(ctx, { status: 0 }, taskId, { ...common, download: false });
		const task = await waitForAnimation(ctx, taskId, params.wait.schedule, call);
		return await animationItem(ctx, task, taskId, { ...common, download: params.download });
	},
};
