import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { downloadResultField } from '../../../shared/descriptions';
import { readDownloadResult } from '../../../shared/settings';
import type { ItemOperation } from '../../../shared/execute';
import { itemParameters } from '../../../shared/parameters';
import { animationItem, getAnimationTask } from '../../helpers/photoTask';

export const option = {
	name: 'Get Task',
	description: 'Get the status and result of an animation task',
	action: 'Get an animation task',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Task ID',
		name: 'taskId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 123456',
		description: 'The taskId output of Animate (Cutout.pro calls it taskId too)',
	},
	downloadResultField({}, 'the animation when the task is done'),
];

interface Params {
	taskId: string;
	download: boolean;
}

export const operation: ItemOperation<Params> = {
	async prepare(ctx: IExecuteFunctions, itemIndex: number) {
		return {
			taskId: itemParameters(ctx, itemIndex).text('taskId', 'Task ID'),
			download: readDownloadResult(ctx, itemIndex),
		};
	},

	async run(ctx: IExecuteFunctions, params: Params, itemIndex: number) {
		const task = await getAnimationTask(ctx, params.taskId, itemIndex);
		// Named after the task: the portrait's name is not known here.
		return await animationItem(ctx, task, params.taskId, {
			operation: 'photo.getTask',
			download: params.download,
			itemIndex,
			source: params.taskId,
		});
	},
};
