import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { properties } from './actions/properties';
import { router } from './actions/router';

export class CutoutPro implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Cutout.pro',
		name: 'cutoutPro',
		icon: { light: 'file:cutoutPro.svg', dark: 'file:cutoutPro.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
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
		return await router.call(this);
	}
}
