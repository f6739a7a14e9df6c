/** Result files a fake serves: stored or generated (streamed in chunks, never allocated whole). */
import { createHash } from 'node:crypto';

import type { FileSpec } from './types';

export const GENERATED_CHUNK_SIZE = 64 * 1024;
const PATTERN = Buffer.from(
	Array.from({ length: GENERATED_CHUNK_SIZE }, (_, i) => (i * 31 + 7) & 0xff),
);

/**
 * Deterministic chunks of a generated body of `size` bytes: a fixed pattern with
 * the chunk index stamped in its first 4 bytes, and `head` overlaid at offset 0.
 * Tests can hash the same generator to know the expected sha256.
 */
export function* generatedChunks(size: number, head?: Buffer): Generator<Buffer> {
	for (let offset = 0, index = 0; offset < size; offset += GENERATED_CHUNK_SIZE, index++) {
		const chunk = Buffer.allocUnsafe(Math.min(GENERATED_CHUNK_SIZE, size - offset));
		PATTERN.copy(chunk, 0, 0, chunk.length);
		if (chunk.length >= 4) chunk.writeUInt32BE(index, 0);
		if (head && offset < head.length)
			head.copy(chunk, 0, offset, Math.min(head.length, offset + chunk.length));
		yield chunk;
	}
}

export function generatedSha256(size: number, head?: Buffer): string {
	const hash = createHash('sha256');
	for (const chunk of generatedChunks(size, head)) hash.update(chunk);
	return hash.digest('hex');
}

export class FileStore {
	private readonly entries = new Map<string, FileSpec & { gets: number }>();

	constructor(private readonly base: () => string) {}

	/** Serves `path` (e.g. `/results/x.png`) and returns its absolute URL. */
	put(path: string, spec: FileSpec): string {
		this.entries.set(path, { ...spec, gets: 0 });
		return this.url(path);
	}

	url(path: string): string {
		return `${this.base()}${path}`;
	}

	get(path: string): (FileSpec & { gets: number }) | undefined {
		return this.entries.get(path);
	}

	has(path: string): boolean {
		return this.entries.has(path);
	}

	delete(path: string): void {
		this.entries.delete(path);
	}

	clear(): void {
		this.entries.clear();
	}

	paths(): string[] {
		return [...this.entries.keys()];
	}
}
