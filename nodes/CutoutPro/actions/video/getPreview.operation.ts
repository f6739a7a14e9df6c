import { getTaskOperation } from '../../../shared/getTask';
import { itemParameters } from '../../../shared/parameters';
import {
	downloadFramesField,
	getVideoTask,
	previewTaskItem,
	taskIdField,
} from '../../helpers/videoTask';

export const { option, description, operation } = getTaskOperation({
	option: {
		name: 'Get Preview',
		description: 'Get the frames of a preview task',
		action: 'Get a video preview',
	},
	idField: taskIdField('Create Preview'),
	fields: [downloadFramesField],
	operation: 'video.getPreview',
	read: (ctx, itemIndex) => ({
		downloadFrames: itemParameters(ctx, itemIndex).boolean('downloadFrames', 'Download Frames'),
	}),
	fetch: getVideoTask,
	item: previewTaskItem,
});
