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

export class CutoutPro implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Cutout.pro',
		name: 'cutoutPro',
		icon: { light: 'file:cutoutPro.svg', dark: 'file:cutoutPro.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: operationSubtitle(registry),
		documentationUrl: readmeSection('cutoutpro'),
		description:
			'Remove backgrounds from videos and images, and animate face photos, with Cutout.pro',
		defaults: { name: 'Cutout.pro' },
		usableAsTool: true,
		builderHint: {
			searchHint:
				'Cutout.pro: remove the background of a video (async task: submit, then Get Task, or let the Cutout.pro Trigger of this package start a workflow when it finishes), preview frames of a video, animate a face photo (Photo Animer), remove an image background (matting), read the credit balance. Binary output is the result file; the json carries status, taskId, resultUrl, width/height and cost.',
			relatedNodes: [
				{
					nodeType: 'n8n-nodes-base.httpRequest',
					relationHint: 'Fetch product photos or videos to pass in as binary input',
				},
			],
		},
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'cutoutProApi', required: true }],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeOperation(this, registry);
	}
}
