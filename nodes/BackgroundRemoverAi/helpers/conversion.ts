import type {
	IBinaryData,
	IBinaryKeyData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
} from 'n8n-workflow';
import { z } from 'zod';

import { readApiCredentials } from '../../shared/credentials';
import type { ResultName } from '../../shared/download';
import { downloadResult } from '../../shared/download';
import { operationError } from '../../shared/errors';
import { resultItem } from '../../shared/output';
import type { PollSchedule } from '../../shared/polling';
import { pollUntilDone } from '../../shared/polling';
import type { ItemCall } from '../../shared/run';
import type { FormFile } from '../../shared/upload';
import { apiRequest, CREDENTIAL_TYPE, DEFAULT_BASE_URL, PROVIDER, PROVIDER_ID } from '../transport';
import { entryText } from './entries';

export type ConvertTo = 'image-backgroundremover' | 'video-backgroundremover';

const convertReplySchema = z.object({ uuid: z.string().min(1) }).passthrough();

/** Entries of `failed` / `errors` are strings in the documents; objects are tolerated. */
const entryList = z
	.union([z.array(z.unknown()), z.string(), z.record(z.unknown())])
	.nullish()
	.transform((value) => {
		if (value === null || value === undefined || value === '') return [];
		return (Array.isArray(value) ? value : [value]).map(entryText);
	});

const resultsReplySchema = z
	.object({
		finished: z
			.union([z.boolean(), z.string(), z.number()])
			.transform((value) => value === true || value === 'true' || value === 1),
		queue_count: z.coerce.number().optional().catch(undefined),
		files: z
			.array(z.object({ url: z.string().min(1), filename: z.string().nullish() }).passthrough())
			.nullish()
			.transform((files) => files ?? []),
		failed: entryList,
		errors: entryList,
	})
	.passthrough();

export type ConversionResult = z.infer<typeof resultsReplySchema>;
export type ConversionFile = ConversionResult['files'][number];

/** `POST convert/`: uploads the files with the parameters and returns the conversion uuid. */
export async function submitConversion(
	ctx: IExecuteFunctions,
	options: {
		convertTo: ConvertTo;
		fields: Record<string, string>;
		files: Array<{ field: string; file: FormFile }>;
		call: ItemCall;
	},
): Promise<string> {
	const { uuid } = await apiRequest(
		ctx,
		{
			path: 'convert/',
			fields: { convert_to: options.convertTo, ...options.fields },
			files: options.files,
			call: options.call,
			idempotent: false,
		},
		convertReplySchema,
	);
	return uuid;
}

/** `POST results/`: the state of a conversion (safe to repeat). */
export async function getConversion(
	ctx: IExecuteFunctions,
	uuid: string,
	call: ItemCall,
): Promise<ConversionResult> {
	return await apiRequest(
		ctx,
		{ path: 'results/', fields: { uuid }, call, idempotent: true },
		resultsReplySchema,
	);
}

/**
 * Result URLs are paths on the API host (e.g. https://api.backgroundremoverai.com: the API is
 * under /v1, result files at its root); absolute URLs are used as they are.
 */
export async function absoluteFileUrl(ctx: IExecuteFunctions, url: string): Promise<string> {
	if (/^https?:\/\//i.test(url)) return url;
	const { baseUrl } = await readApiCredentials(ctx, CREDENTIAL_TYPE, DEFAULT_BASE_URL);
	return `${baseUrl}/${url.replace(/^\/+/, '')}`;
}

/**
 * Streams one result file into n8n's binary store. The documents download result paths without
 * credentials, so the API key is not sent with them.
 */
export async function downloadConversionFile(
	ctx: IExecuteFunctions,
	file: ConversionFile,
	options: { call: ItemCall; name: ResultName; taskId?: string },
): Promise<IBinaryData> {
	return await downloadResult(ctx, {
		provider: PROVIDER,
		url: await absoluteFileUrl(ctx, file.url),
		call: options.call,
		name: options.name,
		taskId: options.taskId,
	});
}

export function progressText(result: ConversionResult): string | undefined {
	return result.queue_count !== undefined ? `queue position ${result.queue_count}` : undefined;
}

/** Polls `results/` with backoff until the conversion is finished, the deadline, or cancellation. */
export async function waitForConversion(
	ctx: IExecuteFunctions,
	uuid: string,
	schedule: PollSchedule,
	call: ItemCall,
): Promise<ConversionResult> {
	return await pollUntilDone<ConversionResult>(ctx, {
		provider: PROVIDER,
		taskId: uuid,
		call,
		schedule,
		resumeHint: `Use Conversion → Get Result with ID ${uuid} to fetch the result later.`,
		check: async () => {
			const result = await getConversion(ctx, uuid, call);
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
		call: ItemCall;
		/** Source part of the result names (naming.ts): the input's name, or the conversion ID. */
		source: string;
	},
): Promise<INodeExecutionData> {
	const { call } = options;
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
			{ itemIndex: call.itemIndex, taskId: uuid },
		);
	}
	const binary: IBinaryKeyData = {};
	const files: Array<IDataObject & { url: string }> = [];
	for (const [index, file] of result.files.entries()) {
		const property = index === 0 ? 'data' : `data_${index}`;
		if (options.download) {
			binary[property] = await downloadConversionFile(ctx, file, {
				call,
				name: { source: options.source, role: 'nobg', index },
				taskId: uuid,
			});
		}
		files.push({
			fileName: file.filename ?? undefined,
			url: await absoluteFileUrl(ctx, file.url),
			...(options.download ? { binaryProperty: property } : {}),
		});
	}
	return resultItem(
		{
			...common,
			status: 'done',
			resultUrl: files[0].url,
			files,
			// A multi-file conversion can succeed for some files and fail for others.
			...(failures.length ? { failures } : {}),
		},
		binary,
	);
}
