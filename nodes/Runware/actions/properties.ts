import type { INodeProperties } from 'n8n-workflow';

import { commonOptions } from '../../shared/descriptions';
import * as imageRemoveBackground from './image/removeBackground.operation';
import { DEFAULT_BATCH_SIZE, MAX_BATCH_SIZE } from './image/removeBackground.operation';

/** Every parameter of the Runware node: resource, operation, then each operation's own fields. */
export const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [{ name: 'Image', value: 'image' }],
		default: 'image',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['image'] } },
		options: [
			{
				name: 'Remove Background',
				value: 'removeBackground',
				description: 'Cut out the subject of images; several items share one request',
				action: 'Remove the background of an image',
			},
		],
		default: 'removeBackground',
	},
	...imageRemoveBackground.description,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Batch Size',
				name: 'batchSize',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_BATCH_SIZE },
				default: DEFAULT_BATCH_SIZE,
				description:
					'How many items are sent to Runware in one request, each as its own task (Concurrency then counts requests)',
			},
			...commonOptions,
			{
				displayName: 'Output Quality',
				name: 'outputQuality',
				type: 'number',
				typeOptions: { minValue: 20, maxValue: 99 },
				default: 95,
				description: 'Compression quality of JPG and WEBP results (20–99; Runware’s default is 95)',
			},
		],
	},
];
