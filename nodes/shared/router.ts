import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import type { BatchOperation, ItemOperation } from './execute';
import { executeBatches, executeItems } from './execute';
import { itemParameters } from './parameters';
import { startNodeRun } from './run';
import { readExecutionSettings } from './settings';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyOperation = ItemOperation<any> | BatchOperation<any>;

/** One operation file: how it is listed, its fields, and its work, side by side. */
export interface OperationModule {
	/** Its entry in the Operation list. */
	option: { name: string; description: string; action: string };
	/** Its own fields; the registry shows them only for this resource and operation. */
	description: INodeProperties[];
	operation: AnyOperation;
}

export interface ResourceDefinition {
	name: string;
	operations: Record<string, OperationModule>;
}

/**
 * A node's resources and operations, declared once: the Resource and Operation parameters, each
 * operation's fields, the canvas subtitle and the routing are all made from it.
 */
export type OperationRegistry = Record<string, ResourceDefinition>;

const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);

/** Resource, Operation and every operation's fields, in the order n8n's UI expects. */
export function operationProperties(
	registry: OperationRegistry,
	defaults: { resource: string; operations: Record<string, string> },
): INodeProperties[] {
	const resources = Object.entries(registry);
	const resourceParameter: INodeProperties = {
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: resources.map(([value, { name }]) => ({ name, value })).sort(byName),
		default: '',
	};
	resourceParameter.default = defaults.resource;
	const properties: INodeProperties[] = [resourceParameter];
	for (const [resource, { operations }] of resources) {
		const operationParameter: INodeProperties = {
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [resource] } },
			options: Object.entries(operations)
				.map(([value, { option }]) => ({ ...option, value }))
				.sort(byName),
			default: '',
		};
		operationParameter.default = defaults.operations[resource] ?? Object.keys(operations)[0];
		properties.push(operationParameter);
	}
	for (const [resource, { operations }] of resources) {
		for (const [operation, module] of Object.entries(operations)) {
			properties.push(
				...updateDisplayOptions(
					{ show: { resource: [resource], operation: [operation] } },
					module.description,
				),
			);
		}
	}
	return properties;
}

/** The canvas subtitle in words ("Video: Remove Background"), not parameter values. */
export function operationSubtitle(registry: OperationRegistry): string {
	const words: Record<string, string> = {};
	for (const [resource, { name, operations }] of Object.entries(registry))
		for (const [operation, { option }] of Object.entries(operations))
			words[`${resource}:${operation}`] = `${name}: ${option.name}`;
	// A flat lookup in parentheses: n8n's expression splitter ends an expression at the first "}}".
	return `={{ (${JSON.stringify(words)})[$parameter["resource"] + ":" + $parameter["operation"]] }}`;
}

/** Runs the operation the node is set to, per item or in batches, with the node's concurrency. */
export async function routeOperation(
	ctx: IExecuteFunctions,
	registry: OperationRegistry,
): Promise<INodeExecutionData[][]> {
	const read = itemParameters(ctx, 0);
	const resource = read.text('resource', 'Resource');
	const operationName = read.text('operation', 'Operation');
	const operation = registry[resource]?.operations[operationName]?.operation;
	if (!operation) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The operation "${operationName}" of resource "${resource}" is not supported`,
			{ itemIndex: 0 },
		);
	}
	return await runOperation(ctx, operation, `${resource}.${operationName}`);
}

/**
 * Runs one operation for every input item. The execution's settings are read here, once, and
 * handed down; the execution's places in its accounts' limits are given back whatever happens.
 */
export async function runOperation(
	ctx: IExecuteFunctions,
	operation: AnyOperation,
	label = 'operation',
): Promise<INodeExecutionData[][]> {
	const run = startNodeRun(readExecutionSettings(ctx), label);
	try {
		return 'runBatch' in operation
			? await executeBatches(ctx, operation, run)
			: await executeItems(ctx, operation, run);
	} finally {
		run.limit.close();
	}
}
