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

export const PROVIDER = 'Photoroom';
export const PROVIDER_ID = 'photoroom' as const;
export const CREDENTIAL_TYPE = 'photoroomApi';
/** The Image Editing API's host (Edit, Account); also the credential's Base URL default. */
export const DEFAULT_BASE_URL = 'https://image-api.photoroom.com';
/** The Remove Background API lives on its own host. */
const SEGMENT_BASE_URL = 'https://sdk.photoroom.com';

/** A sandbox key: free calls, and every result carries Photoroom's watermark. */
const SANDBOX_KEY_PREFIX = 'sandbox_';

/**
 * What a result's json says of a sandbox key: `sandbox: true, watermarked: true` (a live key adds
 * nothing), so a watermarked image is not mistaken for a deliverable one downstream.
 */
export async function sandboxFlags(ctx: IExecuteFunctions): Promise<IDataObject> {
	const credentials = await readApiCredentials(ctx, CREDENTIAL_TYPE, DEFAULT_BASE_URL);
	return credentials.keyStartsWith(SANDBOX_KEY_PREFIX) ? { sandbox: true, watermarked: true } : {};
}

/** Which of Photoroom's two APIs a path belongs to. */
export type PhotoroomApi = 'segment' | 'imageEditing';

/**
 * The host of `api`: Photoroom's own two hosts by default; a Base URL changed in the credential
 * (a proxy, a local stand-in) serves both APIs.
 */
async function apiBase(ctx: IExecuteFunctions, api: PhotoroomApi): Promise<string> {
	const { baseUrl } = await readApiCredentials(ctx, CREDENTIAL_TYPE, DEFAULT_BASE_URL);
	return api === 'segment' && baseUrl === DEFAULT_BASE_URL ? SEGMENT_BASE_URL : baseUrl;
}

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

export interface PhotoroomRequest {
	api: PhotoroomApi;
	method: IHttpRequestMethods;
	path: string;
	qs?: IDataObject;
	/** Built per attempt, so a retry streams the file from the start. */
	form?: () => StreamingForm;
	itemIndex: number;
	/** False for paid calls: repeated only when the provider certainly did not take them. */
	idempotent: boolean;
	/** Photoroom's own request headers (`pr-*-model-version`). */
	headers?: Record<string, string>;
}

/** An image reply: its bytes and the headers Photoroom reports about it. */
export interface ImageReply {
	bytes: Buffer;
	contentType: string;
	headers: IDataObject;
}

async function send(
	ctx: IExecuteFunctions,
	request: PhotoroomRequest,
	binaryReply: boolean,
): Promise<IN8nHttpFullResponse> {
	const baseURL = await apiBase(ctx, request.api);
	return await sendWithRetry(ctx, {
		provider: PROVIDER,
		credentialType: CREDENTIAL_TYPE,
		idempotent: request.idempotent,
		itemIndex: request.itemIndex,
		request: () => ({
			method: request.method,
			baseURL,
			url: request.path,
			qs: request.qs,
			body: request.form?.(),
			encoding: binaryReply ? 'arraybuffer' : 'json',
			json: !binaryReply,
			// Remove Background answers `{base64img}` to a client that accepts JSON: ask for the image.
			headers: { ...request.headers, accept: binaryReply ? 'image/*' : 'application/json' },
		}),
	});
}

/** Throws the provider's error for a reply that is not a success. */
function throwIfRefused(ctx: IExecuteFunctions, request: PhotoroomRequest, response: IN8nHttpFullResponse) {
	const status = response.statusCode;
	if (status < 400) return;
	const body = parseJsonBody(response.body);
	const known = errorText(body);
	throw providerError(ctx.getNode(), PROVIDER, known?.code ?? status, known?.text ?? `HTTP ${status}`, {
		itemIndex: request.itemIndex,
		httpCode: status,
		description: `${PROVIDER} rejected ${request.method} ${request.path} (HTTP ${status}).${authHint(status, PROVIDER)}${known ? '' : ` Reply: ${excerpt(body, knownSecrets(ctx))}`}`,
	});
}

/** A call that answers with JSON, checked against `reply`. */
export async function photoroomJsonRequest<T>(
	ctx: IExecuteFunctions,
	request: PhotoroomRequest,
	reply: z.ZodType<T, z.ZodTypeDef, unknown>,
): Promise<T> {
	const response = await send(ctx, request, false);
	throwIfRefused(ctx, request, response);
	const body = parseJsonBody(response.body);
	const parsed = reply.safeParse(body);
	if (!parsed.success) {
		throw apiError(ctx.getNode(), `${PROVIDER} sent a reply that is not a valid API response`, {
			itemIndex: request.itemIndex,
			httpCode: response.statusCode,
			description: `${describeIssues(parsed.error)}. Reply to ${request.path}: ${excerpt(body, knownSecrets(ctx))}`,
		});
	}
	return parsed.data;
}

/** A call that answers with an image (Remove Background, Edit). */
export async function photoroomImageRequest(
	ctx: IExecuteFunctions,
	request: PhotoroomRequest,
): Promise<ImageReply> {
	const response = await send(ctx, request, true);
	throwIfRefused(ctx, request, response);
	const contentType = headerValue(response.headers, 'content-type') ?? '';
	const bytes = Buffer.from(response.body as ArrayBuffer);
	if (contentType.includes('json')) {
		throw apiError(ctx.getNode(), `${PROVIDER} sent a reply that is not a valid API response`, {
			itemIndex: request.itemIndex,
			httpCode: response.statusCode,
			description: `${request.path} answered with JSON instead of an image: ${excerpt(parseJsonBody(bytes), knownSecrets(ctx))}`,
		});
	}
	return { bytes, contentType, headers: response.headers ?? {} };
}

/** `x-uncertainty-score`: 0 (sure) to 1 (unsure) for objects, -1 when people are in the image. */
export function uncertaintyScore(headers: IDataObject): number | undefined {
	const value = Number(headerValue(headers, 'x-uncertainty-score'));
	return Number.isFinite(value) ? value : undefined;
}
