import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { OperationTable } from '../../shared/router';
import { routeOperation } from '../../shared/router';
import * as imageRemoveBackground from './image/removeBackground.operation';

const operations: OperationTable = {
	image: {
		removeBackground: imageRemoveBackground.operation,
	},
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeOperation(this, operations);
}
