/**
 * The one shape of a provider API request. A transport describes its provider once (`ProviderApi`:
 * its name, its credential, how its error replies read) and hands each request over as plain data
 * (`ApiRequest`: method, the API root it read from the credential, path, query, JSON or multipart
 * body, paid or not). Everything else is done here, the same way for every provider: sending it
 * through n8n's helpers with retries and the account limit (http.ts), reading the reply through
 * the byte counter of result downloads with a cap (a compressed reply is counted as it inflates),
 * and the provider's error mapping.
 *
 * Every request passes through `send`: in a dry run a paid one is described there instead of sent
 * (`describeRequest`: method, host, path, query and body fields without secrets, file names, types
 * and sizes) and priced (`ProviderApi.priceOf`).
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
} from 'n8n-workflow';
import type { z } from 'zod';

import { knownSecrets } from './credentials';
import type { Price, RequestDescription } from './dryRun';
import { DryRunRequest } from './dryRun';
import { countBytes, MAX_IMAGE_RESULT_BYTES } from './download';
import { apiError, operationError, providerError, redact } from './errors';
import { headerValue, sendWithRetry } from './http';
import { formatBytes } from './input';
import type { ProviderId } from './output';
import { describeIssues, excerpt, parseJsonBody } from './replies';
import type { ItemCall } from './run';
import type { StreamingForm } from './upload';

/** The most a JSON reply may hold: every account, task and record reply is a few KB. */
export const MAX_JSON_REPLY_BYTES = 10 * 1024 ** 2;

/** What the skeleton needs to know of a provider. */
export interface ProviderApi {
	/** Its id in results (the manifest's). */
	id: ProviderId;
	/** Its name in messages, e.g. "Cutout.pro". */
	provider: string;
	/** The n8n credential type that authenticates its requests. */
	credentialType: string;
	/**
	 * The provider's error for a reply, or undefined for a reply the caller reads. Called for every
	 * JSON reply (an error may come with HTTP 200) and for every reply of 400 or more, which it
	 * must map (`statusError` for a shape the provider does not document) unless the caller reads
	 * it (e.g. a batch reply where single tasks failed).
	 */
	errorOf(ctx: IExecuteFunctions, reply: ApiReply, request: ApiRequest): Error | undefined;
	/** What a paid request costs where the provider documents it (shown by Dry Run). */
	priceOf?(ctx: IExecuteFunctions, request: RequestDescription): Promise<Price | undefined>;
}

export interface ApiRequest {
	method: IHttpRequestMethods;
	/** The API root, from the credential's Base URL (read by the transport, passed in). */
	baseUrl: string;
	/** Below `baseUrl`, starting with "/". */
	path: string;
	/** How messages name the request, when not by its path (e.g. "convert/"). */
	name?: string;
	/** A function is called per attempt, just before sending (signed URLs are minted there). */
	qs?: IDataObject | (() => IDataObject);
	/** A JSON body. */
	body?: IDataObject | IDataObject[];
	/** A multipart body, built per attempt so that a retry streams its files from the start. */
	form?: () => StreamingForm;
	headers?: IDataObject;
	/** The item the request is for, with its settings (Request Timeout, limit, Dry Run). */
	call: ItemCall;
	/**
	 * False for paid work (a submission, a synchronous result): repeated only when the provider
	 * certainly did not take it.
	 */
	idempotent: boolean;
}

export interface ApiReply {
	statusCode: number;
	headers: IDataObject;
	/** The body as JSON when it is JSON text, else as text. */
	body: unknown;
}

/** A reply that is a file (an image) on success. */
export interface BytesReply {
	statusCode: number;
	headers: IDataObject;
	contentType: string;
	bytes: Buffer;
}

/** A JSON reply, its provider errors thrown; a success is returned to be checked by the caller. */
export async function apiRequest(
	ctx: IExecuteFunctions,
	api: ProviderApi,
	request: ApiRequest,
): Promise<ApiReply> {
	const response = await send(ctx, api, request, {
		maxBytes: MAX_JSON_REPLY_BYTES,
		what: 'a JSON reply',
		accept: 'application/json',
	});
	const reply = jsonReply(response);
	throwIfError(ctx, api, request, reply);
	return reply;
}

