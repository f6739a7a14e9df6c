import { createHash, randomBytes } from 'crypto';
import type {
	IBinaryData,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { binaryPropertyField, waitFields } from '../../../shared/descriptions';
import { readBatchSize, readPollSchedule } from '../../../shared/settings';
import { operationError } from '../../../shared/errors';
import type { BatchOperation } from '../../../shared/execute';
import { readStoredHead } from '../../../shared/input';
import { fileNameFromUrl, pngDimensions } from '../../../shared/media';
import { sourceName } from '../../../shared/naming';
import { resultItem } from '../../../shared/output';
import type { ItemParameters } from '../../../shared/parameters';
import { itemParameters } from '../../../shared/parameters';
import type { PollSchedule } from '../../../shared/polling';
import type { ItemCall } from '../../../shared/run';
import { formFile } from '../../../shared/upload';
import { PROVIDER, PROVIDER_ID } from '../../transport';
import type { ConversionFile, ConversionResult } from '../../helpers/conversion';
import {
	absoluteFileUrl,
	downloadConversionFile,
	failureList,
	submitConversion,
	waitForConversion,
} from '../../helpers/conversion';
import type { UploadImage } from '../../helpers/files';
import { getCheckedImage, safeStem } from '../../helpers/files';
import { modelFields, readColor, readModelFields } from '../../helpers/model';

export const option = {
	name: 'Remove Background',
	description: 'Cut out the subject of one or many images',
	action: 'Remove the background of an image',
};

const BACKGROUND_TYPES = ['transparent', 'color', 'image'] as const;
export const DEFAULT_BATCH_SIZE = 10;
export const MAX_BATCH_SIZE = 50;

/** Always waits (a batch's files come back together), so only the deadline and pace are shown. */
const waitLimits = waitFields({}, { maxWaitSeconds: 600, pollIntervalSeconds: 2 })
	.filter((field) => field.name !== 'waitForCompletion')
	.map((field) => ({ ...field, displayOptions: undefined }));

export const description: INodeProperties[] = [
	binaryPropertyField(
		{},
		'PNG, JPEG, WEBP, BMP or GIF. Several items are sent together in one conversion (see Options → Batch Size).',
	),
	...modelFields,
	{
		displayName: 'Only Mask',
		name: 'onlyMask',
		type: 'boolean',
		default: false,
		description:
			'Whether to return the black-and-white mask of the subject instead of the cut-out image',
	},
	{
		displayName: 'Background',
		name: 'backgroundType',
		type: 'options',
		options: [
			{ name: 'Transparent', value: 'transparent' },
			{ name: 'Color', value: 'color', description: 'Fill the background with one colour' },
			{
				name: 'Image',
				value: 'image',
				description: 'Put the subject on an image from another binary property of the item',
			},
		],
		default: 'transparent',
		description: 'What replaces the removed background',
	},
	{
		displayName: 'Background Color',
		name: 'backgroundColor',
		type: 'color',
		default: '#ffffff',
		description: 'Hex colour of the new background, like #ffffff',
		displayOptions: { show: { backgroundType: ['color'] } },
	},
	{
		displayName: 'Background Binary Field',
		name: 'backgroundBinaryPropertyName',
		type: 'string',
		default: 'background',
		required: true,
		placeholder: 'e.g. background',
		description: 'Name of the binary property of the item that holds the background image',
		displayOptions: { show: { backgroundType: ['image'] } },
	},
	...waitLimits,
];

interface Background {
	image: UploadImage;
	sha256: string;
}

interface Params {
	image: UploadImage;
	fields: Record<string, string>;
	background?: Background;
	schedule: PollSchedule;
	/** Items with the same key can share one conversion. */
	groupKey: string;
}

async function readBackground(ctx: IExecuteFunctions, read: ItemParameters): Promise<Background> {
	const property = read.value('backgroundBinaryPropertyName');
	const image = await getCheckedImage(ctx, read.itemIndex, property, 'Background Binary Field');
	const hash = createHash('sha256');
	for await (const chunk of await image.open()) hash.update(chunk);
	return { image, sha256: hash.digest('hex') };
}

/** One uploaded file: the unique prefix of its name ties the provider's results back to its item. */
interface Upload {
	call: ItemCall;
	params: Params;
	prefix: string;
	sentName: string;
}

function providerFileName(file: ConversionFile): string {
	return file.filename ?? fileNameFromUrl(file.url) ?? '';
}

async function imageSize(ctx: IExecuteFunctions, binary: IBinaryData) {
	return pngDimensions(await readStoredHead(ctx, binary));
}

async function uploadResult(
	ctx: IExecuteFunctions,
	upload: Upload,
	uuid: string,
	files: ConversionFile[],
): Promise<INodeExecutionData> {
	const source = sourceName(upload.params.image.fileName, 'image');
	const binary: Record<string, IBinaryData> = {};
	for (const [index, file] of files.entries()) {
		binary[index === 0 ? 'data' : `data_${index}`] = await downloadConversionFile(ctx, file, {
			call: upload.call,
			name: { source, role: 'nobg', index },
			taskId: uuid,
		});
	}
	const size = await imageSize(ctx, binary.data);
	return resultItem(
		{
			provider: PROVIDER_ID,
			operation: 'image.removeBackground',
			status: 'done',
			taskId: uuid,
			resultUrl: await absoluteFileUrl(ctx, files[0].url),
			resultFileName: providerFileName(files[0]),
			width: size?.width,
			height: size?.height,
		},
		binary,
	);
}

/** The provider's reason for one upload, without the (internal) file name it was sent under. */
function failureFor(upload: Upload, result: ConversionResult): string | undefined {
	const reasons = result.errors.filter((entry) => entry.includes(upload.prefix));
	if (reasons.length) {
		return reasons
			.map((entry) =>
				entry.split(`${upload.sentName}: `).join('').split(upload.sentName).join('the file'),
			)
			.join('; ');
	}
	return result.failed.some((entry) => entry.includes(upload.prefix))
		? 'listed as failed, no reason given'
		: undefined;
}

/**
 * Files and errors of a finished conversion, matched back to the uploads by file name. The files
 * are downloaded side by side (one after the other, a batch of 10 took 10 round trips).
 */
async function matchResults(
	ctx: IExecuteFunctions,
	uploads: Upload[],
	uuid: string,
	result: ConversionResult,
): Promise<Array<INodeExecutionData | Error>> {
	return await Promise.all(
		uploads.map(async (upload): Promise<INodeExecutionData | Error> => {
			let files = result.files.filter((file) => providerFileName(file).startsWith(upload.prefix));
			const failure = failureFor(upload, result);
			// A single upload owns whatever the conversion produced, whatever the provider named it.
			if (!files.length && !failure && uploads.length === 1) files = result.files;
			const common = { itemIndex: upload.call.itemIndex, taskId: uuid };
			const name = upload.params.image.fileName;
			if (files.length) {
				try {
					return await uploadResult(ctx, upload, uuid, files);
				} catch (error) {
					return error as Error;
				}
			}
			if (failure) {
				return operationError(
					ctx.getNode(),
					`${PROVIDER} could not process "${name}": ${failure}`,
					{
						...common,
						description: `Conversion ${uuid}, file sent as "${upload.sentName}".`,
					},
				);
			}
			const unmatched = failureList(result);
			return operationError(ctx.getNode(), `${PROVIDER} returned no result for "${name}"`, {
				...common,
				description: `Conversion ${uuid} finished without a file for "${upload.sentName}".${
					unmatched.length ? ` Provider errors: ${unmatched.join('; ')}` : ''
				}`,
			});
		}),
	);
}

/** Uploads items that share settings as one conversion, waits, and maps the files back. */
async function runGroup(
	ctx: IExecuteFunctions,
	group: Array<{ call: ItemCall; params: Params }>,
): Promise<Array<INodeExecutionData | Error>> {
	const token = randomBytes(3).toString('hex');
	const uploads: Upload[] = group.map(({ call, params }) => {
		const prefix = `${token}-${call.itemIndex}-`;
		const sentName = `${prefix}${safeStem(params.image.fileName, 'image')}.${params.image.extension}`;
		return { call, params, prefix, sentName };
	});
	const [first] = group;
	const background = first.params.background;
	try {
		const uuid = await submitConversion(ctx, {
			convertTo: 'image-backgroundremover',
			fields: first.params.fields,
			files: [
				...uploads.map((upload) => ({
					field: 'files',
					file: formFile(upload.params.image, upload.sentName),
				})),
				...(background
					? [
							{
								field: 'bg_image',
								file: formFile(background.image, `background.${background.image.extension}`),
							},
						]
					: []),
			],
			call: first.call,
		});
		const result = await waitForConversion(ctx, uuid, first.params.schedule, first.call);
		return await matchResults(ctx, uploads, uuid, result);
	} catch (error) {
		// The conversion itself failed: that belongs to every item that was in it.
		return group.map(() => error as Error);
	}
}

export const operation: BatchOperation<Params> = {
	async prepare(ctx: IExecuteFunctions, itemIndex: number): Promise<Params> {
		const read = itemParameters(ctx, itemIndex);
		const fields = readModelFields(read);
		fields.only_mask = String(read.boolean('onlyMask', 'Only Mask'));
		const backgroundType = read.option('backgroundType', 'Background', BACKGROUND_TYPES);
		fields.bg_type = backgroundType;
		if (backgroundType === 'color') {
			fields.bg_color_value = readColor(read, 'backgroundColor', 'Background Color');
		}
		const image = await getCheckedImage(
			ctx,
			itemIndex,
			read.value('binaryPropertyName'),
			'Input Binary Field',
		);
		const background = backgroundType === 'image' ? await readBackground(ctx, read) : undefined;
		const schedule = readPollSchedule(ctx, itemIndex);
		return {
			image,
			fields,
			background,
			schedule,
			groupKey: JSON.stringify([fields, background?.sha256, schedule]),
		};
	},

	batchSize: (ctx: IExecuteFunctions) => readBatchSize(ctx, MAX_BATCH_SIZE, DEFAULT_BATCH_SIZE),

	batchKey: (params: Params) => params.groupKey,

	async runBatch(ctx: IExecuteFunctions, batch: Array<{ call: ItemCall; params: Params }>) {
		return await runGroup(ctx, batch);
	},
};
