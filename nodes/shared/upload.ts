import type { InputBinary } from './input';

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
