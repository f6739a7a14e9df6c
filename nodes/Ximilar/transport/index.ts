import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { z } from 'zod';

import type { ApiCredentials } from '../../shared/credentials';
import { knownSecrets, readApiCredentials } from '../../shared/credentials';
import { apiError, authHint, providerError } from '../../shared/errors';
import { sendWithRetry } from '../../shared/http';
import { cutRedacted, describeIssues, excerpt, parseJsonBody } from '../../shared/replies';

export const PROVIDER = 'Ximilar';
export const PROVIDER_ID = 'ximilar' as const;
export const CREDENTIAL_TYPE = 'ximilarApi';
export const DEFAULT_BASE_URL = 'https://api.ximilar.com';

export const ENDPOINTS = ['precise', 'fast'] as const;
export type Endpoint = (typeof ENDPOINTS)[number];

export const IMAGE_FORMATS = ['png', 'jpg', 'webp'] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];

async function getXimilarCredentials(ctx: IExecuteFunctions): Promise<ApiCredentials> {
	return await readApiCredentials(ctx, CREDENTIAL_TYPE, DEFAULT_BASE_URL);
}

/** Ximilar's status object, on the whole reply (`status`) and on each record (`_status`). */
const statusSchema = z
	.object({
		code: z.coerce.number(),
		text: z.string().nullish(),
		error_description: z.unknown().optional(),
		request_id: z.string().nullish(),
	})
	.passthrough();

type XimilarStatus = z.infer<typeof statusSchema>;

const replySchema = z
	.object({
		status: statusSchema.optional(),
		records: z.array(z.unknown()).optional(),
		// Django REST framework's shape, which the API uses for authentication failures.
		detail: z.string().optional(),
	})
	.passthrough();

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

const isSuccess = (code: number) => code >= 200 && code < 300;

function statusText(status: XimilarStatus | undefined): string {
	return status?.text?.trim() || 'no status text';
}

function describeError(
	status: XimilarStatus | undefined,
	secrets: readonly string[],
): string | undefined {
	const detail = status?.error_description;
	if (detail === undefined || detail === null || detail === '') return undefined;
	return cutRedacted(typeof detail === 'string' ? detail : JSON.stringify(detail), secrets, 1000);
}

export interface RemoveBackgroundRequest {
	endpoint: Endpoint;
	records: IDataObject[];
	imageFormat?: ImageFormat;
	imageQuality?: number;
	/** The items whose records are sent, in order (for messages; the first one for network errors). */
	itemIndexes: number[];
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
	const credentials = await getXimilarCredentials(ctx);
	const body: IDataObject = { records: request.records };
	if (request.imageFormat !== undefined) body.image_format = request.imageFormat;
	if (request.imageQuality !== undefined) body.image_quality = request.imageQuality;
	const [itemIndex] = request.itemIndexes;
	const response = await sendWithRetry(ctx, {
		provider: PROVIDER,
		credentialType: CREDENTIAL_TYPE,
		// Every record is charged: only repeated when Ximilar certainly did not take the request.
		idempotent: false,
		itemIndex,
		request: () => ({
			method: 'POST',
			baseURL: credentials.baseUrl,
			url: `/removebg/${request.endpoint}/removebg`,
			body,
			json: true,
		}),
	});

	const raw = parseJsonBody(response.body);
	const parsed = replySchema.safeParse(raw);
	const items = request.itemIndexes.join(', ');
	const base = { itemIndex, httpCode: response.statusCode };
	const reply = parsed.success ? parsed.data : undefined;
	const status = reply?.status;
	if (response.statusCode >= 400 || (status && !isSuccess(status.code))) {
		const code = status?.code ?? response.statusCode;
		const text = status ? statusText(status) : (reply?.detail ?? `HTTP ${response.statusCode}`);
		const hint = authHint(response.statusCode, PROVIDER)
			? `${authHint(response.statusCode, PROVIDER)} Also check that the Remove Background service is activated for your account in app.ximilar.com.`
			: '';
		throw providerError(ctx.getNode(), PROVIDER, code, text, {
			...base,
			description: [
				describeError(status, knownSecrets(ctx)),
				`The whole request failed (HTTP ${response.statusCode}), so every item in it failed: item(s) ${items}.${hint}`,
				!reply ? `Reply: ${excerpt(raw, knownSecrets(ctx))}` : undefined,
			]
				.filter(Boolean)
				.join(' '),
		});
	}
	if (!reply?.records) {
		throw apiError(ctx.getNode(), `${PROVIDER} sent a reply that is not a valid API response`, {
			...base,
			description: `Expected a "records" list for item(s) ${items}. Reply: ${excerpt(raw, knownSecrets(ctx))}`,
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
	return reply.records;
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
				describeError(data._status, knownSecrets(ctx)) ?? 'Ximilar could not process this image.',
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

/**
 * `GET /account/v2/details/` (free, the credential test's call): the account's fields as sent,
 * or an error `Ximilar error <code>: <detail>` when the key is refused.
 */
export async function accountDetails(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<IDataObject> {
	const credentials = await getXimilarCredentials(ctx);
	const response = await sendWithRetry(ctx, {
		provider: PROVIDER,
		credentialType: CREDENTIAL_TYPE,
		idempotent: true,
		itemIndex,
		request: () => ({
			method: 'GET',
			baseURL: credentials.baseUrl,
			url: '/account/v2/details/',
			json: true,
		}),
	});
	const raw = parseJsonBody(response.body);
	const reply = replySchema.safeParse(raw);
	const base = { itemIndex, httpCode: response.statusCode };
	if (response.statusCode >= 400) {
		const status = reply.success ? reply.data.status : undefined;
		const text = status
			? statusText(status)
			: ((reply.success ? reply.data.detail : undefined) ?? `HTTP ${response.statusCode}`);
		throw providerError(ctx.getNode(), PROVIDER, status?.code ?? response.statusCode, text, {
			...base,
			description: `${PROVIDER} refused /account/v2/details/ (HTTP ${response.statusCode}).${authHint(response.statusCode, PROVIDER)}`,
		});
	}
	if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
		throw apiError(ctx.getNode(), `${PROVIDER} sent a reply that is not a valid API response`, {
			...base,
			description: `Reply: ${excerpt(raw, knownSecrets(ctx))}`,
		});
	}
	return raw as IDataObject;
}
