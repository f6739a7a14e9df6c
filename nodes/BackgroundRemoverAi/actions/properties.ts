import type { INodeProperties } from 'n8n-workflow';

import { batchSizeOption, onlyFor, optionsCollection } from '../../shared/descriptions';
import type { OperationRegistry } from '../../shared/router';
import { operationProperties } from '../../shared/router';
import * as conversionGetResult from './conversion/getResult.operation';
import * as imageRemoveBackground from './image/removeBackground.operation';
import * as videoRemoveBackground from './video/removeBackground.operation';

/** The BackgroundRemoverAI node's resources and operations, declared once. */
export const registry: OperationRegistry = {
	image: { name: 'Image', operations: { removeBackground: imageRemoveBackground } },
	video: { name: 'Video', operations: { removeBackground: videoRemoveBackground } },
	conversion: { name: 'Conversion', operations: { getResult: conversionGetResult } },
};

/** Every parameter of the BackgroundRemoverAI node: resource, operation, its fields, options. */
export const properties: INodeProperties[] = [
	...operationProperties(registry, {
		resource: 'image',
		operations: { image: 'removeBackground', video: 'removeBackground', conversion: 'getResult' },
	}),
	optionsCollection([
		batchSizeOption(
			imageRemoveBackground.MAX_BATCH_SIZE,
			imageRemoveBackground.DEFAULT_BATCH_SIZE,
			'How many images are uploaded together in one conversion (items with different settings go in separate conversions)',
			onlyFor('image', ['removeBackground']),
		),
	]),
];
