import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';
import { BINARY_ENCODING } from 'n8n-workflow';

import { binaryStoreLimitError, binaryStoreLimitOf, skippedReason } from './binaryLimit';
import { baseUrlsRead } from './credentials';
import { apiError, operationError, withTaskId } from './errors';
import { formatBytes } from './input';
import { headerValue, networkErrorCode, sendWithRetry } from './http';
import { extensionForMime, extensionFromUrl, mimeForExtension } from './media';
import type { ResultRole } from './naming';
import { resultFileName } from './naming';
import type { ItemCall } from './run';
import { privateHostReason } from './signedUrl';

/** How a result file is named (see naming.ts): its source, its role, its number. */
export interface ResultName {
	source: string;
	role: ResultRole;
	index?: number;
}

export interface DownloadRequest {
	provider: string;
	url: string;
	/** The item the file is for, with its settings (Request Timeout). */
	call: ItemCall;
	name: ResultName;
	/** Only for result paths on the provider's own API host. */
	credentialType?: string;
	baseURL?: string;
	/** The provider's task that made the file: a failed download keeps it on its error. */
	taskId?: string;
	/** A reply announcing more bytes than this is not downloaded (see downloadResultFile). */
	skipAboveBytes?: number;
	/** The hard limit for this file (default MAX_RESULT_BYTES; images use MAX_IMAGE_RESULT_BYTES). */
	maxBytes?: number;
}

/**
 * Hard limits on a result file, counted while it streams in (a chunked or compressed reply
 * announces no true size): no result of these providers comes near them, and a reply that does
 * is refused rather than allowed to fill the disk.
 */
export const MAX_RESULT_BYTES = 2 * 1024 ** 3;
export const MAX_IMAGE_RESULT_BYTES = 100 * 1024 ** 2;

export type DownloadedFile = { binary: IBinaryData } | { skipped: string; bytes: number };

const DOWNLOAD_ATTEMPTS = 3;

/**
 * Streams a result URL into n8n's binary store, named by the naming rule; retries when the
 * transfer is cut short, and refuses a reply shorter than its Content-Length.
 */
export async function downloadResult(
	ctx: IExecuteFunctions,
	request: Omit<DownloadRequest, 'skipAboveBytes'>,
): Promise<IBinaryData> {
	// Without skipAboveBytes a download is never skipped.
	const file = await downloadResultFile(ctx, request);
	if ('skipped' in file)
		throw new Error('unreachable: a download without a size limit was skipped');
	return file.binary;
}

/** downloadResult, except that a reply announcing more than `skipAboveBytes` is left at its URL. */
export async function downloadResultFile(
	ctx: IExecuteFunctions,
	request: DownloadRequest,
): Promise<DownloadedFile> {
	try {
		return await download(ctx, request);
	} catch (error) {
		throw withTaskId(error, request.taskId);
	}
}

