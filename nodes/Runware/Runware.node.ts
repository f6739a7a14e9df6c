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

export class Runware implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Runware',
		name: 'runware',
		icon: { light: 'file:runware.svg', dark: 'file:runware.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: operationSubtitle(registry),
		documentationUrl: readmeSection('runware'),
		description: 'Remove image backgrounds with Runware models (RemBG, Bria RMBG, BiRefNet)',
		defaults: { name: 'Runware' },
		usableAsTool: true,
		builderHint: {
			searchHint:
				'Runware: remove image backgrounds with RemBG, Bria RMBG or BiRefNet models; json carries cost and resultUrl.',
			relatedNodes: [
				{
					nodeType: 'n8n-nodes-base.removeDuplicates',
					relationHint: 'Skip products already processed in earlier runs before paying again',
				},
			],
		},
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'runwareApi', required: true }],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeOperation(this, registry);
	}
}
