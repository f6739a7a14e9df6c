/**
 * A test-only provider, built the way the real ones are (registry, operation, transport over
 * nodes/shared) but in one file: test/synthetic-provider.test.ts adds it through a manifest entry
 * alone (./manifest.ts) and runs the contract test on it unchanged.
 */
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { z } from 'zod';

import { readApiCredentials } from '../../nodes/shared/credentials';
import {
	binaryPropertyField,
	optionsCollection,
	readmeSection,
} from '../../nodes/shared/descriptions';
import { storeResult } from '../../nodes/shared/download';
import { apiError, authHint, providerError } from '../../nodes/shared/errors';
import type { ItemOperation } from '../../nodes/shared/execute';
import { sendWithRetry } from '../../nodes/shared/http';
import type { CheckedImage } from '../../nodes/shared/input';
import { checkInputImage } from '../../nodes/shared/input';
import { sourceName } from '../../nodes/shared/naming';
import type { ProviderId } from '../../nodes/shared/output';
import { resultItem } from '../../nodes/shared/output';
import { itemParameters } from '../../nodes/shared/parameters';
import { describeIssues, excerpt, parseJsonBody } from '../../nodes/shared/replies';
import type { OperationRegistry } from '../../nodes/shared/router';
import { operationProperties, operationSubtitle, routeOperation } from '../../nodes/shared/router';

const PROVIDER = 'Synthetic';
const CREDENTIAL_TYPE = 'syntheticApi';
// Not in providers.manifest.ts (a test-only entry), so not in the ProviderId union.
const PROVIDER_ID = 'synthetic' as ProviderId;

// ---------------------------------------------------------------- transport

const replySchema = z.object({ id: z.string(), image: z.string().min(1) });
const errorSchema = z.object({ code: z.string(), message: z.string() });

async function removeBackground(ctx: IExecuteFunctions, image: CheckedImage, itemIndex: number) {
	const { baseUrl } = await readApiCredentials(
		ctx,
		CREDENTIAL_TYPE,
		'https://api.synthetic.example',
	);
	const bytes = await ctx.helpers.getBinaryDataBuffer(itemIndex, image.property);
	const response = await sendWithRetry(ctx, {
		provider: PROVIDER,
		credentialType: CREDENTIAL_TYPE,
		idempotent: false,
		itemIndex,
		request: () => ({
			method: 'POST',
			baseURL: baseUrl,
			url: '/v1/remove-background',
			body: { image: bytes.toString('base64') },
			json: true,
		}),
	});
	const body = parseJsonBody(response.body);
	const status = response.statusCode;
	if (status >= 400) {
		const error = errorSchema.safeParse(body);
		throw providerError(
			ctx.getNode(),
			PROVIDER,
			error.success ? error.data.code : status,
			error.success ? error.data.message : `HTTP ${status}`,
			{ itemIndex, httpCode: status, description: authHint(status, 'Synthetic API') || undefined },
		);
	}
	const reply = replySchema.safeParse(body);
	if (!reply.success) {
		throw apiError(ctx.getNode(), `${PROVIDER} sent a reply that is not a valid API response`, {
			itemIndex,
			httpCode: status,
			description: `${describeIssues(reply.error)}. Reply: ${excerpt(body)}`,
		});
	}
	return reply.data;
}

// ---------------------------------------------------------------- image → remove background

const removeBackgroundOperation: ItemOperation<CheckedImage> = {
	async prepare(ctx, itemIndex) {
		const read = itemParameters(ctx, itemIndex);
		return await checkInputImage(ctx, itemIndex, read.value('binaryPropertyName'), {
			allowed: ['png', 'jpeg'],
			maxBytes: 1024 * 1024,
		});
	},
	async run(ctx, image, itemIndex) {
		const reply = await removeBackground(ctx, image, itemIndex);
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