/**
 * A reply that is a file on success and a JSON error otherwise (e.g. Cutout.pro's matting),
 * read up to `maxBytes` (the image cap by default).
 */
export async function apiRequestBytes(
	ctx: IExecuteFunctions,
	api: ProviderApi,
	request: ApiRequest,
	maxBytes = MAX_IMAGE_RESULT_BYTES,
): Promise<BytesReply> {
	const response = await send(ctx, api, request, { maxBytes, what: 'an image reply' });
	const contentType = headerValue(response.headers, 'content-type') ?? '';
	const bytes = response.body as Buffer;
	if (response.statusCode < 400 && !contentType.includes('json'))
		return { statusCode: response.statusCode, headers: response.headers ?? {}, contentType, bytes };
	const reply = jsonReply(response);
	throwIfError(ctx, api, request, reply);
	throw apiError(ctx.getNode(), `${api.provider} sent a reply that is not a valid API response`, {
		itemIndex: request.call.itemIndex,
		httpCode: response.statusCode,
		description: `${request.name ?? request.path} answered with JSON instead of an image: ${excerpt(reply.body, knownSecrets(ctx))}`,
	});
}

/** A successful reply's body checked against `schema`, or the contract's invalid-reply error. */
export function checkReply<T>(
	ctx: IExecuteFunctions,
	api: ProviderApi,
	request: ApiRequest,
	reply: ApiReply,
	schema: z.ZodType<T, z.ZodTypeDef, unknown>,
): T {
	const parsed = schema.safeParse(reply.body);
	if (parsed.success) return parsed.data;
	throw apiError(ctx.getNode(), `${api.provider} sent a reply that is not a valid API response`, {
		itemIndex: request.call.itemIndex,
		httpCode: reply.statusCode,
		description: `${describeIssues(parsed.error)}. Reply to ${request.name ?? request.path}: ${excerpt(reply.body, knownSecrets(ctx))}`,
	});
}

