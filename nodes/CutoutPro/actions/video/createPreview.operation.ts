import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readWaitOptions, waitFields } from '../../../shared/descriptions';
import type { ItemOperation } from '../../../shared/execute';
import { requireHttpUrl } from '../../../shared/validation';
import { cutoutApiRequest } from '../../transport';
import { previewReady, previewTaskItem, taskFlagSchema, waitForVideoTask } from './common';

export const downloadFramesField: INodeProperties = {
	displayName: 'Download Frames',
	name: 'downloadFrames',
	type: 'boolean',
	default: false,
	description:
		'Whether to download each frame as binaries: "preview_N" (background removed) and "original_N" (the source frame)',
};

const properties: INodeProperties[] = [
	{
		displayName: 'Video URL',
		name: 'videoUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://example.com/clip.mp4',
		hint: 'Cutout.pro takes only a public URL of a video or GIF, not a file upload',
		description: 'Public http(s) URL of the video or GIF to preview',
	},
	...waitFields({}, { maxWaitSeconds: 600, pollIntervalSeconds: 3 }),
	{ ...downloadFramesField, displayOptions: { show: { waitForCompletion: [true] } } },
];

export const description = updateDisplayOptions(
	{ show: { resource: ['video'], operation: ['createPreview'] } },
	properties,
);

interface Params {
	videoUrl: string;
	wait: ReturnType<typeof readWaitOptions>;
	downloadFrames: boolean;
}

export const operation: ItemOperation<Params> = {
	async prepare(ctx: IExecuteFunctions, itemIndex: number) {
		return {
			videoUrl: requireHttpUrl(
				ctx.getNode(),
				itemIndex,
				'Video URL',
				ctx.getNodeParameter('videoUrl', itemIndex),
			),
			wait: readWaitOptions(ctx, itemIndex),
			downloadFrames: ctx.getNodeParameter('downloadFrames', itemIndex, false) as boolean,
		};
	},

	async run(ctx: IExecuteFunctions, params: Params, itemIndex: number) {
		const { taskFlag } = await cutoutApiRequest(ctx, {
			method: 'GET',
			path: 'video/submitVideoImagePreviewTaskByUrl',
			qs: { videoUrl: params.videoUrl },
			itemIndex,
			idempotent: false,
			data: taskFlagSchema,
		});
		const operation = 'video.createPreview';
		if (!params.wait.wait) {
			return await previewTaskItem(ctx, { status: 'processing', taskFlag }, taskFlag, {
				operation,
				downloadFrames: false,
				itemIndex,
			});
		}
		const task = await waitForVideoTask(
			ctx,
			taskFlag,
			params.wait.schedule,
			itemIndex,
			previewReady,
		);
		return await previewTaskItem(ctx, task, taskFlag, {
			operation,
			downloadFrames: params.downloadFrames,
			itemIndex,
		});
	},
};
