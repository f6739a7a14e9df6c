import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { OperationTable } from '../../shared/router';
import { routeOperation } from '../../shared/router';
import * as conversionGetResult from './conversion/getResult.operation';
import * as imageRemoveBackground from './image/removeBackground.operation';
import * as videoRemoveBackground from './video/removeBackground.operation';

/** Images go up several per conversion (a batch operation); videos and results one per item. */
const operations: OperationTable = {
	image: { removeBackground: imageRemoveBackground.operation },
	video: { removeBackground: videoRemoveBackground.operation },
	conversion: { getResult: conversionGetResult.operation },
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeOperation(this, operations);
}
