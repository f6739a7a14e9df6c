import type { IDataObject, IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';
import { z } from 'zod';

import type { ApiRequest, BytesReply, ProviderApi } from '../../shared/apiRequest';
import * as skeleton from '../../shared/apiRequest';
import { knownSecrets, readApiCredentials } from '../../shared/credentials';
import { authHint, providerError } from '../../shared/errors';
import { excerpt } from '../../shared/replies';
import type { ItemCall } from '../../shared/run';
import type { StreamingForm } from '../../shared/upload';

export const PROVIDER = 'Photoroom';
export const PROVIDER_ID = 'photoroom' as const;
export const CREDENTIAL_TYPE = 'photoroomApi';
/** The Image Editing API's host (Edit, Account); also the credential's Base URL default. */
export const DEFAULT_BASE_URL = 'https://image-api.photoroom.com';
/** The Remove Background API lives on its own host. */
const SEGMENT_BASE_URL = 'https://sdk.photoroom.com';

/**
 * Photoroom's error bodies come in three documented shapes: `{error: {message}}` (Image Editing),
 * `{error: {detail}}` (out of credits) and `{detail, status_code, type}` (Remove Background).
 */
const errorReplySchema = z.union([
	z.object({ error: z.object({ message: z.string().optional(), detail: z.string().optional() }) }),
	z.object({ detail: z.string(), type: z.string().optional() }),
]);

function errorText(body: unknown): { text: string; code?: string } | undefined {
	const parsed = errorReplySchema.safeParse(body);
	if (!parsed.success) return undefined;
	if ('error' in parsed.data) {
		const { message, detail } = parsed.data.error;
		const text = message ?? detail;
		return text ? { text } : undefined;
	}
	return { text: parsed.data.detail, code: parsed.data.type };
}

/** A key that starts so is a sandbox key: free calls, watermarked results. */
export const SANDBOX_KEY_PREFIX = 'sandbox_';

const api: ProviderApi = {
	id: PROVIDER_ID,
	provider: PROVIDER,
	credentialType: CREDENTIAL_TYPE,
	/** Photoroom bills per image, by plan (its pricing pages); a sandbox call is free. */
	async priceOf(ctx, request) {
		const credentials = await readApiCredentials(ctx, CREDENTIAL_TYPE, DEFAULT_BASE_URL);
		if (credentials.keyStartsWith(SANDBOX_KEY_PREFIX))
			return { amount: 0, unit: 'images', note: 'a sandbox key: free, watermarked results' };
		if (request.path.endsWith('/v1/segment'))
			return request.fields.size === 'preview'
				? { amount: 0.25, unit: 'images', note: 'a preview (up to 0.25 MP)' }
				: { amount: 1, unit: 'images', note: 'Basic plan; 0.2 on the Plus plan' };
		if (request.path.endsWith('/v2/edit'))
			return { amount: 1, unit: 'images', note: 'Plus plan; 5 on the Basic plan' };
		return undefined;
	},
	errorOf(ctx, reply, request) {
		const status = reply.statusCode;
		if (status < 400) return undefined;
		const known = errorText(reply.body);
		return providerError(
			ctx.getNode(),
			PROVIDER,
			known?.code ?? status,
			known?.text ?? `HTTP ${status}`,
			{
				itemIndex: request.call.itemIndex,
				httpCode: status,
				description: `${PROVIDER} rejected ${request.method} ${request.path} (HTTP ${status}).${authHint(status, PROVIDER)}${known ? '' : ` Reply: ${excerpt(reply.body, knownSecrets(ctx))}`}`,
			},
		);
	},
};

export interface PhotoroomRequest {
	/** Which of Photoroom's two APIs the path belongs to. */
	api: 'segment' | 'imageEditing';
	method: IHttpRequestMethods;
	path: string;
	qs?: IDataObject;
	/** Built per attempt, so a retry streams the file from the start. */
	form?: () => StreamingForm;
	/** The item the request is for, with its settings. */
	call: ItemCall;
	/** False for paid calls: repeated only when the provider certainly did not take them. */
	idempotent: boolean;
	/** Photoroom's own request headers (`pr-*-model-version`). */
	headers?: Record<string, string>;
}

/**
 * The host of the request's API: Photoroom's own two hosts by default; a Base URL changed in the
 * credential (a proxy, a local stand-in) serves both APIs.
 */
async function toApiRequest(
	ctx: IExecuteFunctions,
	{ api: which, ...request }: PhotoroomRequest,
	accept: string,
): Promise<ApiRequest> {
	const { baseUrl } = await readApiCredentials(ctx, CREDENTIAL_TYPE, DEFAULT_BASE_URL);
	const host = which === 'segment' && baseUrl === DEFAULT_BASE_URL ? SEGMENT_BASE_URL : baseUrl;
	return { ...request, baseUrl: host, headers: { ...request.headers, accept } };
}

/** A call that answers with JSON, checked against `reply`. */
export async function apiRequest<T>(
	ctx: IExecuteFunctions,
	request: PhotoroomRequest,
	reply: z.ZodType<T, z.ZodTypeDef, unknown>,
): Promise<T> {
	const full = await toApiRequest(ctx, request, 'application/json');
	return skeleton.checkReply(ctx, api, full, await skeleton.apiRequest(ctx, api, full), reply);
}

/** A call that answers with an image (Remove Background, Edit). */
export async function apiRequestBytes(
	ctx: IExecuteFunctions,
	request: PhotoroomRequest,
): Promise<BytesReply> {
	// Remove Background answers `{base64img}` to a client that accepts JSON: ask for the image.
	return await skeleton.apiRequestBytes(ctx, api, await toApiRequest(ctx, request, 'image/*'));
}
