import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { skipDownloadAboveField } from '../../../shared/binaryLimit';
import { downloadResultField } from '../../../shared/descriptions';
import type { ItemOperation } from '../../../shared/execute';
import { requireNonEmptyString } from '../../../shared/validation';
import { getVideoTask, videoTaskItem } from './common';

const properties: INodeProperties[] = [
	{
		displayName: 'Task Flag',
		name: 'taskFlag',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 08ba8388bdb54498a3bb0fc92ce2341e',
		description: 'The task ID returned by Remove Background (field taskId)',
	},
	downloadResultField({}, 'the result video when the task is done'),
	skipDownloadAboveField({ show: { downloadResult: [true] } }),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['video'], operation: ['getTask'] } },
	properties,
);

interface Params {
	taskFlag: string;
	download: boolean;
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
			download: ctx.getNodeParameter('downloadResult', itemIndex, true) as boolean,
		};
	},

	async run(ctx: IExecuteFunctions, params: Params, itemIndex: number) {
		const task = await getVideoTask(ctx, params.taskFlag, itemIndex);
		return await videoTaskItem(ctx, task, params.taskFlag, {
			operation: 'video.getTask',
			download: params.download,
			itemIndex,
		});
	},
};
