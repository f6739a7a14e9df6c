/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code: a scripted file server */
/**
 * Result downloads (nodes/shared/download.ts) have a hard size limit counted while the file
 * streams in: a chunked reply (no Content-Length) cannot slip past Skip Download Above or the
 * hard limit, and a gzip-encoded reply (the HTTP client decompresses it but keeps the compressed
 * Content-Length) is stored once, whole, instead of being fetched three times and called cut short.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

import type {
	IDataObject,
	IExecuteFunctions,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { countBytes, downloadResultFile } from '../../nodes/shared/download';
import type { ItemOperation } from '../../nodes/shared/execute';
import { runOperation } from '../../nodes/shared/router';
import { resultItem } from '../../nodes/shared/output';
import { itemParameters } from '../../nodes/shared/parameters';
import { binaryBytes, runNode } from '../harness/n8n';

const MB = 1024 * 1024;
let server: Server;
let base = '';
const gets: string[] = [];
const pattern = (size: number) => Buffer.alloc(size, 'abcdefgh');

beforeAll(async () => {
	server = createServer((req, res) => {
		gets.push(req.url ?? '');
		const [, kind, size] = /^\/(\w+)\/(\d+)/.exec(req.url ?? '') ?? [];
		const bytes = Number(size);
		if (kind === 'chunked') {
			// No Content-Length: Node sends it chunked, 64 KB at a time.
			res.writeHead(200, { 'content-type': 'image/png' });
			let sent = 0;
			const more = () => {
				while (sent < bytes) {
					const chunk = pattern(Math.min(64 * 1024, bytes - sent));
					sent += chunk.length;
					if (!res.write(chunk)) return void res.once('drain', more);
				}
				res.end();
			};
			res.on('close', () => (sent = bytes));
			more();
		} else if (kind === 'gzip') {
			// Sent compressed whatever Accept-Encoding asked for.
			const body = gzipSync(pattern(bytes));
			res.writeHead(200, {
				'content-type': 'image/png',
				'content-encoding': 'gzip',
				'content-length': String(body.length),
			});
			res.end(body);
		} else {
			res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(bytes) });
			res.end(pattern(bytes));
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => await new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
	gets.length = 0;
});

interface Params {
	url: string;
	maxBytes?: number;
	skipAboveBytes?: number;
}

const operation: ItemOperation<Params> = {
	async prepare(ctx, itemIndex) {
		const read = itemParameters(ctx, itemIndex);
		const number = (name: string) => read.number(name, name, 0, 1e12, 0) || undefined;
		return {
			url: read.text('url', 'URL'),
			maxBytes: number('maxBytes'),
			skipAboveBytes: number('skipAboveBytes'),
		};
	},
	async run(ctx, params, itemIndex) {
		const file = await downloadResultFile(ctx, {
			provider: 'Probe',
			url: params.url,
			itemIndex,
			name: { source: 'photo.png', role: 'nobg' },
			taskId: 'task-1',
			maxBytes: params.maxBytes,
			skipAboveBytes: params.skipAboveBytes,
		});
		return 'binary' in file
			? resultItem(
					{ provider: 'cutoutPro', operation: 'probe.download', status: 'done' },
					{ data: file.binary },
				)
			: resultItem({
					provider: 'cutoutPro',
					operation: 'probe.download',
					status: 'done',
					downloadSkipped: file.skipped,
				});
	},
};

class DownloadProbe implements INodeType {
	description = {
		displayName: 'Download Probe',
		name: 'downloadProbe',
		group: ['transform'],
		version: 1,
		description: 'Shared download probe',
		defaults: { name: 'Download Probe' },
		inputs: ['main'],
		outputs: ['main'],
		properties: ['url', 'maxBytes', 'skipAboveBytes'].map((name) => ({
			displayName: name,
			name,
			type: name === 'url' ? 'string' : 'number',
			default: name === 'url' ? '' : 0,
		})),
	} as unknown as INodeTypeDescription;

	async execute(this: IExecuteFunctions) {
		return await runOperation(this, operation);
	}
}

const download = async (parameters: IDataObject, continueOnFail = false) =>
	await runNode({ node: new DownloadProbe(), parameters, items: [{ json: {} }], continueOnFail });

describe('downloads: a size limit counted while streaming', () => {
	it('a chunked reply above Skip Download Above is stopped and left at its URL', async () => {
		const { items, error } = await download({
			url: `${base}/chunked/${3 * MB}`,
			skipAboveBytes: MB,
		});
		expect(error).toBeUndefined();
		expect(items[0].binary).toBeUndefined();
		expect(items[0].json.downloadSkipped).toBe(
			'the result is more than 1.0 MB (counted while downloading), above Skip Download Above (1.0 MB): not downloaded, fetch it from resultUrl',
		);
		expect(gets).toHaveLength(1);
	});

	it('a chunked reply above the hard limit fails the item with a clear error, once', async () => {
		const url = `${base}/chunked/${3 * MB}`;
		const { error } = await download({ url, maxBytes: MB });
		expect(error?.message).toBe(
			'Probe result file is more than 1.0 MB, above the 1.0 MB limit for a downloaded result',
		);
		expect(error?.context).toMatchObject({ taskId: 'task-1', resultUrl: url });
		expect(gets).toHaveLength(1);
	});

	it('a reply announcing more than the hard limit is not read at all', async () => {
		const { error } = await download({ url: `${base}/plain/${2 * MB}`, maxBytes: MB });
		expect(error?.message).toBe(
			'Probe result file is 2.0 MB, above the 1.0 MB limit for a downloaded result',
		);
	});

	it('a file at the limit is kept whole', async () => {
		const { items, error } = await download({ url: `${base}/chunked/${MB}`, maxBytes: MB });
		expect(error).toBeUndefined();
		expect((await binaryBytes(items[0].binary?.data)).equals(pattern(MB))).toBe(true);
	});
});

describe('downloads: a gzip-encoded reply', () => {
	it('is stored once and whole, not fetched three times and called cut short', async () => {
		const { items, error } = await download({ url: `${base}/gzip/${2 * MB}` });
		expect(error).toBeUndefined();
		expect((await binaryBytes(items[0].binary?.data)).equals(pattern(2 * MB))).toBe(true);
		expect(gets).toHaveLength(1);
	});

	it('still counts the decompressed bytes against the limit', async () => {
		const { error } = await download({ url: `${base}/gzip/${2 * MB}`, maxBytes: MB });
		expect(error?.message).toMatch(/above the 1\.0 MB limit for a downloaded result$/);
	});
});

describe('counting a download’s bytes', () => {
	it('hands every chunk on to a store that reads with its own data listener (n8n’s database mode)', async () => {
		const { PassThrough } = await import('node:stream');
		const body = new PassThrough();
		const count = countBytes(body, 1000);
		// What n8n's database mode does with the reply (streamToBuffer): listen, then wait for 'end'.
		const read = new Promise<Buffer>((resolve) => {
			const chunks: Buffer[] = [];
			body.on('data', (chunk: Buffer) => chunks.push(chunk));
			body.once('end', () => resolve(Buffer.concat(chunks)));
		});
		body.end(Buffer.alloc(600, 1));
		expect((await read).length).toBe(600);
		expect(count).toEqual({ bytes: 600, over: false });
	});
});
