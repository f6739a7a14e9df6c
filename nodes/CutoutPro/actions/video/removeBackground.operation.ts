import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { skipDownloadAboveField } from '../../../shared/binaryLimit';
import { downloadResultField, waitFields, readWaitOptions } from '../../../shared/descriptions';
import type { ItemOperation } from '../../../shared/execute';
import { requireHttpUrl, requireOneOf } from '../../../shared/validation';
import { cutoutApiRequest } from '../../transport';
import { taskFlagSchema, videoResultReady, videoTaskItem, waitForVideoTask } from './common';

const OUTPUT_FORMATS = ['mov', 'webm'] as const;

const properties: INodeProperties[] = [
	{
		displayName: 'Video URL',
		name: 'videoUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://example.com/clip.mp4',
		hint: 'Cutout.pro takes only a public URL of a video or GIF, not a file upload. Put the file somewhere reachable first (e.g. S3) and pass its URL.',
		description: 'Public http(s) URL of the video or GIF whose background is removed',
	},
	{
		displayName: 'Output Format',
		name: 'outputFormat',
		type: 'options',
		options: [
			{ name: 'MOV (Transparent)', value: 'mov' },
			{ name: 'WebM (Transparent)', value: 'webm' },
		],
		default: 'mov',
		description: 'Container of the result video; both keep the transparency',
	},
	...waitFields({}, { maxWaitSeconds: 1800, pollIntervalSeconds: 5 }),
	downloadResultField({ show: { waitForCompletion: [true] } }, 'the result video'),
	skipDownloadAboveField({ show: { waitForCompletion: [true], downloadResult: [true] } }),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['video'], operation: ['removeBackground'] } },
	properties,
);

interface Params {
	videoUrl: string;
	outputFormat: (typeof OUTPUT_FORMATS)[number];
	wait: ReturnType<typeof readWaitOptions>;
	download: boolean;
}

export const operation: ItemOperation<Params> = {
	async prepare(ctx: IExecuteFunctions, itemIndex: number) {
		const node = ctx.getNode();
		return {
			videoUrl: requireHttpUrl(
				node,
				itemIndex,
				'Video URL',
				ctx.getNodeParameter('videoUrl', itemIndex),
			),
			outputFormat: requireOneOf(
				node,
				itemIndex,
				'Output Format',
				ctx.getNodeParameter('outputFormat', itemIndex),
				OUTPUT_FORMATS,
			),
			wait: readWaitOptions(ctx, itemIndex),
			download: ctx.getNodeParameter('downloadResult', itemIndex, true) as boolean,
		};
	},

	async run(ctx: IExecuteFunctions, params: Params, itemIndex: number, releaseSlot: () => void) {
		const { taskFlag } = await cutoutApiRequest(ctx, {
			method: 'GET',
			path: 'video/submitTaskByUrl',
			qs: { videoUrl: params.videoUrl, outputFormat: params.outputFormat },
			itemIndex,
			idempotent: false,
			data: taskFlagSchema,
		});
		const operation = 'video.removeBackground';
		if (!params.wait.wait) {
			return videoTaskItem(ctx, { status: 'processing', taskFlag }, taskFlag, {
				operation,
				download: false,
				itemIndex,
			});
		}
		const task = await waitForVideoTask(
			ctx,
			taskFlag,
			params.wait.schedule,
			itemIndex,
			videoResultReady,
		);
		// The result is on Cutout.pro's file storage: the next video is submitted during the download.
		releaseSlot();
		return await videoTaskItem(ctx, task, taskFlag, {
			operation,
			download: params.download,
			itemIndex,
		});
	},
};