/** The request as plain data: no key, no signed-URL token, no file contents. */
export function describeRequest(ctx: IExecuteFunctions, request: ApiRequest): RequestDescription {
	const query = typeof request.qs === 'function' ? request.qs() : request.qs;
	const secrets = knownSecrets(ctx);
	const plain = (value: unknown) => {
		const text = typeof value === 'string' ? value : JSON.stringify(value);
		// a signed n8n URL's token lets anyone read the file until it expires
		return redact(text ?? '', secrets)
			.replace(/([?&]token=)[^&\s"]+/g, '$1***')
			.slice(0, 200);
	};
	const fields: IDataObject = {};
	const files: RequestDescription['files'] = [];
	for (const [name, value] of request.form?.() ?? []) {
		if (typeof value === 'string') fields[name] = plain(value);
		else files.push({ field: name, name: value.name, type: value.type, size: value.size });
	}
	const body = request.body;
	if (body && !Array.isArray(body))
		for (const [name, value] of Object.entries(body)) fields[name] = plain(value);
	else if (body) fields.tasks = plain(body);
	return {
		method: request.method,
		host: new URL(request.baseUrl).host,
		path: `${new URL(request.baseUrl).pathname.replace(/\/$/, '')}${request.path}`,
		query: Object.fromEntries(
			Object.entries(query ?? {}).map(([name, value]) => [name, plain(value)]),
		),
		fields,
		files,
	};
}

/**
 * Every provider request goes through here: sent with retries, its reply read through the byte
 * counter up to `limit.maxBytes` inside the attempt (a reset while reading is retried like one
 * while sending); the body comes back as a Buffer. A paid request in a dry run is turned back
 * here, described and priced, before it takes a place in the account's limit.
 */
async function send(
	ctx: IExecuteFunctions,
	api: ProviderApi,
	request: ApiRequest,
	limit: { maxBytes: number; what: string; accept?: string },
): Promise<IN8nHttpFullResponse> {
	// Paid work is what a dry run describes instead of sending (free calls run).
	if (!request.idempotent && request.call.dryRun) {
		const description = describeRequest(ctx, request);
		throw new DryRunRequest(api.id, description, await api.priceOf?.(ctx, description));
	}
	return await sendWithRetry(ctx, {
		...request.call,
		provider: api.provider,
		credentialType: api.credentialType,
		idempotent: request.idempotent,
		request: (): IHttpRequestOptions => ({
			method: request.method,
			baseURL: request.baseUrl,
			url: request.path,
			qs: typeof request.qs === 'function' ? request.qs() : request.qs,
			body: request.form?.() ?? request.body,
			json: request.body !== undefined,
			encoding: 'stream',
			headers: { ...(limit.accept ? { accept: limit.accept } : {}), ...request.headers },
			// Following redirects makes the HTTP client keep a copy of every byte sent (to send
			// it again to the new location): a 1 GB upload would be held whole in memory.
			...(request.form ? { disableFollowRedirect: true } : {}),
		}),
		readBody: async (response) => await readCapped(ctx, api, request, response, limit),
	});
}

/** Reads a streamed reply whole, counting its bytes as they arrive; more than the cap is an error. */
async function readCapped(
	ctx: IExecuteFunctions,
	api: ProviderApi,
	request: ApiRequest,
	response: IN8nHttpFullResponse,
	limit: { maxBytes: number; what: string },
): Promise<Buffer> {
	const body = response.body;
	if (Buffer.isBuffer(body) || typeof body === 'string' || body instanceof ArrayBuffer) {
		const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body as string);
		if (bytes.length > limit.maxBytes)
			throw tooLarge(ctx, api, request, limit, response.statusCode);
		return bytes;
	}
	const stream = body as NodeJS.ReadableStream & { destroy(error?: Error): void };
	const counted = countBytes(stream, limit.maxBytes);
	const chunks: Buffer[] = [];
	await new Promise<void>((resolve, reject) => {
		stream.on('data', (chunk: Buffer) => {
			if (!counted.over) chunks.push(chunk);
		});
		stream.once('end', resolve);
		stream.once('error', (error) =>
			reject(counted.over ? tooLarge(ctx, api, request, limit, response.statusCode) : error),
		);
		// Closed without its end (and without an error): cut short, like a reset.
		stream.once('close', () =>
			(stream as { readableEnded?: boolean }).readableEnded
				? resolve()
				: reject(Object.assign(new Error('closed early'), { code: 'ERR_STREAM_PREMATURE_CLOSE' })),
		);
	});
	return Buffer.concat(chunks);
}

/** A reply above its cap: the item fails; nothing more of it was read. */
function tooLarge(
	ctx: IExecuteFunctions,
	api: ProviderApi,
	request: ApiRequest,
	limit: { maxBytes: number; what: string },
	status: number,
) {
	return operationError(
		ctx.getNode(),
		`${api.provider} reply to ${request.name ?? request.path} is over the ${formatBytes(limit.maxBytes)} limit for ${limit.what}`,
		{
			itemIndex: request.call.itemIndex,
			description: `HTTP ${status}. The reply was counted as it arrived (decompressed) and stopped at the limit; nothing of it was kept.${request.idempotent ? '' : ' The provider may have charged for this request.'}`,
		},
	);
}

function jsonReply(response: IN8nHttpFullResponse): ApiReply {
	return {
		statusCode: response.statusCode,
		headers: response.headers ?? {},
		body: parseJsonBody(response.body),
	};
}

function throwIfError(
	ctx: IExecuteFunctions,
	api: ProviderApi,
	request: ApiRequest,
	reply: ApiReply,
) {
	const error = api.errorOf(ctx, reply, request);
	if (error) throw error;
}

/** A reply of 400 or more in no shape the provider documents: its status and an excerpt. */
export function statusError(
	ctx: IExecuteFunctions,
	api: ProviderApi,
	request: ApiRequest,
	reply: ApiReply,
) {
	const status = reply.statusCode;
	return providerError(ctx.getNode(), api.provider, status, `HTTP ${status}`, {
		itemIndex: request.call.itemIndex,
		httpCode: status,
		description: `Reply: ${excerpt(reply.body, knownSecrets(ctx))}`,
	});
}
