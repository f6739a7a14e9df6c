import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { readConcurrency } from '../../shared/descriptions';
import type { ItemOperation } from '../../shared/execute';
import { executeItems } from '../../shared/execute';
import * as imageRemoveBackground from './image/removeBackground.operation';
import * as photoAnimate from './photo/animate.operation';
import * as photoGetTask from './photo/getTask.operation';
import * as videoCreatePreview from './video/createPreview.operation';
import * as videoGetPreview from './video/getPreview.operation';
import * as videoGetTask from './video/getTask.operation';
import * as videoRemoveBackground from './video/removeBackground.operation';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const operations: Record<string, Record<string, ItemOperation<any>>> = {
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
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = operations[resource]?.[operationName];
	if (!operation) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operationName}" of resource "${resource}" is not supported`,
		);
	}
	return await executeItems(this, operation, readConcurrency(this));
}
