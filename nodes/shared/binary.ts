import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';
import { BINARY_ENCODING } from 'n8n-workflow';

import { binaryStoreLimitError, binaryStoreLimitOf, skippedReason } from './binaryLimit';
import { inputError, providerApiError, withTaskId } from './errors';
import { headerValue, networkErrorCode, sendWithRetry } from './http';
import type { ImageKind } from './media';
import {
	extensionForMime,
	fileNameFromUrl,
	IMAGE_MIME,
	mimeForExtension,
	sniffImage,
} from './media';

/** One input file of an item, read lazily so large files are never loaded whole unless asked. */
export interface InputBinary {
	property: string;
	fileName: string;
	mimeType: string;
	/** Exact size in bytes. */
	size: number;
	/**
	 * Opens the content as a stream (filesystem, database or S3 binary modes alike); `chunkBytes`
	 * caps the size of each read (a caller that needs only the first bytes asks for few).
	 */
	open: (chunkBytes?: number) => Promise<AsyncIterable<Uint8Array> | Iterable<Uint8Array>>;
	/** The whole content in one buffer (n8n reads a stored file in one go: no chunks to join). */
	read: () => Promise<Buffer>;
}

/** Reads the binary property of an item, with errors that name the field and the item. */
export async function getInputBinary(
	ctx: IExecuteFunctions,
	itemIndex: number,
	property: string,
	field = 'Input Binary Field',
): Promise<InputBinary> {
	// An expression can resolve to anything: undefined when the field it reads is missing.
	const name = typeof property === 'string' ? property.trim() : '';
	if (!name) {
		const got =
			property === undefined || typeof property === 'string'
				? ''
				: `, got ${JSON.stringify(property)}`;
		throw inputError(ctx.getNode(), itemIndex, field, `a binary property name is required${got}`);
	}
	const item = ctx.getInputData()[itemIndex];
	const binary: IBinaryData | undefined = item?.binary?.[name];
	if (!binary) {
		const available = Object.keys(item?.binary ?? {});
		throw inputError(
			ctx.getNode(),
			itemIndex,
			field,
			`the item has no binary property "${name}"${available.length ? ` (it has: ${available.join(', ')})` : ' (it has no binary data)'}`,
		);
	}
	let size: number;
	let open: InputBinary['open'];
	let read: InputBinary['read'];
	if (binary.id) {
		const id = binary.id;
		size = (await ctx.helpers.getBinaryMetadata(id)).fileSize;
		// Larger reads than the stream default (64 KB: a 10 MB image took 160 reads), but no larger
		// than the file (each read allocates a buffer of this size).
		const chunkSize = Math.max(1, Math.min(size, READ_CHUNK_BYTES));
		open = async (chunkBytes = chunkSize) =>
			await ctx.helpers.getBinaryStream(id, Math.max(1, Math.min(chunkBytes, chunkSize)));
		read = async () => await ctx.helpers.getBinaryDataBuffer(itemIndex, name);
	} else {
		const buffer = Buffer.from(binary.data, BINARY_ENCODING);
		size = buffer.length;
		open = async () => [buffer];
		read = async () => buffer;
	}
	if (size === 0)
		throw inputError(ctx.getNode(), itemIndex, field, `the file in "${name}" is empty`);
	return {
		property: name,
		fileName:
			binary.fileName ??
			`${name}.${binary.fileExtension ?? extensionForMime(binary.mimeType) ?? 'bin'}`,
		mimeType: binary.mimeType,
		size,
		open,
		read,
	};
}

/** Bytes read from the binary store at a time. */
const READ_CHUNK_BYTES = 1024 * 1024;

/** An input image whose real format was checked from its first bytes; its bytes stay in the store. */
export interface CheckedImage extends InputBinary {
	kind: ImageKind;
}

interface ImageRules {
	allowed: readonly ImageKind[];
	/** The provider's size limit, when it has one. */
	maxBytes?: number;
	field?: string;
}

const HEAD_BYTES = 64;

/** The first bytes of an input, read from its stream (the rest is never loaded). */
export async function readHead(
	input: Pick<InputBinary, 'open'>,
	bytes = HEAD_BYTES,
): Promise<Buffer> {
	const chunks: Uint8Array[] = [];
	let length = 0;
	for await (const chunk of await input.open(bytes)) {
		chunks.push(chunk);
		length += chunk.length;
		if (length >= bytes) break;
	}
	// An in-memory input comes as one chunk: a view of it, not a copy of the whole file.
	const head =
		chunks.length === 1
			? Buffer.from(chunks[0].buffer, chunks[0].byteOffset, chunks[0].byteLength)
			: Buffer.concat(chunks);
	return head.subarray(0, bytes);
}

