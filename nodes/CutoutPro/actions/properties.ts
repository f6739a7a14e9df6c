import type { INodeProperties } from 'n8n-workflow';

import { commonOptions } from '../../shared/descriptions';
import * as imageRemoveBackground from './image/removeBackground.operation';
import * as photoAnimate from './photo/animate.operation';
import * as photoGetTask from './photo/getTask.operation';
import * as videoCreatePreview from './video/createPreview.operation';
import * as videoGetPreview from './video/getPreview.operation';
import * as videoGetTask from './video/getTask.operation';
import * as videoRemoveBackground from './video/removeBackground.operation';

/** Every parameter of the Cutout.pro node: resource, operation, then each operation's own fields. */
export const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Image', value: 'image' },
			{ name: 'Photo Animation', value: 'photo' },
			{ name: 'Video', value: 'video' },
		],
		default: 'video',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['video'] } },
		options: [
			{
				name: 'Create Preview',
				value: 'createPreview',
				description: 'Preview a few frames with the background removed',
				action: 'Create a video preview',
			},
			{
				name: 'Get Preview',
				value: 'getPreview',
				description: 'Get the frames of a preview task',
				action: 'Get a video preview',
			},
			{
				name: 'Get Task',
				value: 'getTask',
				description: 'Get the status and result of a video task',
				action: 'Get a video task',
			},
			{
				name: 'Remove Background',
				value: 'removeBackground',
				description: 'Remove the background of a video or GIF',
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
		displayOptions: { show: { resource: ['photo'] } },
		options: [
			{
				name: 'Animate',
				value: 'animate',
				description: 'Animate a face photo with an expression template (Photo Animer)',
				action: 'Animate a face photo',
			},
			{
				name: 'Get Task',
				value: 'getTask',
				description: 'Get the status and result of an animation task',
				action: 'Get an animation task',
			},
		],
		default: 'animate',
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
				description: 'Cut out the subject of an image',
				action: 'Remove the background of an image',
			},
		],
		default: 'removeBackground',
	},
	...videoRemoveBackground.description,
	...videoGetTask.description,
	...videoCreatePreview.description,
	...videoGetPreview.description,
	...photoAnimate.description,
	...photoGetTask.description,
	...imageRemoveBackground.description,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: commonOptions,
	},
];
