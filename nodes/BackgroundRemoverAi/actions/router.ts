import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { readConcurrency } from '../../shared/descriptions';
import { executeBatches, executeItems } from '../../shared/execute';
import * as conversionGetResult from './conversion/getResult.operation';
import * as imageRemoveBackground from './image/removeBackground.operation';
import * as videoRemoveBackground from './video/removeBackground.operation';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const concurrency = readConcurrency(this);
	switch (`${resource}.${operation}`) {
		case 'image.removeBackground':
			// Several images go up in one conversion; batches run side by side.
			return await executeBatches(this, imageRemoveBackground.operation, concurrency);
		case 'video.removeBackground':
			return await executeItems(this, videoRemoveBackground.operation, concurrency);
		case 'conversion.getResult':
			return await executeItems(this, conversionGetResult.operation, concurrency);
		default:
			throw new NodeOperationError(
				this.getNode(),
				`The operation "${operation}" of resource "${resource}" is not supported`,
			);
	}
}
