import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { OperationTable } from '../../shared/router';
import { routeOperation } from '../../shared/router';
import * as imageRemoveBackground from './image/removeBackground.operation';
import * as photoAnimate from './photo/animate.operation';
import * as photoGetTask from './photo/getTask.operation';
import * as videoCreatePreview from './video/createPreview.operation';
import * as videoGetPreview from './video/getPreview.operation';
import * as videoGetTask from './video/getTask.operation';
import * as videoRemoveBackground from './video/removeBackground.operation';

const operations: OperationTable = {
	video: {
		removeBackground: videoRemoveBackground.operation,
		getTask: videoGetTask.operation,
		createPreview: videoCreatePreview.operation,
		getPreview: videoGetPreview.operation,
	},
	photo: {
		animate: photoAnimate.operation,
		getTask: photoGetTask.operation,
	},
	image: {
		removeBackground: imageRemoveBackground.operation,
	},
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeOperation(this, operations);
}
