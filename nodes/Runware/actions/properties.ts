import type { INodeProperties } from 'n8n-workflow';

import { batchSizeOption, onlyFor, optionsCollection } from '../../shared/descriptions';
import type { OperationRegistry } from '../../shared/router';
import { operationProperties } from '../../shared/router';
import * as accountGetCredits from './account/getCredits.operation';
import * as imageRemoveBackground from './image/removeBackground.operation';
import { DEFAULT_BATCH_SIZE, MAX_BATCH_SIZE } from './image/removeBackground.operation';

/** The Runware node's resources and operations, declared once. */
export const registry: OperationRegistry = {
	image: { name: 'Image', operations: { removeBackground: imageRemoveBackground } },
	account: { name: 'Account', operations: { getCredits: accountGetCredits } },
};

/** Every parameter of the Runware node: resource, operation, each operation's fields, options. */
export const properties: INodeProperties[] = [
	...operationProperties(registry, {
		resource: 'image',
		operations: { image: 'removeBackground', account: 'getCredits' },
	}),
	optionsCollection([
		batchSizeOption(
			MAX_BATCH_SIZE,
			DEFAULT_BATCH_SIZE,
			'How many items are sent to Runware in one request, each as its own task (Concurrency then counts requests)',
			onlyFor('image', ['removeBackground']),
		),
		{
			displayName: 'Output Quality',
			name: 'outputQuality',
			type: 'number',
			typeOptions: { minValue: 20, maxValue: 99 },
			default: 95,
			description: 'Compression quality of JPG and WEBP results (20–99; Runware’s default is 95)',
			displayOptions: onlyFor('image', ['removeBackground']),
		},
	]),
];
