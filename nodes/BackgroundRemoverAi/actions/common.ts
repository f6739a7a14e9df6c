import type {
	IBinaryKeyData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { operationError } from '../../shared/errors';
import { extensionForMime } from '../../shared/media';
import { resultItem } from '../../shared/output';
import type { PollSchedule } from '../../shared/polling';
import { pollUntilDone } from '../../shared/polling';
import {
	requireBoolean,
	requireHexColor,
	requireIntInRange,
	requireOneOf,
} from '../../shared/validation';
import type { ConversionResult } from '../transport';
import {
	absoluteFileUrl,
	downloadConversionFile,
	getBraiCredentials,
	getConversion,
	PROVIDER,
	PROVIDER_ID,
} from '../transport';

export const MODELS = ['u2net', 'u2net_human_seg', 'u2netp'] as const;

/** Model and alpha matting: the parameters images and videos share. */
export const modelFields: INodeProperties[] = [
	{
		displayName: 'Model',
		name: 'model',
		type: 'options',
		options: [
			{
				name: 'U2Net (General)',
				value: 'u2net',
				description: 'General objects, people and things',
			},
			{
				name: 'U2Net Human Segmentation',
				value: 'u2net_human_seg',
				description: 'Optimised for people',
			},
			{ name: 'U2NetP (Fast)', value: 'u2netp', description: 'Lightweight and faster' },
		],
		default: 'u2net',
		description: 'AI model that finds the subject',
	},
	{
		displayName: 'Alpha Matting',
		name: 'alphaMatting',
		type: 'boolean',
		default: false,
		description: 'Whether to refine the edges with alpha matting (sharper hair and fine detail)',
	},
	{
		displayName: 'Foreground Threshold',
		name: 'alphaForegroundThreshold',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 255 },
		default: 240,
		description: 'Alpha matting foreground threshold (0–255); higher is stricter',
		displayOptions: { show: { alphaMatting: [true] } },
	},
	{
		displayName: 'Background Threshold',
		name: 'alphaBackgroundThreshold',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 255 },
		default: 10,
		description: 'Alpha matting background threshold (0–255); lower is stricter',
		displayOptions: { show: { alphaMatting: [true] } },
	},
	{
		displayName: 'Erode Size',
		name: 'alphaErodeSize',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 25 },
		default: 10,
		description: 'Alpha matting edge erosion (1–25); controls edge sharpness',
		displayOptions: { show: { alphaMatting: [true] } },
	},
	{
		displayName: 'Base Size',
		name: 'alphaBaseSize',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1000,
		description:
			'Size the image is scaled to for alpha matting; higher is better quality but slower',
		displayOptions: { show: { alphaMatting: [true] } },
	},
];

const MAX_BASE_SIZE = 100_000;

/** An options parameter, checked at run time too (its value can come from an expression). */
export function readChoice<T extends string>(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: string,
	name: string,
	allowed: readonly T[],
): T {
	return requireOneOf(
		ctx.getNode(),
		itemIndex,
		field,
		ctx.getNodeParameter(name, itemIndex),
		allowed,
	);
}

/** A boolean parameter, checked at run time too (an expression can give it any value). */
export function readSwitch(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: string,
	name: string,
): boolean {
	return requireBoolean(
		ctx.getNode(),
		itemIndex,
		field,
		ctx.getNodeParameter(name, itemIndex, false),
	);
}

/** Reads and checks `modelFields` into the provider's form fields. */
export function readModelFields(ctx: IExecuteFunctions, itemIndex: number): Record<string, string> {
	const node = ctx.getNode();
	const fields: Record<string, string> = {
		model: readChoice(ctx, itemIndex, 'Model', 'model', MODELS),
	};
	const alphaMatting = readSwitch(ctx, itemIndex, 'Alpha Matting', 'alphaMatting');
	fields.alpha_matting = String(alphaMatting);
	if (alphaMatting) {
		const int = (field: string, name: string, min: number, max: number) =>
			String(
				requireIntInRange(node, itemIndex, field, ctx.getNodeParameter(name, itemIndex), min, max),
			);
		fields.alpha_fg = int('Foreground Threshold', 'alphaForegroundThreshold', 0, 255);
		fields.alpha_bg = int('Background Threshold', 'alphaBackgroundThreshold', 0, 255);
		fields.alpha_erode = int('Erode Size', 'alphaErodeSize', 1, 25);
		fields.alpha_base_size = int('Base Size', 'alphaBaseSize', 1, MAX_BASE_SIZE);
	}
	return fields;
}

