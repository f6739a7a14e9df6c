import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { downloadResultField } from '../../../shared/descriptions';
import type { ItemOperation } from '../../../shared/execute';
import { requireNonEmptyString } from '../../../shared/validation';
import { animationItem, getAnimationTask } from './common';

const properties: INodeProperties[] = [
	{
		displayName: 'Task ID',
		name: 'taskId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 123456',
		description: 'The task ID returned by Animate (field taskId)',
	},
	downloadResultField({}, 'the animation when the task is done'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['photo'], operation: ['getTask'] } },
	properties,
);

interface Params {
	taskId: string;
	download: boolean;
}

export const operation: ItemOperation<Params> = {
	async prepare(ctx: IExecuteFunctions, itemIndex: number) {
		const taskId = requireNonEmptyString(
			ctx.getNode(),
			itemIndex,
			'Task ID',
			ctx.getNodeParameter('taskId', itemIndex),
		);
		return { taskId, download: ctx.getNodeParameter('downloadResult', itemIndex, true) as boolean };
	},

	async run(ctx: IExecuteFunctions, params: Params, itemIndex: number) {
		const task = await getAnimationTask(ctx, params.taskId, itemIndex);
		return await animationItem(ctx, task, params.taskId, {
			operation: 'photo.getTask',
			download: params.download,
			itemIndex,
		});
	},
};
