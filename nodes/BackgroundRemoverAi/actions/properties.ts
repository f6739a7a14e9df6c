import type { INodeProperties } from 'n8n-workflow';

import { commonOptions } from '../../shared/descriptions';
import * as conversionGetResult from './conversion/getResult.operation';
import * as imageRemoveBackground from './image/removeBackground.operation';
import * as videoRemoveBackground from './video/removeBackground.operation';

/** Every parameter of the BackgroundRemoverAI node: resource, operation, then each operation's fields. */
export const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Conversion', value: 'conversion' },
			{ name: 'Image', value: 'image' },
			{ name: 'Video', value: 'video' },
		],
		default: 'image',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['image'] } },
		options: [
			{
				name: 'Remove Background',
				value: 'removeBackground',
				description: 'Cut out the subject of one or many images',
				action: 'Remove the background of an image',
			},
		],
		default: 'removeBackground',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['video'] } },
		options: [
			{
				name: 'Remove Background',
				value: 'removeBackground',
				description: 'Remove the background of a video',
				action: 'Remove the background of a video',
			},
		],
		default: 'removeBackground',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['conversion'] } },
		options: [
			{
				name: 'Get Result',
				value: 'getResult',
				description: 'Get the status and files of a conversion',
				action: 'Get the result of a conversion',
			},
		],
		default: 'getResult',
	},
	...imageRemoveBackground.description,
	...videoRemoveBackground.description,
	...conversionGetResult.description,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [imageRemoveBackground.batchSizeOption, ...commonOptions],
	},
];
