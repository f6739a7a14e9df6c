import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { downloadResultField } from '../../../shared/descriptions';
import { readDownloadResult, readSkipDownloadAbove } from '../../../shared/settings';
import { skipDownloadAboveField } from '../../../shared/binaryLimit';
import type { ItemOperation } from '../../../shared/execute';
import { itemParameters } from '../../../shared/parameters';
import { getVideoTask, taskIdField, videoTaskItem } from '../../helpers/videoTask';

export const option = {
	name: 'Get Task',
	description: 'Get the status and result of a video task',
	action: 'Get a video task',
};

export const description: INodeProperties[] = [
	taskIdField('Remove Background'),
	downloadResultField({}, 'the result video when the task is done'),
	skipDownloadAboveField({ show: { downloadResult: [true] } }),
];

interface Params {
	taskFlag: string;
	download: boolean;
	skipAboveBytes?: number;
}

export const operation: ItemOperation<Params> = {
	async prepare(ctx: IExecuteFunctions, itemIndex: number) {
		return {
			taskFlag: itemParameters(ctx, itemIndex).text('taskFlag', 'Task ID'),
			download: readDownloadResult(ctx, itemIndex),
			skipAboveBytes: readSkipDownloadAbove(ctx, itemIndex),
		};
	},

	async run(ctx: IExecuteFunctions, params: Params, itemIndex: number) {
		const task = await getVideoTask(ctx, params.taskFlag, itemIndex);
		// Named after the task: the input video's name is not known here.
		return await videoTaskItem(ctx, task, params.taskFlag, {
			operation: 'video.getTask',
			download: params.download,
			skipAboveBytes: params.skipAboveBytes,
			itemIndex,
			source: params.taskFlag,
		});
	},
};
