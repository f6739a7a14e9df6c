import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ItemOperation } from '../../../shared/execute';
import { requireNonEmptyString } from '../../../shared/validation';
import { getVideoTask, previewTaskItem } from './common';
import { downloadFramesField } from './createPreview.operation';

const properties: INodeProperties[] = [
	{
		displayName: 'Task Flag',
		name: 'taskFlag',
		type: 'string',
		default: '',
		required: true,
		description: 'The task ID returned by Create Preview (field taskId)',
	},
	downloadFramesField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['video'], operation: ['getPreview'] } },
	properties,
);

interface Params {
	taskFlag: string;
	downloadFrames: boolean;
}

export const operation: ItemOperation<Params> = {
	async prepare(ctx: IExecuteFunctions, itemIndex: number) {
		return {
			taskFlag: requireNonEmptyString(
				ctx.getNode(),
				itemIndex,
				'Task Flag',
				ctx.getNodeParameter('taskFlag', itemIndex),
			),
			downloadFrames: ctx.getNodeParameter('downloadFrames', itemIndex, false) as boolean,
		};
	},

	async run(ctx: IExecuteFunctions, params: Params, itemIndex: number) {
		const task = await getVideoTask(ctx, params.taskFlag, itemIndex);
		return await previewTaskItem(ctx, task, params.taskFlag, {
			operation: 'video.getPreview',
			downloadFrames: params.downloadFrames,
			itemIndex,
		});
	},
};
