import type {
	IBinaryKeyData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
} from 'n8n-workflow';

import { operationError } from '../../shared/errors';
import { resultItem } from '../../shared/output';
import type { PollSchedule } from '../../shared/polling';
import { pollUntilDone } from '../../shared/polling';
import type { ConversionResult } from '../transport';
import {
	absoluteFileUrl,
	downloadConversionFile,
	getConversion,
	PROVIDER,
	PROVIDER_ID,
} from '../transport';

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
		/** Source part of the result names (naming.ts): the input's name, or the conversion ID. */
		source: string;
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
	const binary: IBinaryKeyData = {};
	const files: Array<IDataObject & { url: string }> = [];
	for (const [index, file] of result.files.entries()) {
		const property = index === 0 ? 'data' : `data_${index}`;
		if (options.download) {
			binary[property] = await downloadConversionFile(ctx, file, {
				itemIndex,
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