/** The first bytes of a stored binary (an output we just stored), without reading the whole file. */
export async function readStoredHead(
	ctx: IExecuteFunctions,
	binary: IBinaryData,
	bytes = HEAD_BYTES,
): Promise<Buffer> {
	if (!binary.id) return Buffer.from(binary.data, BINARY_ENCODING).subarray(0, bytes);
	const id = binary.id;
	return await readHead(
		{ open: async (chunk) => await ctx.helpers.getBinaryStream(id, chunk) },
		bytes,
	);
}

/**
 * Checks an image input's size and real format (from its first bytes) without loading it: done
 * for every item before any paid call, so a batch of large images is never held in memory.
 */
export async function checkInputImage(
	ctx: IExecuteFunctions,
	itemIndex: number,
	property: string,
	rules: ImageRules,
): Promise<CheckedImage> {
	const field = rules.field ?? 'Input Binary Field';
	const input = await getInputBinary(ctx, itemIndex, property, field);
	if (rules.maxBytes !== undefined && input.size > rules.maxBytes) {
		throw inputError(
			ctx.getNode(),
			itemIndex,
			field,
			`the file is ${formatBytes(input.size)}, over the provider's limit of ${formatBytes(rules.maxBytes)}`,
		);
	}
	const kind = sniffImage(await readHead(input));
	if (!kind || !rules.allowed.includes(kind)) {
		throw inputError(
			ctx.getNode(),
			itemIndex,
			field,
			`"${input.fileName}" is not a supported image (${kind ?? 'unrecognised content'}, declared ${input.mimeType}); accepted: ${rules.allowed.map((k) => k.toUpperCase()).join(', ')}`,
		);
	}
	return { ...input, kind, mimeType: IMAGE_MIME[kind] };
}

export function formatBytes(bytes: number): string {
	if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
	if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
	return `${bytes} B`;
}

/** A file part of a multipart body, streamed from its source when the request is sent. */
export interface FormFile {
	readonly name: string;
	readonly type: string;
	readonly size: number;
	stream(): AsyncIterable<Uint8Array>;
	readonly [Symbol.toStringTag]: 'Blob';
}

export function formFile(input: InputBinary, fileName = input.fileName): FormFile {
	return {
		name: fileName,
		type: input.mimeType || 'application/octet-stream',
		size: input.size,
		stream: () =>
			(async function* () {
				yield* await input.open();
			})(),
		[Symbol.toStringTag]: 'Blob',
	};
}

/**
 * A multipart/form-data body that n8n's HTTP client (axios) encodes as a stream with an exact
 * Content-Length: it has the shape of a spec FormData, and its file parts read from the binary
 * store as they are sent. Community nodes may not import `form-data`, and the global FormData
 * needs whole Blobs in memory; this does neither.
 */
export class StreamingForm {
	private readonly fields: Array<[string, string | FormFile]> = [];

	get [Symbol.toStringTag]() {
		return 'FormData';
	}

	append(name: string, value: string | number | boolean | FormFile) {
		this.fields.push([name, typeof value === 'object' ? value : String(value)]);
	}

	entries() {
		return this.fields[Symbol.iterator]();
	}

	[Symbol.iterator]() {
		return this.entries();
	}
}

export interface DownloadRequest {
	provider: string;
	url: string;
	itemIndex: number;
	secrets: readonly string[];
	/** Used when the URL has no file name: base name, extension from the reply's MIME type. */
	fallbackName: string;
	/** Only for result paths on the provider's own API host. */
	credentialType?: string;
	baseURL?: string;
	/** The provider's task that made the file: a failed download keeps it on its error. */
	taskId?: string;
	/** A reply announcing more bytes than this is not downloaded (see downloadResultFile). */
	skipAboveBytes?: number;
}

const DOWNLOAD_ATTEMPTS = 3;

/**
 * Streams a result URL into n8n's binary store; retries when the transfer is cut short, and
 * refuses a reply shorter than its Content-Length.
 */
export async function downloadToBinary(
	ctx: IExecuteFunctions,
	request: DownloadRequest,
): Promise<IBinaryData> {
	// without skipAboveBytes a download is never skipped
	const file = await downloadResultFile(ctx, { ...request, skipAboveBytes: undefined });
	return (file as { binary: IBinaryData }).binary;
}

