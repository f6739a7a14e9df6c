import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { WaitOptions } from '../../../shared/settings';
import { waitFields } from '../../../shared/descriptions';
import { readWaitOptions } from '../../../shared/settings';
import type { ItemOperation } from '../../../shared/execute';
import { sourceName } from '../../../shared/naming';
import { itemParameters } from '../../../shared/parameters';
import type { ItemCall } from '../../../shared/run';
import { apiRequest } from '../../transport';
import {
	downloadFramesField,
	previewReady,
	previewTaskItem,
	taskFlagSchema,
	videoInput,
	waitForVideoTask,
} from '../../helpers/videoTask';
import type { UrlInput } from '../../helpers/urlInput';
import {
	readUrlInput,
	sourceOf,
	submitWithInputs,
	urlInputFields,
	urlToSend,
} from '../../helpers/urlInput';

const VIDEO_INPUT = videoInput('Public http(s) URL of the video or GIF to preview');

export const option = {
	name: 'Create Preview',
	description: 'Preview a few frames with the background removed',
	action: 'Create a video preview',
};

export const description: INodeProperties[] = [
	...urlInputFields(VIDEO_INPUT),
	...waitFields({}, { maxWaitSeconds: 600, pollIntervalSeconds: 3 }),
	{ ...downloadFramesField, displayOptions: { show: { waitForCompletion: [true] } } },
];

interface Params {
	video: UrlInput;
	wait: WaitOptions;
	downloadFrames: boolean;
}

export const operation: ItemOperation<Params> = {
	async prepare(ctx: IExecuteFunctions, itemIndex: number) {
		const read = itemParameters(ctx, itemIndex);
		return {
			video: await readUrlInput(ctx, itemIndex, VIDEO_INPUT),
			wait: readWaitOptions(ctx, itemIndex),
			downloadFrames: read.boolean('downloadFrames', 'Download Frames'),
		};
	},

	async run(ctx: IExecuteFunctions, params: Params, call: ItemCall) {
		const { taskFlag } = await submitWithInputs(
			[params.video],
			async () =>
				await apiRequest(
					ctx,
					{
						method: 'GET',
						path: 'video/submitVideoImagePreviewTaskByUrl',
						qs: () => ({ videoUrl: urlToSend(ctx, params.video, params.wait) }),
						call,
						idempotent: false,
					},
					taskFlagSchema,
				),
		);
		const operation = 'video.createPreview';
		const source = sourceName(sourceOf(params.video), taskFlag);
		if (!params.wait.wait) {
			return await previewTaskItem(ctx, { status: 'processing', taskFlag }, taskFlag, {
				operation,
				downloadFrames: false,
				call,
				source,
			});
		}
		const task = await waitForVideoTask(ctx, taskFlag, params.wait.schedule, call, previewReady);
		return await previewTaskItem(ctx, task, taskFlag, {
			operation,
			downloadFrames: params.downloadFrames,
			call,
			source,
		});
	},
};