async function download(ctx: IExecuteFunctions, request: DownloadRequest): Promise<DownloadedFile> {
	const details = { itemIndex: request.call.itemIndex, description: `URL: ${request.url}` };
	const maxBytes = request.maxBytes ?? MAX_RESULT_BYTES;
	// What is counted against: Skip Download Above when it is lower (the item then keeps the URL).
	const skipBelowMax =
		request.skipAboveBytes !== undefined && request.skipAboveBytes < maxBytes
			? request.skipAboveBytes
			: undefined;
	const countLimit = skipBelowMax ?? maxBytes;
	for (let attempt = 1; ; attempt++) {
		const response = await fetchResult(ctx, request);
		const body = response.body as AsyncIterable<Uint8Array> & { destroy?: () => void };
		if (response.statusCode < 200 || response.statusCode >= 300) {
			body.destroy?.();
			throw apiError(
				ctx.getNode(),
				`${request.provider} result file could not be downloaded (HTTP ${response.statusCode})`,
				{
					...details,
					description: `URL: ${request.url}. Result URLs expire; run the operation again or use Get Task for a fresh URL.`,
					httpCode: response.statusCode,
				},
			);
		}
		const mimeType = resultMimeType(headerValue(response.headers, 'content-type'), request.url);
		const fileName = resultFileName(
			request.name.source,
			request.name.role,
			extensionForMime(mimeType) ?? extensionFromUrl(request.url) ?? 'bin',
			request.name.index,
		);
		// The HTTP client drops Content-Encoding when it decompresses, and hands on a decoding stream
		// instead of the raw reply (which keeps its rawHeaders): then Content-Length counts the
		// compressed bytes, not the file's, and is only a lower bound.
		const decoded = !Array.isArray((body as { rawHeaders?: unknown }).rawHeaders);
		const declared = Number(headerValue(response.headers, 'content-length'));
		const expectedBytes = decoded ? NaN : declared;
		if (declared > countLimit) {
			body.destroy?.();
			if (skipBelowMax !== undefined)
				return { skipped: skippedReason(declared, skipBelowMax), bytes: declared };
			throw tooLargeError(ctx, request, maxBytes, declared);
		}
		const counted = countBytes(body, countLimit);
		let binary: IBinaryData;
		try {
			binary = await ctx.helpers.prepareBinaryData(
				response.body as Parameters<typeof ctx.helpers.prepareBinaryData>[0],
				fileName,
				mimeType,
			);
		} catch (error) {
			if (counted.over) {
				if (skipBelowMax !== undefined)
					return {
						skipped: skippedReason(counted.bytes, skipBelowMax, true),
						bytes: counted.bytes,
					};
				throw tooLargeError(ctx, request, maxBytes);
			}
			// n8n refusing the file for its size (database binary mode) is not an interruption.
			const limit = binaryStoreLimitOf(error);
			if (limit)
				throw binaryStoreLimitError(ctx, {
					...request,
					itemIndex: request.call.itemIndex,
					...limit,
					contentLength: expectedBytes > 0 ? expectedBytes : undefined,
				});
			if (attempt < DOWNLOAD_ATTEMPTS && networkErrorCode(error)) continue;
			throw apiError(
				ctx.getNode(),
				`${request.provider} result file download was interrupted: ${(error as Error).message}`,
				details,
			);
		}
		const storedBytes = await storedSize(ctx, binary);
		// The store may have finished before the stop took effect: the limit still holds.
		if (counted.over || (storedBytes ?? 0) > countLimit) {
			if (skipBelowMax !== undefined) {
				const bytes = storedBytes ?? counted.bytes;
				return { skipped: skippedReason(bytes, skipBelowMax, counted.over), bytes };
			}
			throw tooLargeError(ctx, request, maxBytes);
		}
		if (
			Number.isFinite(expectedBytes) &&
			expectedBytes > 0 &&
			storedBytes !== undefined &&
			storedBytes !== expectedBytes
		) {
			if (attempt < DOWNLOAD_ATTEMPTS) continue;
			throw apiError(
				ctx.getNode(),
				`${request.provider} result file was cut short: got ${storedBytes} of ${expectedBytes} bytes`,
				details,
			);
		}
		return { binary };
	}
}

/** Redirects a result URL may take (each hop checked like the URL itself). */
export const MAX_RESULT_REDIRECTS = 5;
const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308]);

/**
 * GETs a result file. A path on the provider's API host (`credentialType` set) goes to the
 * credential's Base URL and follows no redirect (http.ts). A result URL the provider handed out
 * (a CDN, a bucket) may point anywhere, so its redirects are followed here, one hop at a time,
 * and every hop's host is checked first (checkResultHost).
 */
async function fetchResult(ctx: IExecuteFunctions, request: DownloadRequest) {
	let url = request.url;
	for (let hop = 0; ; hop++) {
		if (!request.credentialType) checkResultHost(ctx, request, url);
		const hopUrl = url;
		const response = await sendWithRetry(ctx, {
			...request.call,
			provider: request.provider,
			credentialType: request.credentialType,
			request: () => ({
				method: 'GET',
				url: hopUrl,
				baseURL: request.baseURL,
				encoding: 'stream',
				// A compressed reply's Content-Length is not the file's size (the client decompresses).
				headers: { 'accept-encoding': 'identity' },
				...(request.credentialType ? {} : { disableFollowRedirect: true }),
			}),
			idempotent: true,
		});
		const location = REDIRECT_STATUS.has(response.statusCode)
			? headerValue(response.headers, 'location')
			: undefined;
		if (request.credentialType || location === undefined) return response;
		(response.body as { destroy?: () => void }).destroy?.();
		if (hop >= MAX_RESULT_REDIRECTS)
			throw apiError(
				ctx.getNode(),
				`${request.provider} result file was not downloaded: more than ${MAX_RESULT_REDIRECTS} redirects`,
				{ itemIndex: request.call.itemIndex, description: `URL: ${request.url}` },
			);
		try {
			url = new URL(location, url).href;
		} catch {
			throw apiError(
				ctx.getNode(),
				`${request.provider} result file was not downloaded: a redirect to an unreadable address`,
				{ itemIndex: request.call.itemIndex, description: `URL: ${request.url}` },
			);
		}
	}
}

/**
 * A result URL (or a redirect on the way) on a private or local host is not fetched: a provider's
 * reply, or whoever tampers with it, would otherwise make n8n read its own network (cloud metadata
 * at 169.254.169.254, n8n itself, a router). The one private host allowed is the host of the
 * credential's Base URL: the user pointed the node there (a proxy, a stand-in on the same network),
 * so its own result files come from there too.
 */
