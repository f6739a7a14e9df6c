import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { readmeSection } from '../shared/descriptions';
import { operationSubtitle, routeOperation } from '../shared/router';
import { properties, registry } from './actions/properties';

export class Ximilar implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Ximilar',
		name: 'ximilar',
		icon: { light: 'file:ximilar.svg', dark: 'file:ximilar.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: operationSubtitle(registry),
		documentationUrl: readmeSection('ximilar'),
		description: 'Remove image backgrounds in batches with Ximilar (precise or fast model)',
		defaults: { name: 'Ximilar' },
		usableAsTool: true,
		builderHint: {
			searchHint:
				'Ximilar: remove image backgrounds in batches (precise or fast model), with an optional mask and a white-background version. Input: image URL or binary; output: transparent PNG plus json with width, height and resultUrl.',
			relatedNodes: [
				{
					nodeType: 'n8n-nodes-base.removeDuplicates',
					relationHint: 'Skip products already processed in earlier runs before paying again',
				},
			],
		},
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'ximilarApi', required: true }],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeOperation(this, registry);
	}
}
