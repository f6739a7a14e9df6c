import type { IDataObject, IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';
import { z } from 'zod';

import type { ApiRequest, BytesReply, ProviderApi } from '../../shared/apiRequest';
import * as skeleton from '../../shared/apiRequest';
import { knownSecrets, readApiCredentials } from '../../shared/credentials';
import { apiError, authHint, providerError } from '../../shared/errors';
import { describeIssues, excerpt } from '../../shared/replies';
import type { ItemCall } from '../../shared/run';
import type { StreamingForm } from '../../shared/upload';
import { priceOf } from './prices';

export const PROVIDER = 'Cutout.pro';
export const PROVIDER_ID = 'cutoutPro' as const;
export const CREDENTIAL_TYPE = 'cutoutProApi';
export const DEFAULT_BASE_URL = 'https://www.cutout.pro';

/** Every Cutout.pro JSON reply: `code` 0 is success; anything else is an error described by `msg`. */
const envelopeSchema = z.object({
	code: z.number(),
	data: z.unknown().optional(),
	msg: z.string().nullable().optional(),
});

const api: ProviderApi = {
	id: PROVIDER_ID,
	provider: PROVIDER,
	credentialType: CREDENTIAL_TYPE,
	priceOf: async (_ctx, request) => await priceOf(request),
	/** A reply that is not the envelope, or an envelope whose `code` is not 0: Cutout.pro's `code` and `msg`. */
	errorOf(ctx, reply, request) {
		const node = ctx.getNode();
		const envelope = envelopeSchema.safeParse(reply.body);
		const status = reply.statusCode;
		const base = { itemIndex: request.call.itemIndex, httpCode: status };
		if (!envelope.success) {
			const description = `Reply: ${excerpt(reply.body, knownSecrets(ctx))}`;
			if (status >= 400)
				return providerError(node, PROVIDER, status, `HTTP ${status}`, { ...base, description });
			return apiError(node, `${PROVIDER} sent a reply that is not a valid API response`, {
				...base,
				description,
			});
		}
		const { code, msg } = envelope.data;
		if (code === 0 && status < 400) return undefined;
		return providerError(node, PROVIDER, code, msg ?? 'no message', {
			...base,
			description: `${PROVIDER} rejected ${request.method} ${request.path.slice(1)} (HTTP ${status}, code ${code}).${authHint(status, PROVIDER)}`,
		});
	},
};

export interface CutoutRequest {
	method: IHttpRequestMethods;
	/** Below the API root (`<Base URL>/api/v1/`), e.g. "matting". */
	path: string;
	/** A function is called per attempt, just before sending (signed URLs are minted there). */
	qs?: IDataObject | (() => IDataObject);
	form?: () => StreamingForm;
	/** The item the request is for, with its settings. */
	call: ItemCall;
	/** False for task submissions and results: not repeated unless the first certainly failed. */
	idempotent: boolean;
}

async function toApiRequest(ctx: IExecuteFunctions, request: CutoutRequest): Promise<ApiRequest> {
	const { baseUrl } = await readApiCredentials(ctx, CREDENTIAL_TYPE, DEFAULT_BASE_URL);
	return { ...request, baseUrl: `${baseUrl}/api/v1`, path: `/${request.path}` };
}

/** A JSON call: its envelope's `data`, checked against `data`. */
export async function apiRequest<T>(
	ctx: IExecuteFunctions,
	request: CutoutRequest,
	data: z.ZodType<T, z.ZodTypeDef, unknown>,
): Promise<T> {
	const full = await toApiRequest(ctx, request);
	const reply = await skeleton.apiRequest(ctx, api, full);
	const parsed = data.safeParse((reply.body as { data?: unknown }).data);
	if (!parsed.success) {
		throw apiError(
			ctx.getNode(),
			`${PROVIDER} reply to ${request.path} is missing expected fields`,
			{
				itemIndex: request.call.itemIndex,
				httpCode: reply.statusCode,
				description: describeIssues(parsed.error, 'data'),
			},
		);
	}
	return parsed.data;
}

/** An endpoint that answers with image bytes on success and a JSON envelope on error (matting). */
export async function apiRequestBytes(
	ctx: IExecuteFunctions,
	request: CutoutRequest,
): Promise<BytesReply> {
	return await skeleton.apiRequestBytes(ctx, api, await toApiRequest(ctx, request));
}
