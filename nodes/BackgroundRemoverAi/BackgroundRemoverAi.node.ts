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

export class BackgroundRemoverAi implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'BackgroundRemoverAI',
		name: 'backgroundRemoverAi',
		icon: { light: 'file:backgroundRemoverAi.svg', dark: 'file:backgroundRemoverAi.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: operationSubtitle(registry),
		documentationUrl: readmeSection('backgroundremoverai'),
		description: 'Remove the background of images and videos with BackgroundRemoverAI',
		defaults: { name: 'BackgroundRemoverAI' },
		usableAsTool: true,
		builderHint: {
			searchHint:
				'BackgroundRemoverAI: remove the background of images (batched) and videos (transparent mov, matte key, gif, video over an image or video). Long videos: submit without waiting and collect with Get Result.',
			relatedNodes: [
				{
					nodeType: 'n8n-nodes-base.readWriteFile',
					relationHint: 'Save the cut-out files to disk',
				},
			],
		},
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'backgroundRemoverAiApi', required: true }],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeOperation(this, registry);
	}
}
