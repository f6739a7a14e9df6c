import type {
	IBinaryData,
	IBinaryKeyData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import {
	binaryPropertyField,
	downloadResultField,
	imageInputField,
	imageUrlField,
} from '../../../shared/descriptions';
import { readBatchSize, readDownloadResult } from '../../../shared/settings';
import type { ResultRole } from '../../../shared/naming';
import { sourceName } from '../../../shared/naming';
import { downloadResult, MAX_IMAGE_RESULT_BYTES } from '../../../shared/download';
import { withTaskId } from '../../../shared/errors';
import type { BatchOperation } from '../../../shared/execute';
import type { CheckedImage } from '../../../shared/input';
import { checkInputImage } from '../../../shared/input';
import type { ImageKind } from '../../../shared/media';
import { resultItem } from '../../../shared/output';
import { itemParameters } from '../../../shared/parameters';
import type { ItemCall } from '../../../shared/run';
import { PROVIDER, PROVIDER_ID } from '../../transport';
import type { Endpoint, ImageFormat, RemovedBackground } from '../../helpers/records';
import { ENDPOINTS, IMAGE_FORMATS, readRecord, removeBackground } from '../../helpers/records';

export const option = {
	name: 'Remove Background',
	description: 'Cut out the subject of images (precise or fast); up to 10 items per request',
	action: 'Remove the background of an image',
};

const INPUT_TYPES = ['binary', 'url'] as const;
const ACCEPTED_IMAGES: readonly ImageKind[] = ['png', 'jpeg', 'webp', 'bmp'];
/** Our cap (Ximilar publishes none): ten of these base64-encoded make a ~130 MB request. */
const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
/** Ximilar takes up to 10 records per request (the Batch Size option's range). */
export const MAX_BATCH_SIZE = 10;

export const description: INodeProperties[] = [
	{
		displayName: 'Endpoint',
		name: 'endpoint',
		type: 'options',
		options: [
			{
				name: 'Precise',
				value: 'precise',
				description: 'Best edges (hair, fine details); slower',
			},
			{ name: 'Fast', value: 'fast', description: 'Quicker, for simple product photos' },
		],
		default: 'precise',
		description: 'Which Ximilar model removes the background',
	},
	imageInputField(PROVIDER),
	binaryPropertyField({ show: { inputType: ['binary'] } }, 'PNG, JPG, WEBP or BMP, up to 10 MB'),
	imageUrlField({
		placeholder: 'https://example.com/photo.jpg',
		description: 'Public http(s) address of the image',
	}),
	downloadResultField({}, 'the result images (Ximilar keeps them for 24 hours only)'),
	{
		displayName: 'Image Options',
		name: 'imageOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Binary Mask',
				name: 'binaryMask',
				type: 'boolean',
				default: false,
				description:
					'Whether to return the black-and-white mask in the binary property "mask". Ximilar then sends the mask instead of the cut-out, so "data" holds the mask too.',
			},
			{
				displayName: 'Image Format',
				name: 'imageFormat',
				type: 'options',
				options: [
					{ name: 'JPG', value: 'jpg' },
					{ name: 'PNG', value: 'png' },
					{ name: 'WEBP', value: 'webp' },
				],
				default: 'png',
				description:
					'Format of the results. Without it the cut-out is PNG and the mask JPG. JPG has no transparency.',
			},
			{
				displayName: 'Image Quality',
				name: 'imageQuality',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 100 },
				default: 85,
				description: 'Compression quality of JPG and WEBP results (1–100)',
			},
			{
				displayName: 'White Background',
				name: 'whiteBackground',
				type: 'boolean',
				default: false,
				description:
					'Whether to also return the subject on a white background (JPG) in the binary property "whiteBackground"',
			},
		],
	},
];

type Source = { type: 'binary'; image: CheckedImage } | { type: 'url'; url: string };

/** What one item asks for. The image's bytes are read when its batch is sent. */
export interface Params {
	endpoint: Endpoint;
	input: Source;
	binaryMask: boolean;
	whiteBackground: boolean;
	imageFormat?: ImageFormat;
	imageQuality?: number;
	download: boolean;
	/** Source part of the output file names (naming.ts), from the input's name. */
	source: string;
}

async function prepare(ctx: IExecuteFunctions, itemIndex: number): Promise<Params> {
	const read = itemParameters(ctx, itemIndex);
	read.collection('imageOptions', 'Image Options');
	const params: Omit<Params, 'input' | 'source'> = {
		endpoint: read.option('endpoint', 'Endpoint', ENDPOINTS),
		binaryMask: read.boolean('imageOptions.binaryMask', 'Binary Mask'),
		whiteBackground: read.boolean('imageOptions.whiteBackground', 'White Background'),
		imageFormat: read.optionalOption('imageOptions.imageFormat', 'Image Format', IMAGE_FORMATS),
		imageQuality: read.optionalInteger('imageOptions.imageQuality', 'Image Quality', 1, 100),
		download: readDownloadResult(ctx, itemIndex),
	};
	if (read.option('inputType', 'Image Source', INPUT_TYPES) === 'url') {
		const url = read.url('imageUrl', 'Image URL');
		return { ...params, input: { type: 'url', url }, source: sourceName(url, 'image') };
	}
	// Checked now so bad input fails before any paid call; read when its batch is sent.
	const image = await checkInputImage(ctx, itemIndex, read.value('binaryPropertyName'), {
		allowed: ACCEPTED_IMAGES,
		maxBytes: MAX_IMAGE_BYTES,
	});
	return {
		...params,
		input: { type: 'binary', image },
		source: sourceName(image.fileName, 'image'),
	};
}

