import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IN8nHttpFullResponse,
} from 'n8n-workflow';
import { z } from 'zod';

import { knownSecrets, readApiCredentials } from '../../shared/credentials';
import { apiError, authHint, providerError } from '../../shared/errors';
import { headerValue, sendWithRetry } from '../../shared/http';
import { describeIssues, excerpt, parseJsonBody } from '../../shared/replies';
import type { StreamingForm } from '../../shared/upload';

export const PROVIDER = 'Cutout.pro';
export const PROVIDER_ID = 'cutoutPro' as const;
export const CREDENTIAL_TYPE = 'cutoutProApi';
export const DEFAULT_BASE_URL = 'https://www.cutout.pro';

/** The API's root: `<Base URL>/api/v1`. */
async function apiUrl(ctx: IExecuteFunctions): Promise<string> {
	const { baseUrl } = await readApiCredentials(ctx, CREDENTIAL_TYPE, DEFAULT_BASE_URL);
	return `${baseUrl}/api/v1`;
}

/** Every Cutout.pro JSON reply: `code` 0 is success; anything else is an error described by `msg`. */
const envelopeSchema = z.object({
	code: z.number(),
	data: z.unknown().optional(),
	msg: z.string().nullable().optional(),
});

export interface CutoutRequest<T> {
	method: IHttpRequestMethods;
	path: string;
	/** A function is called per attempt, just before sending (signed URLs are minted there). */
	qs?: IDataObject | (() => IDataObject);
	form?: () => StreamingForm;
	itemIndex: number;
	/** False for task submissions: they are not repeated unless the first certainly failed. */
	idempotent: boolean;
	/** Shape of `data` in a successful reply. */
	data: z.ZodType<T>;
	/** Expect raw bytes (the `matting` endpoint) instead of a JSON envelope. */
	binaryReply?: boolean;
}

async function send(ctx: IExecuteFunctions, request: CutoutRequest<unknown>) {
	const baseURL = await apiUrl(ctx);
	return await sendWithRetry(ctx, {
		provider: PROVIDER,
		credentialType: CREDENTIAL_TYPE,
		idempotent: request.idempotent,
		itemIndex: request.itemIndex,
		request: () => ({
			method: request.method,
			baseURL,
			url: `/${request.path}`,
			qs: typeof request.qs === 'function' ? request.qs() : request.qs,
			body: request.form?.(),
			encoding: request.binaryReply ? 'arraybuffer' : 'json',
			json: !request.binaryReply,
		}),
	});
}

/** Maps a reply to `data`, or to an error that shows Cutout.pro's own `code` and `msg`. */
function unwrap<T>(
	ctx: IExecuteFunctions,
	request: CutoutRequest<T>,
	response: IN8nHttpFullResponse,
): T {
	const node = ctx.getNode();
	const body = parseJsonBody(response.body);
	const envelope = envelopeSchema.safeParse(body);
	const status = response.statusCode;
	const base = { itemIndex: request.itemIndex, httpCode: status };
	if (!envelope.success) {
		const description = `Reply: ${excerpt(body, knownSecrets(ctx))}`;
		if (status >= 400)
			throw providerError(node, PROVIDER, status, `HTTP ${status}`, { ...base, description });
		throw apiError(node, `${PROVIDER} sent a reply that is not a valid API response`, {
			...base,
			description,
		});
	}
	const { code, msg, data } = envelope.data;
	if (code !== 0 || status >= 400) {
		throw providerError(node, PROVIDER, code, msg ?? 'no message', {
			...base,
			description: `${PROVIDER} rejected ${request.method} ${request.path} (HTTP ${status}, code ${code}).${authHint(status, PROVIDER)}`,
		});
	}
	const parsed = request.data.safeParse(data);
	if (!parsed.success) {
		throw apiError(node, `${PROVIDER} reply to ${request.path} is missing expected fields`, {
			...base,
			description: describeIssues(parsed.error, 'data'),
		});
	}
	return parsed.data;
}

export async function cutoutApiRequest<T>(
	ctx: IExecuteFunctions,
	request: CutoutRequest<T>,
): Promise<T> {
	return unwrap(ctx, request, await send(ctx, request));
}

/** For endpoints that answer with image bytes on success and a JSON envelope on error. */
export async function cutoutBinaryRequest(
	ctx: IExecuteFunctions,
	request: Omit<CutoutRequest<unknown>, 'data' | 'binaryReply'>,
): Promise<Buffer> {
	const full = { ...request, data: z.unknown(), binaryReply: true };
	const response = await send(ctx, full);
	const contentType = headerValue(response.headers, 'content-type') ?? '';
	if (response.statusCode < 400 && !contentType.includes('json')) {
		return Buffer.from(response.body as ArrayBuffer);
	}
	unwrap(ctx, full, response);
	throw apiError(
		ctx.getNode(),
		`${PROVIDER} answered ${request.path} with JSON instead of an image`,
		{
			itemIndex: request.itemIndex,
		},
	);
}
