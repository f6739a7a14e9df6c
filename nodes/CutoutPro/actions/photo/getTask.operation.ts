import { downloadResultField } from '../../../shared/descriptions';
import { getTaskOperation } from '../../../shared/getTask';
import { readDownloadResult } from '../../../shared/settings';
import { animationItem, getAnimationTask } from '../../helpers/photoTask';

export const { option, description, operation } = getTaskOperation({
	option: {
		name: 'Get Task',
		description: 'Get the status and result of an animation task',
		action: 'Get an animation task',
	},
	idField: {
		displayName: 'Task ID',
		name: 'taskId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 123456',
		description: 'The taskId output of Animate (Cutout.pro calls it taskId too)',
	},
	fields: [downloadResultField({}, 'the animation when the task is done')],
	operation: 'photo.getTask',
	read: (ctx, itemIndex) => ({ download: readDownloadResult(ctx, itemIndex) }),
	fetch: getAnimationTask,
	item: animationItem,
});