/** The record Ximilar gets for one item. */
async function buildRecord(params: Params): Promise<IDataObject> {
	const record: IDataObject = {};
	if (params.input.type === 'url') {
		record._url = params.input.url;
	} else {
		const { image } = params.input;
		// The type in the prefix is the sniffed one, not what the file claims to be.
		record._base64 = `data:${image.mimeType};base64,${(await image.read()).toString('base64')}`;
	}
	if (params.binaryMask) record.binary_mask = true;
	if (params.whiteBackground) record.white_background = true;
	return record;
}

/** The item's output for one processed record, with its result images downloaded. */
async function toOutput(
	ctx: IExecuteFunctions,
	result: RemovedBackground,
	params: Params,
	call: ItemCall,
): Promise<INodeExecutionData> {
	// With binary_mask the current API sends the mask instead of the cut-out.
	const dataIsMask = !result.outputUrl;
	const json = {
		provider: PROVIDER_ID,
		operation: 'image.removeBackground',
		status: 'done' as const,
		taskId: result.taskId,
		requestId: result.requestId,
		endpoint: params.endpoint,
		resultUrl: result.outputUrl ?? result.maskUrl,
		maskUrl: result.maskUrl,
		whiteBackgroundUrl: result.whiteBackgroundUrl,
		dataContent: dataIsMask ? 'mask' : 'cutout',
		width: result.width,
		height: result.height,
	};
	if (!params.download) return resultItem(json);

	// Public, pre-signed URLs: no credential, so the API key is never sent to them.
	const fetch = async (url: string, role: ResultRole): Promise<IBinaryData> =>
		await downloadResult(ctx, {
			provider: PROVIDER,
			url,
			call,
			name: { source: params.source, role },
			taskId: result.taskId,
			maxBytes: MAX_IMAGE_RESULT_BYTES,
		});
	const binary: IBinaryKeyData = {};
	if (result.maskUrl) binary.mask = await fetch(result.maskUrl, 'mask');
	binary.data = result.outputUrl ? await fetch(result.outputUrl, 'nobg') : { ...binary.mask! };
	if (result.whiteBackgroundUrl)
		binary.whiteBackground = await fetch(result.whiteBackgroundUrl, 'whitebg');
	return resultItem(json, binary);
}

type Entry = { call: ItemCall; params: Params };
type Outcome = INodeExecutionData | Error;

/** Items of one batch that can share a request: same endpoint, image format and quality. */

const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

/**
 * Sends one request group; resolves once Ximilar has answered, with its records' downloads
 * started (`downloads` settles when every record has its outcome, and never rejects).
 */
async function sendGroup(
	ctx: IExecuteFunctions,
	group: Array<{ entry: Entry; position: number }>,
	outcomes: Outcome[],
): Promise<{ downloads: Promise<unknown> }> {
	const none = { downloads: Promise.resolve() };
	const sent: Array<{ entry: Entry; position: number; record: IDataObject }> = [];
	for (const member of group) {
		try {
			sent.push({
				...member,
				record: await buildRecord(member.entry.params),
			});
		} catch (error) {
			outcomes[member.position] = asError(error);
		}
	}
	if (!sent.length) return none;
	const { endpoint, imageFormat, imageQuality } = sent[0].entry.params;
	let records: unknown[];
	try {
		records = await removeBackground(ctx, {
			endpoint,
			imageFormat,
			imageQuality,
			records: sent.map(({ record }) => record),
			calls: sent.map(({ entry }) => entry.call),
		});
	} catch (error) {
		for (const { position } of sent) outcomes[position] = asError(error);
		return none;
	}
	// The records' downloads run side by side; each record's outcome is its own.
	const downloads = Promise.all(
		sent.map(async ({ entry, position }, index) => {
			let result: RemovedBackground | undefined;
			try {
				result = readRecord(ctx, records[index], entry.call.itemIndex);
				outcomes[position] = await toOutput(ctx, result, entry.params, entry.call);
			} catch (error) {
				// A failed download: the image was processed (and charged), so keep its id on the error.
				outcomes[position] = withTaskId(asError(error), result?.taskId);
			}
		}),
	);
	return { downloads };
}

export const operation: BatchOperation<Params> = {
	prepare,

	batchSize: (ctx: IExecuteFunctions) => readBatchSize(ctx, MAX_BATCH_SIZE, MAX_BATCH_SIZE),

	// One request takes one endpoint and one output format for all its records.
	batchKey: ({ endpoint, imageFormat, imageQuality }: Params) =>
		JSON.stringify([endpoint, imageFormat, imageQuality]),

	async runBatch(ctx: IExecuteFunctions, batch: Entry[], releaseSlot: () => void) {
		const outcomes: Outcome[] = new Array<Outcome>(batch.length);
		const { downloads } = await sendGroup(
			ctx,
			batch.map((entry, position) => ({ entry, position })),
			outcomes,
		);
		// Result files come from Ximilar's storage, not the API: the next batch need not wait for them.
		releaseSlot();
		await downloads;
		return outcomes;
	},
};