/** downloadToBinary, except that a reply larger than `skipAboveBytes` is left at its URL. */
export async function downloadResultFile(
	ctx: IExecuteFunctions,
	request: DownloadRequest,
): Promise<{ binary: IBinaryData } | { skipped: string; bytes: number }> {
	try {
		return await download(ctx, request);
	} catch (error) {
		throw withTaskId(error, request.taskId);
	}
}

async function download(
	ctx: IExecuteFunctions,
	request: DownloadRequest,
): Promise<{ binary: IBinaryData } | { skipped: string; bytes: number }> {
	for (let attempt = 1; ; attempt++) {
		const response = await sendWithRetry(ctx, {
			provider: request.provider,
			credentialType: request.credentialType,
			request: () => ({
				method: 'GET',
				url: request.url,
				baseURL: request.baseURL,
				encoding: 'stream',
			}),
			idempotent: true,
			itemIndex: request.itemIndex,
			secrets: request.secrets,
		});
		const body = response.body as AsyncIterable<Uint8Array> & { destroy?: () => void };
		if (response.statusCode < 200 || response.statusCode >= 300) {
			body.destroy?.();
			throw providerApiError(ctx.getNode(), {
				message: `${request.provider} result file could not be downloaded (HTTP ${response.statusCode})`,
				description: `URL: ${request.url}. Result URLs expire; run the operation again or use Get Task for a fresh URL.`,
				httpCode: response.statusCode,
				itemIndex: request.itemIndex,
				secrets: request.secrets,
			});
		}
		const contentType = (headerValue(response.headers, 'content-type') ?? '').split(';')[0].trim();
		const nameFromUrl = fileNameFromUrl(request.url);
		const mimeType =
			(contentType && contentType !== 'application/octet-stream' ? contentType : undefined) ??
			(nameFromUrl ? mimeForExtension(nameFromUrl.split('.').pop() ?? '') : undefined) ??
			'application/octet-stream';
		const fileName =
			nameFromUrl ?? `${request.fallbackName}.${extensionForMime(mimeType) ?? 'bin'}`;
		const expectedBytes = Number(headerValue(response.headers, 'content-length'));
		if (request.skipAboveBytes !== undefined && expectedBytes > request.skipAboveBytes) {
			body.destroy?.();
			return {
				skipped: skippedReason(expectedBytes, request.skipAboveBytes),
				bytes: expectedBytes,
			};
		}
		let binary: IBinaryData;
		try {
			binary = await ctx.helpers.prepareBinaryData(
				response.body as Parameters<typeof ctx.helpers.prepareBinaryData>[0],
				fileName,
				mimeType,
			);
		} catch (error) {
			const limit = binaryStoreLimitOf(error);
			if (limit) {
				throw binaryStoreLimitError(ctx, {
					...request,
					...limit,
					contentLength: expectedBytes > 0 ? expectedBytes : undefined,
				});
			}
			if (attempt < DOWNLOAD_ATTEMPTS && networkErrorCode(error)) continue;
			throw providerApiError(ctx.getNode(), {
				message: `${request.provider} result file download was interrupted: ${(error as Error).message}`,
				description: `URL: ${request.url}`,
				itemIndex: request.itemIndex,
				secrets: request.secrets,
			});
		}
		const storedBytes = await storedSize(ctx, binary);
		if (
			Number.isFinite(expectedBytes) &&
			expectedBytes > 0 &&
			storedBytes !== undefined &&
			storedBytes !== expectedBytes
		) {
			if (attempt < DOWNLOAD_ATTEMPTS) continue;
			throw providerApiError(ctx.getNode(), {
				message: `${request.provider} result file was cut short: got ${storedBytes} of ${expectedBytes} bytes`,
				description: `URL: ${request.url}`,
				itemIndex: request.itemIndex,
				secrets: request.secrets,
			});
		}
		return { binary };
	}
}

async function storedSize(
	ctx: IExecuteFunctions,
	binary: IBinaryData,
): Promise<number | undefined> {
	if (typeof binary.bytes === 'number') return binary.bytes;
	if (binary.id) return (await ctx.helpers.getBinaryMetadata(binary.id)).fileSize;
	return binary.data ? Buffer.byteLength(binary.data, BINARY_ENCODING) : undefined;
}

/** Stores bytes we already hold (base64 replies, small images) as an output binary. */
export async function bufferToBinary(
	ctx: IExecuteFunctions,
	buffer: Buffer,
	fileName: string,
	mimeType: string,
): Promise<IBinaryData> {
	return await ctx.helpers.prepareBinaryData(buffer, fileName, mimeType);
}
