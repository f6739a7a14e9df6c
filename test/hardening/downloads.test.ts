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
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { readApiCredentials } from '../../nodes/shared/credentials';

import { countBytes, downloadResultFile } from '../../nodes/shared/download';
import type { ItemOperation } from '../../nodes/shared/execute';
import { runOperation } from '../../nodes/shared/router';
import { resultItem } from '../../nodes/shared/output';
import { itemParameters } from '../../nodes/shared/parameters';
import { PROVIDERS } from '../../providers.manifest';
import { binaryBytes, runNode } from '../harness/n8n';

const MB = 1024 * 1024;
let server: Server;
let base = '';
const gets: string[] = [];
const pattern = (size: number) => Buffer.alloc(size, 'abcdefgh');

beforeAll(async () => {
	server = createServer((req, res) => {
		gets.push(req.url ?? '');
		const redirect = /^\/redirect\/(\d+)\?to=(.*)$/.exec(req.url ?? '');
		if (redirect) {
			// /redirect/N?to=URL: N more hops on this server, then to URL.
			const hops = Number(redirect[1]);
			const to = decodeURIComponent(redirect[2]);
			res.writeHead(302, {
				location: hops > 0 ? `/redirect/${hops - 1}?to=${encodeURIComponent(to)}` : to,
			});
			return void res.end();
		}
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

/** The probe's credential: a Base URL, like every provider's. */
const PROBE_CREDENTIAL: ICredentialType = {
	name: 'downloadProbeApi',
	displayName: 'Download Probe API',
	properties: [
		{ displayName: 'API Key', name: 'apiKey', type: 'string', default: '' },
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
	],
};

const operation: ItemOperation<Params> = {
	async prepare(ctx, itemIndex) {
		// As every provider's operation does before its first request: the Base URL is known.
		await readApiCredentials(ctx, PROBE_CREDENTIAL.name, 'https://api.probe.example');
		const read = itemParameters(ctx, itemIndex);
		const number = (name: string) => read.number(name, name, 0, 1e12, 0) || undefined;
		return {
			url: read.text('url', 'URL'),
			maxBytes: number('maxBytes'),
			skipAboveBytes: number('skipAboveBytes'),
		};
	},
	async run(ctx, params, call) {
		const file = await downloadResultFile(ctx, {
			provider: 'Probe',
			url: params.url,
			call,
			name: { source: 'photo.png', role: 'nobg' },
			taskId: 'task-1',
			maxBytes: params.maxBytes,
			skipAboveBytes: params.skipAboveBytes,
		});
		return 'binary' in file
			? resultItem(
					{ provider: PROVIDERS[0].id, operation: 'probe.download', status: 'done' },
					{ data: file.binary },
				)
			: resultItem({
					provider: PROVIDERS[0].id,
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
		credentials: [{ name: PROBE_CREDENTIAL.name, required: true }],
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

/** Runs the probe; the credential's Base URL is the file server's unless `baseUrl` is given. */
const download = async (parameters: IDataObject, continueOnFail = false, baseUrl = base) =>
	await runNode({
		node: new DownloadProbe(),
		credentials: { type: PROBE_CREDENTIAL, data: { apiKey: 'k', baseUrl } },
		parameters,
		items: [{ json: {} }],
		continueOnFail,
	});

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

describe('downloads: result URLs on private hosts (issue 30, finding 12)', () => {
	let elsewhere: Server;
	let elsewhereUrl = '';
	const reached: string[] = [];
	beforeAll(async () => {
		// Another loopback address: private, and not the credential's Base URL host.
		elsewhere = createServer((req, res) => {
			reached.push(req.url ?? '');
			res.writeHead(200, { 'content-type': 'image/png', 'content-length': '8' });
			res.end(pattern(8));
		});
		await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.2', resolve));
		elsewhereUrl = `http://127.0.0.2:${(elsewhere.address() as AddressInfo).port}`;
	});
	afterAll(async () => await new Promise<void>((resolve) => elsewhere.close(() => resolve())));
	beforeEach(() => {
		reached.length = 0;
	});

	it('a result on a private host, with the Base URL on a public one: refused, nothing fetched', async () => {
		const url = `${base}/plain/1000`;
		const { error } = await download({ url }, false, 'https://api.probe.example');
		expect(gets).toEqual([]);
		expect(error?.message).toBe(
			`Probe result file was not downloaded: its address ${new URL(base).host} is not on the internet (it is a loopback address), and it is not the host of the credential's Base URL`,
		);
		expect(error?.context).toMatchObject({ taskId: 'task-1', resultUrl: url });
	});

	it('a redirect from the Base URL host to another private host: that host receives nothing', async () => {
		const target = `${elsewhereUrl}/latest-metadata`;
		const url = `${base}/redirect/0?to=${encodeURIComponent(target)}`;
		const { error } = await download({ url });
		expect(reached).toEqual([]);
		expect(gets).toHaveLength(1);
		expect(error?.message).toMatch(
			/^Probe result file was not downloaded: its address 127\.0\.0\.2:\d+ is not on the internet \(it is a loopback address\)/,
		);
		expect(error?.description).toContain(`(redirected to ${target})`);
	});

	it("redirects on the Base URL host are followed, each checked (the fakes' own results)", async () => {
		const url = `${base}/redirect/2?to=${encodeURIComponent(`${base}/plain/4096`)}`;
		const { items, error } = await download({ url });
		expect(error).toBeUndefined();
		expect((await binaryBytes(items[0].binary?.data)).equals(pattern(4096))).toBe(true);
		expect(gets).toHaveLength(4);
	});

	it('more than 5 redirects: the item fails', async () => {
		const url = `${base}/redirect/9?to=${encodeURIComponent(`${base}/plain/10`)}`;
		const { error } = await download({ url });
		expect(error?.message).toBe('Probe result file was not downloaded: more than 5 redirects');
		expect(gets).toHaveLength(6);
	});

	it('a URL that is not http(s) is not fetched', async () => {
		const { error } = await download({ url: 'file:///etc/passwd' });
		expect(error?.message).toBe(
			'Probe result file was not downloaded: file:///etc/passwd is not an http(s) URL',
		);
	});
});
