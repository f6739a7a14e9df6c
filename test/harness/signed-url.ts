/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code: a local HTTP server */
/**
 * n8n's signed binary URLs for tests: a stand-in of n8n's REST endpoint that serves them, and
 * tokens signed the way n8n signs them (./n8n.ts runs the nodes that offer them).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { BinaryDataService } from 'n8n-core';
import type { IBinaryData } from 'n8n-workflow';

import { binaryDataService, binaryStore } from './n8n';

export interface SignedUrlServer {
	/** Give it to runNode as `restApiUrl`: signed URLs then point here. */
	restApiUrl: string;
	/** Answers given, in order: status and bytes sent. */
	served: Array<{ status: number; bytes: number; message?: string }>;
	close(): Promise<void>;
}

/**
 * Serves `GET <rest>/binary-data/signed?token=` the way n8n's BinaryDataController does, with
 * n8n-core's own BinaryDataService: the token is checked (a forged or expired one is a 400 with
 * jsonwebtoken's message), then the stored file is streamed with its type and length.
 */
export async function startSignedUrlServer(): Promise<SignedUrlServer> {
	const service = await binaryStore();
	const served: SignedUrlServer['served'] = [];
	const server = createServer((req, res) => {
		void (async () => {
			const url = new URL(req.url ?? '/', 'http://127.0.0.1');
			if (url.pathname !== '/rest/binary-data/signed') {
				res.statusCode = 404;
				res.end();
				return;
			}
			let id: string;
			try {
				id = service.validateSignedToken(url.searchParams.get('token') ?? '');
			} catch (error) {
				served.push({ status: 400, bytes: 0, message: (error as Error).message });
				res.statusCode = 400;
				res.end((error as Error).message);
				return;
			}
			const metadata = await service.getMetadata(id);
			res.setHeader('content-type', metadata.mimeType ?? 'application/octet-stream');
			res.setHeader('content-length', String(metadata.fileSize));
			served.push({ status: 200, bytes: metadata.fileSize });
			(await service.getAsStream(id)).pipe(res);
		})();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		restApiUrl: `http://127.0.0.1:${port}/rest`,
		served,
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

/** A token for a stored binary signed the way n8n signs it (`expiresIn` e.g. "-10s": expired). */
export function signBinaryToken(binaryDataId: string, expiresIn: string): string {
	return binaryDataService().createSignedToken(
		{ id: binaryDataId } as IBinaryData,
		expiresIn as Parameters<BinaryDataService['createSignedToken']>[1],
	);
}
