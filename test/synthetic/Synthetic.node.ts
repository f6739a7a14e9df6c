/**
 * A test-only provider, built the way the real ones are (registry, operation, and a transport
 * over nodes/shared, ./transport.ts) but with its operation in the node file:
 * test/synthetic-provider.test.ts adds it through a manifest entry alone (./manifest.ts) and runs
 * the contract test on it unchanged.
 */
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import {
	binaryPropertyField,
	optionsCollection,
	readmeSection,
} from '../../nodes/shared/descriptions';
import { storeResult } from '../../nodes/shared/download';
import type { ItemOperation } from '../../nodes/shared/execute';
import type { CheckedImage } from '../../nodes/shared/input';
import { checkInputImage } from '../../nodes/shared/input';
import { sourceName } from '../../nodes/shared/naming';
import { resultItem } from '../../nodes/shared/output';
import { itemParameters } from '../../nodes/shared/parameters';
import type { OperationRegistry } from '../../nodes/shared/router';
import { operationProperties, operationSubtitle, routeOperation } from '../../nodes/shared/router';
import { z } from 'zod';

import { apiRequest, CREDENTIAL_TYPE, PROVIDER_ID } from './transport';

// ---------------------------------------------------------------- image → remove background

const removeBackgroundOperation: ItemOperation<CheckedImage> = {
	async prepare(ctx, itemIndex) {
		const read = itemParameters(ctx, itemIndex);
		return await checkInputImage(ctx, itemIndex, read.value('binaryPropertyName'), {
			allowed: ['png', 'jpeg'],
			maxBytes: 1024 * 1024,
		});
	},
	async run(ctx, image, call) {
		const bytes = await ctx.helpers.getBinaryDataBuffer(call.itemIndex, image.property);
		const reply = await apiRequest(
			ctx,
			{
				path: '/v1/remove-background',
				body: { image: bytes.toString('base64') },
				call,
				idempotent: false,
			},
			z.object({ id: z.string(), image: z.string().min(1) }),
		);
		const source = sourceName(image.fileName, 'image');
		const data = await storeResult(
			ctx,
			Buffer.from(reply.image, 'base64'),
			{ source, role: 'nobg' },
			'image/png',
		);
		return resultItem(
			{
				provider: PROVIDER_ID,
				operation: 'image.removeBackground',
				status: 'done',
				taskId: reply.id,
			},
			{ data },
		);
	},
};

const registry: OperationRegistry = {
	image: {
		name: 'Image',
		operations: {
			removeBackground: {
				option: {
					name: 'Remove Background',
					description: 'Cut out the subject of an image',
					action: 'Remove the background of an image',
				},
				description: [binaryPropertyField({}, 'PNG or JPG, at most 1 MB')],
				operation: removeBackgroundOperation,
			},
		},
	},
};

export class Synthetic implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Synthetic',
		name: 'synthetic',
		icon: { light: 'file:synthetic.svg', dark: 'file:synthetic.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: operationSubtitle(registry),
		documentationUrl: readmeSection('synthetic'),
		description: 'A test-only provider',
		defaults: { name: 'Synthetic' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties: [
			...operationProperties(registry, {
				resource: 'image',
				operations: { image: 'removeBackground' },
			}),
			optionsCollection([]),
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await routeOperation(this, registry);
	}
}
