/** Input files of an item: found, checked from their first bytes, read only when sent. */
import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';
import { BINARY_ENCODING } from 'n8n-workflow';

import { inputError } from './errors';
import type { ImageKind } from './media';
import { extensionForMime, IMAGE_MIME, sniffImage } from './media';

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
	property: unknown,
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

/** What an input file must be: its real kind (from its first bytes) and the provider's size limit. */
export interface FileRules<K extends string> {
	field: string;
	/** Recognises the file's kind from its first bytes. */
	sniff: (head: Buffer) => K | undefined;
	/** The kinds accepted (all that `sniff` knows when absent). */
	allowed?: readonly K[];
	/** The accepted kinds in words, for the error. */
	accepted: string;
	/** "image", "video", "audio file". */
	what: string;
	maxBytes?: number;
}

/**
 * Checks an input file's size and real kind (from its first bytes) without loading it: done for
 * every item before any paid call, so a batch of large files is never held in memory.
 */
export async function checkInputFile<K extends string>(
	ctx: IExecuteFunctions,
	itemIndex: number,
	property: unknown,
	rules: FileRules<K>,
): Promise<InputBinary & { kind: K }> {
	const input = await getInputBinary(ctx, itemIndex, property, rules.field);
	if (rules.maxBytes !== undefined && input.size > rules.maxBytes) {
		throw inputError(
			ctx.getNode(),
			itemIndex,
			rules.field,
			`the file is ${formatBytes(input.size)}, over the provider's limit of ${formatBytes(rules.maxBytes)}`,
		);
	}
	const kind = rules.sniff(await readHead(input, 256));
	if (!kind || (rules.allowed && !rules.allowed.includes(kind))) {
		throw inputError(
			ctx.getNode(),
			itemIndex,
			rules.field,
			`"${input.fileName}" is not a supported ${rules.what} (${kind ?? 'unrecognised content'}, declared ${input.mimeType}); accepted: ${rules.accepted}`,
		);
	}
	return { ...input, kind };
}

/** An image input: size and real format checked (see `checkInputFile`). */
export async function checkInputImage(
	ctx: IExecuteFunctions,
	itemIndex: number,
	property: unknown,
	rules: ImageRules,
): Promise<CheckedImage> {
	const image = await checkInputFile(ctx, itemIndex, property, {
		field: rules.field ?? 'Input Binary Field',
		sniff: sniffImage,
		allowed: rules.allowed,
		accepted: rules.allowed.map((k) => k.toUpperCase()).join(', '),
		what: 'image',
		maxBytes: rules.maxBytes,
	});
	return { ...image, mimeType: IMAGE_MIME[image.kind] };
}

export function formatBytes(bytes: number): string {
	if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
	if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
	return `${bytes} B`;
}
