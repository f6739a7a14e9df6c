/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code: a scripted stand-in */
/**
 * Signed n8n URLs offered to Cutout.pro: minted per attempt in the request builder (after any
 * Retry-After wait), their token redacted like a key when a provider error echoes the URL, and
 * the private-host check covering the address forms it missed.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { BinaryDataService } from 'n8n-core';
import type { IDataObject } from 'n8n-workflow';

import { CutoutProApi } from '../../credentials/CutoutProApi.credentials';
import { CutoutPro } from '../../nodes/CutoutPro/CutoutPro.node';
import { privateHostReason } from '../../nodes/shared/signedUrl';
import { startFakeCutoutPro, type FakeCutoutPro } from '../fakes/cutout-pro';
import { makeMp4 } from '../fakes/media';
import { takeWaits } from '../harness/clock';
import type { FixtureItem } from '../harness/n8n';
import { runNode } from '../harness/n8n';
import { binaryItem, randomApiKey } from '../reliability/lib/providers';

const API_KEY = randomApiKey('signed');
const PUBLIC_N8N = 'https://n8n.invalid/rest';
const VIDEO = {
	resource: 'video',
	operation: 'removeBackground',
	inputType: 'binary',
	waitForCompletion: false,
};
const clip = () => [
	binaryItem(Buffer.concat([makeMp4(), Buffer.alloc(2000, 7)]), 'c.mp4', 'video/mp4'),
];

const run = async (
	baseUrl: string,
	parameters: IDataObject,
	items: FixtureItem[],
	continueOnFail = false,
) =>
	await runNode({
		node: new CutoutPro(),
		credentials: { type: new CutoutProApi(), data: { apiKey: API_KEY, baseUrl } },
		parameters,
		items,
		restApiUrl: PUBLIC_N8N,
		continueOnFail,
	});

describe('signed URL minting', () => {
	let fake: FakeCutoutPro;
	beforeAll(async () => {
		fake = await startFakeCutoutPro({ apiKey: API_KEY, pollsUntilDone: 0 });
	});
	afterAll(async () => await fake.close());

	it('mints the URL in each attempt, after the Retry-After wait, not once before it', async () => {
		const submissions = () =>
			fake.requests.filter((r) => r.path === '/api/v1/video/submitTaskByUrl').length;
		const mintedAfter: number[] = [];
		const create = BinaryDataService.prototype.createSignedToken;
		const spy = jest
			.spyOn(BinaryDataService.prototype, 'createSignedToken')
			.mockImplementation(function (this: BinaryDataService, ...args) {
				mintedAfter.push(submissions());
				return create.apply(this, args);
			});
		try {
			fake.faults.add({
				match: (r) => r.path === '/api/v1/video/submitTaskByUrl',
				kind: { status: 429, retryAfter: 2 },
			});
			takeWaits();
			const { items, error } = await run(fake.baseUrl, VIDEO, clip());
			expect(error).toBeUndefined();
			expect(items[0].json.status).toBe('processing');
			expect(takeWaits()).toContain(2000);
			// The check in prepare (never sent), then one per attempt: the second after the 429.
			expect(mintedAfter).toEqual([0, 0, 1]);
		} finally {
			spy.mockRestore();
		}
	});
});

describe('a provider error that echoes the signed URL', () => {
	let standIn: Server;
	let baseUrl = '';
	beforeAll(async () => {
		// Cutout.pro refusing the submission with a message that quotes the URL it was given.
		standIn = createServer((req, res) => {
			const videoUrl = new URL(req.url ?? '/', 'http://x').searchParams.get('videoUrl');
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ code: 1001, msg: `Could not download ${videoUrl}`, data: null }));
		});
		await new Promise<void>((resolve) => standIn.listen(0, '127.0.0.1', resolve));
		baseUrl = `http://127.0.0.1:${(standIn.address() as AddressInfo).port}`;
	});
	afterAll(async () => await new Promise<void>((resolve) => standIn.close(() => resolve())));

	it.each([false, true])(
		'keeps its token out of the error (Continue On Fail: %s)',
		async (continueOnFail) => {
			const { items, error } = await run(baseUrl, VIDEO, clip(), continueOnFail);
			const shown = continueOnFail
				? items[0].json
				: { message: error?.message, description: error?.description, error };
			const text = JSON.stringify(shown);
			expect(text).toContain(`Could not download ${PUBLIC_N8N}/binary-data/signed?token=***`);
			expect(text).not.toMatch(/token=(?!\*\*\*)/);
			expect(text).not.toMatch(/eyJ[\w-]+\.[\w-]+/);
		},
	);
});

describe('private hosts the signed URL must not point at', () => {
	const hostOf = (url: string) => new URL(url).hostname;
	it.each([
		['http://[::ffff:10.0.0.5]/', 'it is a private network address'],
		['http://[::ffff:127.0.0.1]/', 'it is a loopback address'],
		['http://[::127.0.0.1]/', 'it is a loopback address'],
		[
			'http://[64:ff9b::10.0.0.5]/',
			'it is a NAT64 address (reachable only inside its own network)',
		],
		['http://[64:ff9b::8.8.8.8]/', 'it is a NAT64 address (reachable only inside its own network)'],
		['http://[fec0::1]/', 'it is a site-local address'],
		['http://198.18.0.1/', 'it is a benchmarking network address'],
		['http://198.19.255.1/', 'it is a benchmarking network address'],
		['http://localhost./', 'it is localhost'],
		['http://n8n./', 'it is a local host name (no domain)'],
		['http://n8n.internal./', 'it is a local network name'],
		// Issue 30, finding 10.
		['http://[::ffff:0:10.0.0.5]/', 'it is a private network address'],
		[
			'http://[::ffff:0:8.8.8.8]/',
			'it is an IPv4-translated address (reachable only through a translator)',
		],
		[
			'http://[2002:a00:5::1]/',
			'it is a 6to4 address whose IPv4 part is a private network address',
		],
		['http://[2002:7f00:1::]/', 'it is a 6to4 address whose IPv4 part is a loopback address'],
		['http://[100::1]/', 'it is a discard-only address (100::/64)'],
		['http://[2001:db8::5]/', 'it is a documentation address (2001:db8::/32)'],
		['http://192.0.0.8/', 'it is an IETF protocol address (192.0.0.0/24)'],
		['http://192.0.2.10/', 'it is a documentation address (TEST-NET)'],
		['http://198.51.100.7/', 'it is a documentation address (TEST-NET)'],
		['http://203.0.113.200/', 'it is a documentation address (TEST-NET)'],
		['http://n8n.home.arpa/', 'it is a local network name'],
		['http://home.arpa./', 'it is a local network name'],
		['http://n8n.localdomain/', 'it is a local network name'],
		[
			'http://10.0.0.5.nip.io/',
			'its name resolves to an address where it is a private network address',
		],
		[
			'http://n8n.192-168-1-20.sslip.io/',
			'its name resolves to an address where it is a private network address',
		],
		['http://n8n.localtest.me/', 'its name resolves to a loopback address'],
		['http://lvh.me/', 'its name resolves to a loopback address'],
	])('%s: %s', (url, reason) => {
		expect(privateHostReason(hostOf(url))).toBe(reason);
	});

	it.each([
		'https://n8n.example.com/',
		'https://n8n.example.com./',
		'http://[::ffff:8.8.8.8]/',
		'http://[2001:4860::8888]/',
		'http://198.20.0.1/',
		'http://[2002:808:808::1]/',
		'http://192.0.3.1/',
		'http://203.0.114.1/',
		'http://8.8.8.8.nip.io/',
		'https://home.arpa.example.com/',
	])('%s may be reachable', (url) => {
		expect(privateHostReason(hostOf(url))).toBeUndefined();
	});
});
