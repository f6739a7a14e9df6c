import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { WaitOptions } from '../../../shared/settings';
import { binaryPropertyField, downloadResultField, waitFields } from '../../../shared/descriptions';
import { readDownloadResult, readWaitOptions } from '../../../shared/settings';
import type { ItemOperation } from '../../../shared/execute';
import type { InputBinary } from '../../../shared/input';
import { sourceName } from '../../../shared/naming';
import { resultItem } from '../../../shared/output';
import type { ItemParameters } from '../../../shared/parameters';
import { itemParameters } from '../../../shared/parameters';
import type { ItemCall } from '../../../shared/run';
import { formFile } from '../../../shared/upload';
import { PROVIDER_ID } from '../../transport';
import { conversionItem, submitConversion, waitForConversion } from '../../helpers/conversion';
import type { CheckedVideo } from '../../helpers/files';
import { getCheckedImage, getCheckedVideo, safeStem } from '../../helpers/files';
import { modelFields, readColor, readModelFields } from '../../helpers/model';

export const option = {
	name: 'Remove Background',
	description: 'Remove the background of a video',
	action: 'Remove the background of a video',
};

const VIDEO_FORMATS = [
	'mov',
	'mattekey',
	'gif',
	'video_over_image',
	'video_over_video',
	'gif_with_bg',
	'mp4_with_color',
] as const;
type VideoFormat = (typeof VIDEO_FORMATS)[number];

/** Formats that put the subject on a background file, and the form field it is sent as. */
const BACKGROUND_FILE: Partial<Record<VideoFormat, { field: string; kind: 'image' | 'video' }>> = {
	video_over_image: { field: 'bg_image', kind: 'image' },
	gif_with_bg: { field: 'bg_image', kind: 'image' },
	video_over_video: { field: 'bg_video', kind: 'video' },
};

const MAX_FRAME_LIMIT = 1_000_000;

export const description: INodeProperties[] = [
	binaryPropertyField(
		{},
		'MP4, MOV, WEBM, AVI or GIF. The file is streamed to the provider, never loaded whole.',
	),
	...modelFields,
	{
		displayName: 'Output Format',
		name: 'videoFormat',
		type: 'options',
		options: [
			{ name: 'GIF (Transparent)', value: 'gif' },
			{
				name: 'GIF With Background',
				value: 'gif_with_bg',
				description: 'Animated GIF over a background image',
			},
			{ name: 'Matte Key (MP4)', value: 'mattekey', description: 'Black-and-white matte video' },
			{ name: 'MOV (Transparent)', value: 'mov', description: 'QuickTime with alpha channel' },
			{
				name: 'MP4 With Color Background',
				value: 'mp4_with_color',
				description: 'MP4 on a solid colour',
			},
			{ name: 'Video Over Image', value: 'video_over_image', description: 'MP4 over an image' },
			{
				name: 'Video Over Video',
				value: 'video_over_video',
				description: 'MP4 over another video',
			},
		],
		default: 'mov',
	},
	{
		displayName: 'Background Color',
		name: 'videoBackgroundColor',
		type: 'color',
		default: '#00ff00',
		description: 'Hex colour of the solid background, like #00ff00',
		displayOptions: { show: { videoFormat: ['mp4_with_color'] } },
	},
	{
		displayName: 'Background Binary Field',
		name: 'videoBackgroundBinaryPropertyName',
		type: 'string',
		default: '',
		placeholder: 'e.g. background',
		hint: 'Optional. Sent as "bg_image" (an image) or "bg_video" (Video Over Video); the document does not name these fields.',
		description:
			'Name of the binary property of the item that holds the background file; leave empty for the provider default',
		displayOptions: {
			show: { videoFormat: ['video_over_image', 'gif_with_bg', 'video_over_video'] },
		},
	},
	{
		displayName: 'Video Options',
		name: 'videoOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Frame Limit',
				name: 'frameLimit',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 100,
				description: 'Process only the first N frames (useful for tests and short clips)',
			},
			{
				displayName: 'Frame Rate',
				name: 'frameRate',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 60 },
				default: 30,
				description: 'Frames per second of the result (1–60); without it the input rate is kept',
			},
		],
	},
	...waitFields({}, { maxWaitSeconds: 1800, pollIntervalSeconds: 5 }),
	downloadResultField({ show: { waitForCompletion: [true] } }, 'the result video'),
];

interface Params {
	video: CheckedVideo;
	fields: Record<string, string>;
	background?: { field: string; file: InputBinary & { extension: string } };
	wait: WaitOptions;
	download: boolean;
}

async function readBackgroundFile(
	ctx: IExecuteFunctions,
	read: ItemParameters,
	format: VideoFormat,
): Promise<Params['background']> {
	const target = BACKGROUND_FILE[format];
	if (!target) return undefined;
	const field = 'Background Binary Field';
	// Empty, or an expression that reads a missing field: the provider's default background.
	const property = read.optionalText('videoBackgroundBinaryPropertyName', field);
	if (property === undefined) return undefined;
	const file =
		target.kind === 'image'
			? await getCheckedImage(ctx, read.itemIndex, property, field)
			: await getCheckedVideo(ctx, read.itemIndex, property, field);
	return { field: target.field, file };
}

export const operation: ItemOperation<Params> = {
	async prepare(ctx: IExecuteFunctions, itemIndex: number): Promise<Params> {
		const read = itemParameters(ctx, itemIndex);
		const fields = readModelFields(read);
		const format = read.option('videoFormat', 'Output Format', VIDEO_FORMATS);
		fields.video_format = format;
		if (format === 'mp4_with_color') {
			fields.video_bg_color_enabled = 'true';
			fields.video_bg_color = readColor(read, 'videoBackgroundColor', 'Background Color');
		}
		read.collection('videoOptions', 'Video Options');
		const frameRate = read.optionalInteger('videoOptions.frameRate', 'Frame Rate', 1, 60);
		if (frameRate !== undefined) fields.framerate = String(frameRate);
		const frameLimit = read.optionalInteger(
			'videoOptions.frameLimit',
			'Frame Limit',
			1,
			MAX_FRAME_LIMIT,
		);
		if (frameLimit !== undefined) fields.frame_limit = String(frameLimit);
		const video = await getCheckedVideo(
			ctx,
			itemIndex,
			read.value('binaryPropertyName'),
			'Input Binary Field',
		);
		return {
			video,
			fields,
			background: await readBackgroundFile(ctx, read, format),
			wait: readWaitOptions(ctx, itemIndex),
			download: readDownloadResult(ctx, itemIndex),
		};
	},

	async run(ctx: IExecuteFunctions, params: Params, call: ItemCall) {
		const stem = safeStem(params.video.fileName, 'video');
		const { background } = params;
		const uuid = await submitConversion(ctx, {
			convertTo: 'video-backgroundremover',
			fields: params.fields,
			files: [
				{ field: 'files', file: formFile(params.video, `${stem}.${params.video.extension}`) },
				...(background
					? [
							{
								field: background.field,
								file: formFile(background.file, `background.${background.file.extension}`),
							},
						]
					: []),
			],
			call,
		});
		const operation = 'video.removeBackground';
		if (!params.wait.wait) {
			return resultItem({ provider: PROVIDER_ID, operation, status: 'processing', taskId: uuid });
		}
		const result = await waitForConversion(ctx, uuid, params.wait.schedule, call);
		return await conversionItem(ctx, result, uuid, {
			operation,
			download: params.download,
			call,
			source: sourceName(params.video.fileName, 'video'),
		});
	},
};
