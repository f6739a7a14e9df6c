import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IN8nHttpFullResponse,
} from 'n8n-workflow';
import { z } from 'zod';

import type { ApiCredentials } from '../../shared/credentials';
import { readApiCredentials } from '../../shared/credentials';
import { providerApiError } from '../../shared/errors';
import { headerValue, parseJsonBody, sendWithRetry } from '../../shared/http';
import type { StreamingForm } from '../../shared/binary';

export const PROVIDER = 'Cutout.pro';
export const CREDENTIAL_TYPE = 'cutoutProApi';

export async function getCutoutCredentials(ctx: IExecuteFunctions): Promise<ApiCredentials> {
	const { baseUrl, secrets } = await readApiCredentials(
		ctx,
		CREDENTIAL_TYPE,
		'https://www.cutout.pro',
	);
	return { baseUrl: `${baseUrl}/api/v1`, secrets };
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
	qs?: IDataObject;
	form?: () => StreamingForm;
	itemIndex: number;
	/** False for task submissions: they are not repeated unless the first certainly failed. */
	idempotent: boolean;
	/** Shape of `data` in a successful reply. */
	data: z.ZodType<T>;
	/** Expect raw bytes (the `matting` endpoint) instead of a JSON envelope. */
	binaryReply?: boolean;
}

async function send(
	ctx: IExecuteFunctions,
	request: CutoutRequest<unknown>,
	credentials: ApiCredentials,
) {
	return await sendWithRetry(ctx, {
		provider: PROVIDER,
		credentialType: CREDENTIAL_TYPE,
		idempotent: request.idempotent,
		itemIndex: request.itemIndex,
		secrets: credentials.secrets,
		request: () => ({
			method: request.method,
			baseURL: credentials.baseUrl,
			url: `/${request.path}`,
			qs: request.qs,
			body: request.form?.(),
			encoding: request.binaryReply ? 'arraybuffer' : 'json',
			json: !request.binaryReply,
		}),
	});
}

/** Maps a reply to `data`, or to an error that shows Cutout.pro's own `code` and `msg`. */
function unwrap<T>(
	request: CutoutRequest<T>,
	response: IN8nHttpFullResponse,
	credentials: ApiCredentials,
	node: ReturnType<IExecuteFunctions['getNode']>,
): T {
	const body = parseJsonBody(response.body);
	const envelope = envelopeSchema.safeParse(body);
	const base = {
		itemIndex: request.itemIndex,
		secrets: credentials.secrets,
		httpCode: response.statusCode,
	};
	if (!envelope.success) {
		const text =
			typeof body === 'string' ? body.slice(0, 300) : JSON.stringify(body)?.slice(0, 300);
		throw providerApiError(node, {
			...base,
			message:
				response.statusCode >= 400
					? `${PROVIDER} replied with HTTP ${response.statusCode}`
					: `${PROVIDER} sent a reply that is not a valid API response`,
			description: `Reply: ${text ?? '(empty)'}`,
		});
	}
	const { code, msg, data } = envelope.data;
	if (code !== 0 || response.statusCode >= 400) {
		throw providerApiError(node, {
			...base,
			message: `${PROVIDER} error ${code}: ${msg ?? 'no message'}`,
			description: `${PROVIDER} rejected ${request.method} ${request.path} (HTTP ${response.statusCode}, code ${code}).`,
			providerCode: code,
		});
	}
	const parsed = request.data.safeParse(data);
	if (!parsed.success) {
		throw providerApiError(node, {
			...base,
			message: `${PROVIDER} reply to ${request.path} is missing expected fields`,
			description: parsed.error.issues
				.map((issue) => `data.${issue.path.join('.') || '(root)'}: ${issue.message}`)
				.join('; '),
		});
	}
	return parsed.data;
}

export async function cutoutApiRequest<T>(
	ctx: IExecuteFunctions,
	request: CutoutRequest<T>,
): Promise<T> {
	const credentials = await getCutoutCredentials(ctx);
	const response = await send(ctx, request, credentials);
	return unwrap(request, response, credentials, ctx.getNode());
}

/** For endpoints that answer with image bytes on success and a JSON envelope on error. */
export async function cutoutBinaryRequest(
	ctx: IExecuteFunctions,
	request: Omit<CutoutRequest<unknown>, 'data' | 'binaryReply'>,
): Promise<Buffer> {
	const credentials = await getCutoutCredentials(ctx);
	const full = { ...request, data: z.unknown(), binaryReply: true };
	const response = await send(ctx, full, credentials);
	const contentType = headerValue(response.headers, 'content-type') ?? '';
	if (response.statusCode < 400 && !contentType.includes('json')) {
		return Buffer.from(response.body as ArrayBuffer);
	}
	unwrap(full, response, credentials, ctx.getNode());
	throw providerApiError(ctx.getNode(), {
		message: `${PROVIDER} answered ${request.path} with JSON instead of an image`,
		itemIndex: request.itemIndex,
		secrets: credentials.secrets,
	});
}
