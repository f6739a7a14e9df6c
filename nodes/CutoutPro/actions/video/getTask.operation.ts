import { skipDownloadAboveField } from '../../../shared/binaryLimit';
import { downloadResultField } from '../../../shared/descriptions';
import { getTaskOperation } from '../../../shared/getTask';
import { readDownloadResult, readSkipDownloadAbove } from '../../../shared/settings';
import { getVideoTask, taskIdField, videoTaskItem } from '../../helpers/videoTask';

export const { option, description, operation } = getTaskOperation({
	option: {
		name: 'Get Task',
		description: 'Get the status and result of a video task',
		action: 'Get a video task',
	},
	idField: taskIdField('Remove Background'),
	fields: [
		downloadResultField({}, 'the result video when the task is done'),
		skipDownloadAboveField({ show: { downloadResult: [true] } }),
	],
	operation: 'video.getTask',
	read: (ctx, itemIndex) => ({
		download: readDownloadResult(ctx, itemIndex),
		skipAboveBytes: readSkipDownloadAbove(ctx, itemIndex),
	}),
	fetch: getVideoTask,
	item: videoTaskItem,
});
