import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { readConcurrency } from './descriptions';
import type { BatchOperation, ItemOperation } from './execute';
import { executeBatches, executeItems } from './execute';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyOperation = ItemOperation<any> | BatchOperation<any>;

/** resource → operation → its implementation, as each provider's router declares it. */
export type OperationTable = Record<string, Record<string, AnyOperation>>;

/** Runs the operation the node is set to, per item or in batches, with the node's concurrency. */
export async function routeOperation(
	ctx: IExecuteFunctions,
	operations: OperationTable,
): Promise<INodeExecutionData[][]> {
	const resource = ctx.getNodeParameter('resource', 0) as string;
	const operationName = ctx.getNodeParameter('operation', 0) as string;
	const operation = operations[resource]?.[operationName];
	if (!operation) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The operation "${operationName}" of resource "${resource}" is not supported`,
		);
	}
	const concurrency = readConcurrency(ctx);
	return 'runBatch' in operation
		? await executeBatches(ctx, operation, concurrency)
		: await executeItems(ctx, operation, concurrency);
}
