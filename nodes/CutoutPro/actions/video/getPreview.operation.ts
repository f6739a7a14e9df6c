import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ItemOperation } from '../../../shared/execute';
import { itemParameters } from '../../../shared/parameters';
import { downloadFramesField, getVideoTask, previewTaskItem, taskIdField } from '../../helpers/videoTask';

export const option = {
	name: 'Get Preview',
	description: 'Get the frames of a preview task',
	action: 'Get a video preview',
};

export const description: INodeProperties[] = [taskIdField('Create Preview'), downloadFramesField];

interface Params {
	taskFlag: string;
	downloadFrames: boolean;
}

export const operation: ItemOperation<Params> = {
	async prepare(ctx: IExecuteFunctions, itemIndex: number) {
		const read = itemParameters(ctx, itemIndex);
		return {
			taskFlag: read.text('taskFlag', 'Task ID'),
			downloadFrames: read.boolean('downloadFrames', 'Download Frames'),
		};
	},

	async run(ctx: IExecuteFunctions, params: Params, itemIndex: number) {
		const task = await getVideoTask(ctx, params.taskFlag, itemIndex);
		return await previewTaskItem(ctx, task, params.taskFlag, {
			operation: 'video.getPreview',
			downloadFrames: params.downloadFrames,
			itemIndex,
			source: params.taskFlag,
		});
	},
};
