import type { IBinaryData, IExecuteFunctions, IN8nHttpFullResponse } from 'n8n-workflow';
import { z } from 'zod';

import { knownSecrets, readApiCredentials } from '../../shared/credentials';
import type { ResultName } from '../../shared/download';
import { downloadResult } from '../../shared/download';
import { apiError, authHint, providerError } from '../../shared/errors';
import { sendWithRetry } from '../../shared/http';
import { describeIssues, excerpt, parseJsonBody } from '../../shared/replies';
import type { FormFile } from '../../shared/upload';
import { StreamingForm } from '../../shared/upload';

export const PROVIDER = 'BackgroundRemoverAI';
export const PROVIDER_ID = 'backgroundRemoverAi' as const;
export const CREDENTIAL_TYPE = 'backgroundRemoverAiApi';
export const DEFAULT_BASE_URL = 'https://api.backgroundremoverai.com';

export type ConvertTo = 'image-backgroundremover' | 'video-backgroundremover';

/** The API host, e.g. https://api.backgroundremoverai.com: the API is under /v1, result files at its root. */
async function apiHost(ctx: IExecuteFunctions): Promise<string> {
	return (await readApiCredentials(ctx, CREDENTIAL_TYPE, DEFAULT_BASE_URL)).baseUrl;
}

/** The provider reports errors as `{error}`, sometimes with HTTP 200 (its own samples check both). */
const errorReplySchema = z.object({ error: z.unknown() }).passthrough();

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

export function entryText(entry: unknown): string {
	if (typeof entry === 'string') return entry;
	if (entry && typeof entry === 'object') {
		const { error, message, detail } = entry as Record<string, unknown>;
		const text = error ?? message ?? detail;
		if (typeof text === 'string') {
			const { filename, file } = entry as Record<string, unknown>;
			const name = filename ?? file;
			return typeof name === 'string' ? `${name}: ${text}` : text;
		}
	}
	return JSON.stringify(entry) ?? String(entry);
}

interface BraiRequest<T> {
	path: 'convert/' | 'results/';
	fields: Record<string, string>;
	files?: Array<{ field: string; file: FormFile }>;
	itemIndex: number;
	/** False for `convert/`: it starts paid work and is repeated only when certainly not taken. */
	idempotent: boolean;
	reply: z.ZodType<T, z.ZodTypeDef, unknown>;
}

/** Sends a multipart POST to the API and maps the reply to `T` or to an error with the provider's text. */
async function braiRequest<T>(ctx: IExecuteFunctions, request: BraiRequest<T>): Promise<T> {
	const host = await apiHost(ctx);
	const response: IN8nHttpFullResponse = await sendWithRetry(ctx, {
		provider: PROVIDER,
		credentialType: CREDENTIAL_TYPE,
		idempotent: request.idempotent,
		itemIndex: request.itemIndex,
		request: () => {
			// Built per attempt, so every retry streams the files from the start.
			const form = new StreamingForm();
			form.append('lang', 'en');
			for (const [name, value] of Object.entries(request.fields)) form.append(name, value);
			for (const { field, file } of request.files ?? []) form.append(field, file);
			return {
				method: 'POST',
				baseURL: `${host}/v1`,
				url: `/${request.path}`,
				body: form,
				json: true,
				// Following redirects makes the HTTP client keep a copy of every byte sent (to send
				// it again to the new location): a 1 GB video would be held whole in memory.
				...(request.files?.length ? { disableFollowRedirect: true } : {}),
			};
		},
	});
	const body = parseJsonBody(response.body);
	const status = response.statusCode;
	const base = { itemIndex: request.itemIndex, httpCode: status };
	const node = ctx.getNode();
	const providerReply = errorReplySchema.safeParse(body);
	if (providerReply.success && providerReply.data.error) {
		// The provider gives no error code: the HTTP status stands for it (200 when it sends none).
		throw providerError(node, PROVIDER, status, entryText(providerReply.data.error), {
			...base,
			description: `${PROVIDER} rejected POST ${request.path} (HTTP ${status}).${authHint(status, PROVIDER)}`,
		});
	}
	if (status >= 400) {
		throw providerError(node, PROVIDER, status, `HTTP ${status}`, {
			...base,
			description: `Reply: ${excerpt(body, knownSecrets(ctx))}`,
		});
	}
	const parsed = request.reply.safeParse(body);
	if (!parsed.success) {
		throw apiError(node, `${PROVIDER} sent a reply that is not a valid API response`, {
			...base,
			description: `${describeIssues(parsed.error)}. Reply to ${request.path}: ${excerpt(body, knownSecrets(ctx))}`,
		});
	}
	return parsed.data;
}

/** `POST convert/`: uploads the files with the parameters and returns the conversion uuid. */
export async function submitConversion(
	ctx: IExecuteFunctions,
	options: {
		convertTo: ConvertTo;
		fields: Record<string, string>;
		files: Array<{ field: string; file: FormFile }>;
		itemIndex: number;
	},
): Promise<string> {
	const { uuid } = await braiRequest(ctx, {
		path: 'convert/',
		fields: { convert_to: options.convertTo, ...options.fields },
		files: options.files,
		itemIndex: options.itemIndex,
		idempotent: false,
		reply: convertReplySchema,
	});
	return uuid;
}

/** `POST results/`: the state of a conversion (safe to repeat). */
export async function getConversion(
	ctx: IExecuteFunctions,
	uuid: string,
	itemIndex: number,
): Promise<ConversionResult> {
	return await braiRequest(ctx, {
		path: 'results/',
		fields: { uuid },
		itemIndex,
		idempotent: true,
		reply: resultsReplySchema,
	});
}

/** Result URLs are paths on the API host; absolute URLs are used as they are. */
export async function absoluteFileUrl(ctx: IExecuteFunctions, url: string): Promise<string> {
	return /^https?:\/\//i.test(url) ? url : `${await apiHost(ctx)}/${url.replace(/^\/+/, '')}`;
}

/**
 * Streams one result file into n8n's binary store. The documents download result paths without
 * credentials, so the API key is not sent with them.
 */
export async function downloadConversionFile(
	ctx: IExecuteFunctions,
	file: ConversionFile,
	options: { itemIndex: number; name: ResultName; taskId?: string },
): Promise<IBinaryData> {
	return await downloadResult(ctx, {
		provider: PROVIDER,
		url: await absoluteFileUrl(ctx, file.url),
		itemIndex: options.itemIndex,
		name: options.name,
		taskId: options.taskId,
	});
}
