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
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'cutoutProApi', required: true }],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeOperation(this, registry);
	}
}
