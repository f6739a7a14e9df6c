import type { INodeProperties } from 'n8n-workflow';

import { optionsCollection } from '../../shared/descriptions';
import type { OperationRegistry } from '../../shared/router';
import { operationProperties } from '../../shared/router';
import * as accountGetCredits from './account/getCredits.operation';
import * as imageEdit from './image/edit.operation';
import * as imageRemoveBackground from './image/removeBackground.operation';

/** The Photoroom node's resources and operations, declared once. */
export const registry: OperationRegistry = {
	image: {
		name: 'Image',
		operations: { removeBackground: imageRemoveBackground, edit: imageEdit },
	},
	account: { name: 'Account', operations: { getCredits: accountGetCredits } },
};

/** Every parameter of the Photoroom node: resource, operation, each operation's fields, options. */
export const properties: INodeProperties[] = [
	...operationProperties(registry, {
		resource: 'image',
		operations: { image: 'edit', account: 'getCredits' },
	}),
	optionsCollection([]),
];
