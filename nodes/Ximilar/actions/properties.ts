import type { INodeProperties } from 'n8n-workflow';

import {
	batchSizeOption,
	commonOptions,
	onlyFor,
	optionsCollection,
} from '../../shared/descriptions';
import type { OperationRegistry } from '../../shared/router';
import { operationProperties } from '../../shared/router';
import * as accountGetCredits from './account/getCredits.operation';
import * as imageRemoveBackground from './image/removeBackground.operation';

/** The Ximilar node's resources and operations, declared once. */
export const registry: OperationRegistry = {
	image: { name: 'Image', operations: { removeBackground: imageRemoveBackground } },
	account: { name: 'Account', operations: { getCredits: accountGetCredits } },
};

/** Every parameter of the Ximilar node: resource, operation, the operation's fields, node options. */
export const properties: INodeProperties[] = [
	...operationProperties(registry, {
		resource: 'image',
		operations: { image: 'removeBackground', account: 'getCredits' },
	}),
	optionsCollection(
		[
			batchSizeOption(
				imageRemoveBackground.MAX_BATCH_SIZE,
				imageRemoveBackground.MAX_BATCH_SIZE,
				'How many images are sent in one request (Ximilar takes up to 10 records per request)',
				onlyFor('image', ['removeBackground']),
			),
		],
		// Here concurrency counts requests, each carrying a batch of images.
		commonOptions.map((option) =>
			option.name === 'concurrency'
				? {
						...option,
						description: 'How many requests (batches of images) are sent at the same time',
					}
				: option,
		),
	),
];
