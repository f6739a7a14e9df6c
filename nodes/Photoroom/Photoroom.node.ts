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

export class Photoroom implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Photoroom',
		name: 'photoroom',
		icon: { light: 'file:photoroom.svg', dark: 'file:photoroom.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: operationSubtitle(registry),
		documentationUrl: readmeSection('photoroom'),
		description:
			'Remove backgrounds and make catalog-ready product photos with Photoroom (white background, padding, square size, marketplace presets)',
		defaults: { name: 'Photoroom' },
		usableAsTool: true,
		builderHint: {
			searchHint:
				'Photoroom: remove backgrounds and make catalog-ready product photos (white background, padding, square size, marketplace presets such as Amazon main image). Use Image > Edit with a Marketplace preset for listing images.',
			relatedNodes: [
				{
					nodeType: 'n8n-nodes-base.removeDuplicates',
					relationHint: 'Skip SKUs already processed in earlier runs before paying again',
				},
			],
		},
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'photoroomApi', required: true }],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeOperation(this, registry);
	}
}
