/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code: a scripted server and zlib */
/**
 * A server that answers every request with a small gzip body that inflates far beyond any reply
 * cap (gzip members of zeros, concatenated: 1 KB each inflates to 1 MB), and a counter of the
 * bytes the process inflates (every zlib inflate stream the HTTP client creates, counted as it
 * produces them): a test can then prove a reply was stopped at its cap, not read whole.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';

import type { ICredentialType, IDataObject, INodeType } from 'n8n-workflow';

import { makePng } from '../fakes/media';
import { binaryItem } from '../reliability/lib/providers';
import { runNode } from './n8n';

const MB = 1024 * 1024;

export interface GzipBomb {
	readonly url: string;
	/** Compressed bytes of the body sent to each request. */
	readonly compressedBytes: number;
	readonly requests: Array<{ method: string; path: string }>;
	close(): Promise<void>;
}

export async function startGzipBomb(options: {
	contentType: string;
	inflatedMb: number;
}): Promise<GzipBomb> {
	const member = zlib.gzipSync(Buffer.alloc(MB), { level: 9 });
	const body = Buffer.concat(Array.from({ length: options.inflatedMb }, () => member));
	const requests: GzipBomb['requests'] = [];
	const server: Server = createServer((req, res) => {
		requests.push({ method: req.method ?? '', path: (req.url ?? '').split('?')[0] });
		// Answered once the request is read whole (an upload cut off mid-way is a reset).
		req.resume();
		req.once('end', () => {
			res.writeHead(200, {
				'content-type': options.contentType,
				'content-encoding': 'gzip',
				'content-length': String(body.length),
			});
			res.end(body);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		compressedBytes: body.length,
		requests,
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

/**
 * Counts the bytes every zlib inflate stream produces from now on (the HTTP client decompresses
 * replies with zlib.createUnzip), until `restore`.
 */
export function countInflatedBytes() {
	const counted = { bytes: 0 };
	const original = zlib.createUnzip;
	// Node defines it read-only (but configurable): replaced, not assigned.
	const replace = (value: typeof zlib.createUnzip) =>
		Object.defineProperty(zlib, 'createUnzip', { value, configurable: true, enumerable: true });
	replace((options?: zlib.ZlibOptions) => {
		const stream = original(options);
		const push = stream.push.bind(stream);
		stream.push = (chunk: unknown, encoding?: BufferEncoding) => {
			if (chunk) counted.bytes += (chunk as Buffer).length;
			return push(chunk, encoding);
		};
		return stream;
	});
	return { counted, restore: () => replace(original) };
}

/**
 * Runs `node` on one PNG item (Continue On Fail) against a gzip bomb answering with `contentType`,
 * inflating to 256 MB; returns the run, the bytes the process inflated and the bomb's record.
 */
export async function runAgainstGzipBomb(
	provider: { node: INodeType; credential: ICredentialType; apiKey: string },
	contentType: string,
	parameters: IDataObject,
) {
	const bomb = await startGzipBomb({ contentType, inflatedMb: 256 });
	const inflated = countInflatedBytes();
	try {
		const outcome = await runNode({
			node: provider.node,
			credentials: {
				type: provider.credential,
				data: { apiKey: provider.apiKey, baseUrl: bomb.url },
			},
			parameters,
			items: [binaryItem(makePng(8, 8), 'shoe.png')],
			continueOnFail: true,
		});
		return { ...outcome, inflatedBytes: inflated.counted.bytes, bomb };
	} finally {
		inflated.restore();
		await bomb.close();
	}
}
