import type { INodeProperties } from 'n8n-workflow';

import { optionsCollection } from '../../shared/descriptions';
import type { OperationRegistry } from '../../shared/router';
import { operationProperties } from '../../shared/router';
import * as accountGetCredits from './account/getCredits.operation';
import * as imageRemoveBackground from './image/removeBackground.operation';
import * as photoAnimate from './photo/animate.operation';
import * as photoGetTask from './photo/getTask.operation';
import * as videoCreatePreview from './video/createPreview.operation';
import * as videoGetPreview from './video/getPreview.operation';
import * as videoGetTask from './video/getTask.operation';
import * as videoRemoveBackground from './video/removeBackground.operation';

/** The Cutout.pro node's resources and operations, declared once. */
export const registry: OperationRegistry = {
	video: {
		name: 'Video',
		operations: {
			removeBackground: videoRemoveBackground,
			getTask: videoGetTask,
			createPreview: videoCreatePreview,
			getPreview: videoGetPreview,
		},
	},
	photo: {
		name: 'Photo Animation',
		operations: { animate: photoAnimate, getTask: photoGetTask },
	},
	image: { name: 'Image', operations: { removeBackground: imageRemoveBackground } },
	account: { name: 'Account', operations: { getCredits: accountGetCredits } },
};

/** Every parameter of the Cutout.pro node: resource, operation, each operation's fields, options. */
export const properties: INodeProperties[] = [
	...operationProperties(registry, {
		resource: 'video',
		operations: {
			video: 'removeBackground',
			photo: 'animate',
			image: 'removeBackground',
			account: 'getCredits',
		},
	}),
	optionsCollection([
		{
			displayName: 'Allow Private File URL',
			name: 'allowPrivateFileUrl',
			type: 'boolean',
			default: false,
			description:
				'Whether a Binary File input may be offered at an n8n URL on a private host (localhost, 127.x, 10.x, 192.168.x, a name without a domain). Off, such an item fails before anything is paid, since Cutout.pro on the internet cannot fetch it. Turn on only when Cutout.pro (or a stand-in) can reach that address.',
			// The operations that take a Binary File on a URL-only input (no Get Task nor Get Preview).
			displayOptions: {
				show: {
					'/resource': ['video', 'photo'],
					'/operation': ['removeBackground', 'createPreview', 'animate'],
				},
			},
		},
	]),
];
