import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { z } from 'zod';

import { knownSecrets } from '../../shared/credentials';
import { apiError, providerError } from '../../shared/errors';
import { describeIssues, excerpt } from '../../shared/replies';
import type { ItemCall } from '../../shared/run';
import { apiRequest, PROVIDER } from '../transport';
import { describeStatusError, isSuccess, statusSchema, statusText } from './status';

export const ENDPOINTS = ['precise', 'fast'] as const;
export type Endpoint = (typeof ENDPOINTS)[number];

export const IMAGE_FORMATS = ['png', 'jpg', 'webp'] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];

const urlField = z.string().min(1).nullish();

/** One output record; everything but the status and the URLs is optional. */
const recordSchema = z
	.object({
		_status: statusSchema.optional(),
		_id: z.union([z.string(), z.number()]).nullish(),
		_width: z.number().nullish(),
		_height: z.number().nullish(),
		_output_url: urlField,
		_output_url_mask: urlField,
		_output_url_whitebg: urlField,
	})
	.passthrough();

export interface RemovedBackground {
	taskId?: string;
	requestId?: string;
	width?: number;
	height?: number;
	/** `_output_url`: the image without background. */
	outputUrl?: string;
	/** `_output_url_mask`: the binary mask (with `binary_mask`, sent instead of `outputUrl`). */
	maskUrl?: string;
	/** `_output_url_whitebg`: the subject on white (with `white_background`). */
	whiteBackgroundUrl?: string;
}

export interface RemoveBackgroundRequest {
	endpoint: Endpoint;
	records: IDataObject[];
	imageFormat?: ImageFormat;
	imageQuality?: number;
	/** The items whose records are sent, in order (the request is made with the first one's call). */
	calls: ItemCall[];
}

/**
 * Sends one batch of records to `/removebg/{endpoint}/removebg` and returns the reply's records,
 * one per record sent, in the same order. A failure of the whole request (HTTP error, a top-level
 * `status.code` that is not 2xx, a reply that cannot be matched to the records) is thrown: it
 * belongs to every item of the batch.
 */
export async function removeBackground(
	ctx: IExecuteFunctions,
	request: RemoveBackgroundRequest,
): Promise<unknown[]> {
	const body: IDataObject = { records: request.records };
	if (request.imageFormat !== undefined) body.image_format = request.imageFormat;
	if (request.imageQuality !== undefined) body.image_quality = request.imageQuality;
	const reply = await apiRequest(ctx, {
		method: 'POST',
		path: `/removebg/${request.endpoint}/removebg`,
		body,
		calls: request.calls,
		// Every record is charged: only repeated when Ximilar certainly did not take the request.
		idempotent: false,
	});
	const items = request.calls.map((call) => call.itemIndex).join(', ');
	const base = { itemIndex: request.calls[0].itemIndex };
	if (!Array.isArray(reply.records)) {
		throw apiError(ctx.getNode(), `${PROVIDER} sent a reply that is not a valid API response`, {
			...base,
			description: `Expected a "records" list for item(s) ${items}. Reply: ${excerpt(reply, knownSecrets(ctx))}`,
		});
	}
	if (reply.records.length !== request.records.length) {
		throw apiError(
			ctx.getNode(),
			`${PROVIDER} returned ${reply.records.length} record(s) for ${request.records.length} image(s) sent`,
			{
				...base,
				description: `Results are matched to items by position, so none of item(s) ${items} can be trusted; the images may have been charged.`,
			},
		);
	}
	return reply.records as unknown[];
}

/**
 * Checks one record of a reply. A record that failed inside an HTTP 200 (`_status.code` not 2xx)
 * becomes an error for its own item, showing Ximilar's code and text.
 */
export function readRecord(
	ctx: IExecuteFunctions,
	record: unknown,
	itemIndex: number,
): RemovedBackground {
	const node = ctx.getNode();
	const parsed = recordSchema.safeParse(record);
	if (!parsed.success) {
		throw apiError(node, `${PROVIDER} sent a malformed result record`, {
			description: describeIssues(parsed.error, 'record'),
			itemIndex,
		});
	}
	const data = parsed.data;
	const taskId = data._id === null || data._id === undefined ? undefined : String(data._id);
	if (data._status && !isSuccess(data._status.code)) {
		throw providerError(node, PROVIDER, data._status.code, statusText(data._status), {
			description:
				describeStatusError(data._status, knownSecrets(ctx)) ??
				'Ximilar could not process this image.',
			taskId,
			itemIndex,
		});
	}
	const result: RemovedBackground = {
		taskId,
		requestId: data._status?.request_id ?? undefined,
		width: data._width ?? undefined,
		height: data._height ?? undefined,
		outputUrl: data._output_url ?? undefined,
		maskUrl: data._output_url_mask ?? undefined,
		whiteBackgroundUrl: data._output_url_whitebg ?? undefined,
	};
	if (!result.outputUrl && !result.maskUrl) {
		throw apiError(node, `${PROVIDER} reported success but sent no output URL`, {
			description: `Record ${taskId ?? '(no _id)'} has neither _output_url nor _output_url_mask.`,
			taskId,
			itemIndex,
		});
	}
	return result;
}
