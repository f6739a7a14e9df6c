import type { INodeProperties } from 'n8n-workflow';

import { commonOptions } from '../../shared/descriptions';
import * as imageRemoveBackground from './image/removeBackground.operation';

/** Every parameter of the Ximilar node: resource, operation, the operation's fields, node options. */
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
				description: 'Cut out the subject of images, several per request',
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
				typeOptions: { minValue: 1, maxValue: 10 },
				default: 10,
				description:
					'How many images are sent in one request (Ximilar takes up to 10 records per request)',
			},
			// Here concurrency counts requests, each carrying a batch of images.
			...commonOptions.map((option) =>
				option.name === 'concurrency'
					? {
							...option,
							description: 'How many requests (batches of images) are sent at the same time',
						}
					: option,
			),
		],
	},
];
