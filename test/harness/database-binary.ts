import type { BinaryData } from 'n8n-core';
import { FileTooLargeError } from 'n8n-core';

import { binaryStore } from './n8n';

/**
 * Runs `fn` with n8n's binary store in `database` mode (queue mode's default), limited to
 * `maxFileSizeMb` like N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE. The `database` manager is n8n's
 * (package `n8n`, not installed here), so this one stores through the harness's filesystem
 * manager but refuses a file the way n8n 2.41.1's DatabaseManager.store does: it reads the whole
 * file, then throws n8n-core's FileTooLargeError when it is above the limit.
 */
export async function withDatabaseBinaryLimit<T>(
	maxFileSizeMb: number,
	fn: () => Promise<T>,
): Promise<T> {
	const service = await binaryStore();
	const internals = service as unknown as {
		mode: string;
		managers: Record<string, BinaryData.Manager>;
	};
	const filesystem = internals.managers['filesystem-v2'];
	const limited: BinaryData.Manager = Object.create(filesystem);
	limited.store = async (location, bufferOrStream, metadata) => {
		const chunks: Buffer[] = [];
		if (Buffer.isBuffer(bufferOrStream)) chunks.push(bufferOrStream);
		else for await (const chunk of bufferOrStream) chunks.push(Buffer.from(chunk as Uint8Array));
		const buffer = Buffer.concat(chunks);
		const fileSizeMb = buffer.length / (1024 * 1024);
		if (fileSizeMb > maxFileSizeMb) {
			throw new FileTooLargeError({
				fileSizeMb,
				maxFileSizeMb,
				fileId: 'test-file-id',
				fileName: metadata.fileName,
			});
		}
		return await filesystem.store(location, buffer, metadata);
	};
	const previousMode = internals.mode;
	service.setManager('database', limited);
	internals.mode = 'database';
	try {
		return await fn();
	} finally {
		internals.mode = previousMode;
	}
}