/** A hex colour as the provider writes it: `#rrggbb`. */
export function readColor(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: string,
	name: string,
): string {
	const hex = requireHexColor(
		ctx.getNode(),
		itemIndex,
		field,
		ctx.getNodeParameter(name, itemIndex),
	);
	return `#${hex.toLowerCase()}`;
}

export function progressText(result: ConversionResult): string | undefined {
	return result.queue_count !== undefined ? `queue position ${result.queue_count}` : undefined;
}

/** Polls `results/` with backoff until the conversion is finished, the deadline, or cancellation. */
export async function waitForConversion(
	ctx: IExecuteFunctions,
	uuid: string,
	schedule: PollSchedule,
	itemIndex: number,
): Promise<ConversionResult> {
	return await pollUntilDone<ConversionResult>(ctx, {
		provider: PROVIDER,
		taskId: uuid,
		itemIndex,
		schedule,
		resumeHint: `Use Conversion → Get Result with ID ${uuid} to fetch the result later.`,
		check: async () => {
			const result = await getConversion(ctx, uuid, itemIndex);
			return result.finished
				? { done: true, value: result }
				: { done: false, progress: progressText(result) };
		},
	});
}

/** `errors` entries, then the `failed` entries they do not already name. */
export function failureList(result: ConversionResult): string[] {
	const failed = result.failed.filter(
		(entry) => !result.errors.some((error) => error.includes(entry)),
	);
	return [...new Set([...result.errors, ...failed])];
}

/**
 * Turns one conversion (a video, or Get Result) into an output item: queue position while it runs;
 * when finished, every produced file as a binary (`data`, `data_1`, ...). A conversion that
 * produced no file is an error carrying the provider's `errors`/`failed` entries.
 */
export async function conversionItem(
	ctx: IExecuteFunctions,
	result: ConversionResult,
	uuid: string,
	options: {
		operation: string;
		download: boolean;
		itemIndex: number;
		/** Name of a result file whose URL has none. */
		baseName: string;
		/** Names every result file after the input (`clip.mp4` → `clip-nobg.mov`), as images are. */
		outputStem?: string;
	},
): Promise<INodeExecutionData> {
	const { itemIndex } = options;
	const common = { provider: PROVIDER_ID, operation: options.operation, taskId: uuid };
	if (!result.finished) {
		return resultItem({ ...common, status: 'processing', queueCount: result.queue_count });
	}
	const failures = failureList(result);
	if (result.files.length === 0) {
		throw operationError(
			ctx.getNode(),
			failures.length
				? `${PROVIDER} conversion ${uuid} failed: ${failures.join('; ')}`
				: `${PROVIDER} conversion ${uuid} finished without a result file`,
			{ itemIndex, taskId: uuid },
		);
	}
	const credentials = await getBraiCredentials(ctx);
	const binary: IBinaryKeyData = {};
	const files: IDataObject[] = [];
	for (const [index, file] of result.files.entries()) {
		const property = index === 0 ? 'data' : `data_${index}`;
		if (options.download) {
			const suffix = index ? `-${index}` : '';
			const stored = await downloadConversionFile(ctx, credentials, file, {
				itemIndex,
				fallbackName: `${options.baseName}${suffix}`,
				taskId: uuid,
			});
			if (options.outputStem) {
				const extension = stored.fileExtension ?? extensionForMime(stored.mimeType) ?? 'bin';
				stored.fileName = `${options.outputStem}${suffix}.${extension}`;
			}
			binary[property] = stored;
		}
		files.push({
			fileName: file.filename ?? undefined,
			url: absoluteFileUrl(credentials, file.url),
			...(options.download ? { binaryProperty: property } : {}),
		});
	}
	return resultItem(
		{
			...common,
			status: 'done',
			resultUrl: files[0].url as string,
			files,
			// A multi-file conversion can succeed for some files and fail for others.
			...(failures.length ? { failures } : {}),
		},
		binary,
	);
}