function checkResultHost(ctx: IExecuteFunctions, request: DownloadRequest, url: string) {
	let target: URL | undefined;
	try {
		target = new URL(url);
	} catch {
		target = undefined;
	}
	const refuse = (why: string) =>
		operationError(ctx.getNode(), `${request.provider} result file was not downloaded: ${why}`, {
			itemIndex: request.call.itemIndex,
			description: `The task itself finished; its result: ${request.url}${url === request.url ? '' : ` (redirected to ${url})`}`,
			taskId: request.taskId,
			resultUrl: request.url,
		});
	if (!target || (target.protocol !== 'http:' && target.protocol !== 'https:'))
		throw refuse(`${url} is not an http(s) URL`);
	const reason = privateHostReason(target.hostname);
	if (!reason) return;
	const ownHosts = baseUrlsRead(ctx).map((baseUrl) => {
		try {
			return new URL(baseUrl).hostname;
		} catch {
			return undefined;
		}
	});
	if (ownHosts.includes(target.hostname)) return;
	throw refuse(
		`its address ${target.host} is not on the internet (${reason}), and it is not the host of the credential's Base URL`,
	);
}

/**
 * Counts a reply's bytes as they stream into n8n's binary store and stops the stream once they
 * pass `limit` (the store's write then fails, and `over` says why).
 */
export function countBytes(body: { destroy?: (error?: Error) => void }, limit: number) {
	const count = { bytes: 0, over: false };
	const stream = body as {
		pause?: () => void;
		resume?: () => void;
		on?: (event: string, listener: (value: never) => void) => void;
		off?: (event: string, listener: (value: never) => void) => void;
	};
	// Paused first, so that listening does not start the flow before the store reads: a 'data'
	// listener then sees every chunk the store reads (piped or iterated), and none is lost.
	stream.pause?.();
	stream.on?.('data', (chunk: Uint8Array) => {
		count.bytes += chunk.length;
		if (count.bytes > limit && !count.over) {
			count.over = true;
			body.destroy?.(new Error(`more than ${limit} bytes`));
		}
	});
	// A store that reads with its own 'data' listener (n8n's database mode) does not resume a
	// stream paused on purpose: resume it once that listener is in place. (pipe resumes by itself.)
	const resumeForReader = (event: string) => {
		if (event !== 'data') return;
		stream.off?.('newListener', resumeForReader);
		void Promise.resolve().then(() => stream.resume?.());
	};
	stream.on?.('newListener', resumeForReader);
	return count;
}

/** A result above the hard limit: not stored, and the item keeps where it is. */
function tooLargeError(
	ctx: IExecuteFunctions,
	request: DownloadRequest,
	maxBytes: number,
	declared?: number,
) {
	const size =
		declared !== undefined ? formatBytes(declared) : `more than ${formatBytes(maxBytes)}`;
	return operationError(
		ctx.getNode(),
		`${request.provider} result file is ${size}, above the ${formatBytes(maxBytes)} limit for a downloaded result`,
		{
			itemIndex: request.call.itemIndex,
			description: `The download was stopped at the limit and nothing was kept. The task itself finished; its result: ${request.url}`,
			taskId: request.taskId,
			resultUrl: request.url,
		},
	);
}

/** The reply's type, else the one the URL's extension names. */
function resultMimeType(contentType: string | undefined, url: string): string {
	const declared = (contentType ?? '').split(';')[0].trim();
	if (declared && declared !== 'application/octet-stream') return declared;
	const extension = extensionFromUrl(url);
	return (extension && mimeForExtension(extension)) || 'application/octet-stream';
}

async function storedSize(
	ctx: IExecuteFunctions,
	binary: IBinaryData,
): Promise<number | undefined> {
	if (typeof binary.bytes === 'number') return binary.bytes;
	if (binary.id) return (await ctx.helpers.getBinaryMetadata(binary.id)).fileSize;
	return binary.data ? Buffer.byteLength(binary.data, BINARY_ENCODING) : undefined;
}

/** Stores a result we already hold (base64 replies, image bytes), named by the naming rule. */
export async function storeResult(
	ctx: IExecuteFunctions,
	bytes: Buffer,
	name: ResultName,
	mimeType: string,
): Promise<IBinaryData> {
	const fileName = resultFileName(
		name.source,
		name.role,
		extensionForMime(mimeType) ?? 'bin',
		name.index,
	);
	return await ctx.helpers.prepareBinaryData(bytes, fileName, mimeType);
}

/** A stored result typed by its bytes (its URL or Content-Type may claim another type), renamed to match. */
export function typedAs(binary: IBinaryData, mimeType: string, name: ResultName): IBinaryData {
	const extension = extensionForMime(mimeType) ?? 'bin';
	return {
		...binary,
		mimeType,
		fileExtension: extension,
		fileName: resultFileName(name.source, name.role, extension, name.index),
	};
}
