import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { WaitOptions } from '../../../shared/settings';
import { downloadResultField, waitFields } from '../../../shared/descriptions';
import {
	readDownloadResult,
	readSkipDownloadAbove,
	readWaitOptions,
} from '../../../shared/settings';
import { skipDownloadAboveField } from '../../../shared/binaryLimit';
import type { ItemOperation } from '../../../shared/execute';
import { sourceName } from '../../../shared/naming';
import { itemParameters } from '../../../shared/parameters';
import type { ItemCall } from '../../../shared/run';
import { apiRequest } from '../../transport';
import type { UrlInput } from '../../helpers/urlInput';
import {
	readUrlInput,
	sourceOf,
	submitWithInputs,
	urlInputFields,
	urlToSend,
} from '../../helpers/urlInput';
import {
	taskFlagSchema,
	videoInput,
	videoResultReady,
	videoTaskItem,
	waitForVideoTask,
} from '../../helpers/videoTask';

const VIDEO_INPUT = videoInput(
	'Public http(s) URL of the video or GIF whose background is removed',
);

const OUTPUT_FORMATS = ['mov', 'webm'] as const;

export const option = {
	name: 'Remove Background',
	description: 'Remove the background of a video or GIF',
	action: 'Remove the background of a video',
};

export const description: INodeProperties[] = [
	...urlInputFields(VIDEO_INPUT),
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

interface Params {
	video: UrlInput;
	outputFormat: (typeof OUTPUT_FORMATS)[number];
	wait: WaitOptions;
	download: boolean;
	skipAboveBytes?: number;
}

export const operation: ItemOperation<Params> = {
	async prepare(ctx: IExecuteFunctions, itemIndex: number) {
		const read = itemParameters(ctx, itemIndex);
		return {
			video: await readUrlInput(ctx, itemIndex, VIDEO_INPUT),
			outputFormat: read.option('outputFormat', 'Output Format', OUTPUT_FORMATS),
			wait: readWaitOptions(ctx, itemIndex),
			download: readDownloadResult(ctx, itemIndex),
			skipAboveBytes: readSkipDownloadAbove(ctx, itemIndex),
		};
	},

	async run(ctx: IExecuteFunctions, params: Params, call: ItemCall, releaseSlot: () => void) {
		const { taskFlag } = await submitWithInputs(
			[params.video],
			async () =>
				await apiRequest(
					ctx,
					{
						method: 'GET',
						path: 'video/submitTaskByUrl',
						qs: () => ({
							videoUrl: urlToSend(ctx, params.video, params.wait),
							outputFormat: params.outputFormat,
						}),
						call,
						idempotent: false,
					},
					taskFlagSchema,
				),
		);
		const operation = 'video.removeBackground';
		const source = sourceName(sourceOf(params.video), taskFlag);
		if (!params.wait.wait) {
			return videoTaskItem(ctx, { status: 'processing', taskFlag }, taskFlag, {
				operation,
				download: false,
				call,
				source,
			});
		}
		const task = await waitForVideoTask(
			ctx,
			taskFlag,
			params.wait.schedule,
			call,
			videoResultReady,
		);
		// The result is on Cutout.pro's file storage: the next video is submitted during the download.
		releaseSlot();
		return await videoTaskItem(ctx, task, taskFlag, {
			operation,
			download: params.download,
			skipAboveBytes: params.skipAboveBytes,
			call,
			source,
		});
	},
};
