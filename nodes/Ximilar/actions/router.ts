import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { readConcurrency } from '../../shared/descriptions';
import type { BatchOperation } from '../../shared/execute';
import { executeBatches } from '../../shared/execute';
import * as imageRemoveBackground from './image/removeBackground.operation';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const operations: Record<string, Record<string, BatchOperation<any>>> = {
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
	return await executeBatches(this, operation, readConcurrency(this));
}
