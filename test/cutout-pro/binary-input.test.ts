/**
 * Binary File as the input of Cutout.pro's URL-only operations: the node offers the item's
 * binary at n8n's signed URL (n8n-core's createBinarySignedUrl, served here the way n8n's REST
 * controller serves it) and the stand-in downloads it like the provider must. Checked before any
 * paid call: the file's kind and size, and a URL nobody outside could reach.
 */
import { createHash } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import { CutoutProApi } from '../../credentials/CutoutProApi.credentials';
import { CutoutPro } from '../../nodes/CutoutPro/CutoutPro.node';
import { startFakeCutoutPro, type FakeCutoutPro } from '../fakes/cutout-pro';
import { makeGif, makeMp4, makePng } from '../fakes/media';
import type { FixtureItem } from '../harness/n8n';
import { runNode } from '../harness/n8n';
import type { SignedUrlServer } from '../harness/signed-url';
import { signBinaryToken, startSignedUrlServer } from '../harness/signed-url';
import { takeWaits } from '../harness/clock';
import { binaryItem } from '../reliability/lib/providers';
import { API_KEY, FAST_WAIT } from './setup';

let fake: FakeCutoutPro;
let n8n: SignedUrlServer;
let rewrite: ((url: string) => string) | undefined;

beforeAll(async () => {
	n8n = await startSignedUrlServer();
	fake = await startFakeCutoutPro({
		apiKey: API_KEY,
		pollsUntilDone: 0,
		fetchSignedInputs: true,
		rewriteSignedUrl: (url) => rewrite?.(url) ?? url,
	});
});
afterAll(async () => {
	await fake.close();
	await n8n.close();
});
beforeEach(() => {
	fake.reset();
	n8n.served.length = 0;
	rewrite = undefined;
	takeWaits();
});

const ALLOW_PRIVATE = { options: { allowPrivateFileUrl: true } };
const VIDEO = { resource: 'video', operation: 'removeBackground', inputType: 'binary' };
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A few hundred KB of MP4: a real header, then filler. */
const clip = Buffer.concat([makeMp4(), Buffer.alloc(300_000, 7)]);

function wav(bytes = 4000): Buffer {
	const header = Buffer.alloc(12);
	header.write('RIFF', 0, 'latin1');
	header.writeUInt32LE(bytes + 4, 4);
	header.write('WAVE', 8, 'latin1');
	return Buffer.concat([header, Buffer.alloc(bytes, 1)]);
}

const run = async (
	parameters: IDataObject,
	items: FixtureItem[],
	options: { restApiUrl?: string; continueOnFail?: boolean } = {},
) =>
	await runNode({
		node: new CutoutPro(),
		credentials: { type: new CutoutProApi(), data: { apiKey: API_KEY, baseUrl: fake.baseUrl } },
		parameters,
		items,
		restApiUrl: options.restApiUrl ?? n8n.restApiUrl,
		continueOnFail: options.continueOnFail,
	});

function tokenOf(url: string) {
	const token = new URL(url).searchParams.get('token')!;
	return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as {
		exp: number;
		iat: number;
	};
}

describe('Cutout.pro: Binary File input (signed n8n URL)', () => {
	it('Video Remove Background: the provider downloads exactly the item’s bytes from n8n', async () => {
		const { items, error } = await run(
			{ ...VIDEO, outputFormat: 'webm', ...FAST_WAIT, ...ALLOW_PRIVATE },
			[binaryItem(clip, 'shoe spin.mp4', 'video/mp4', { sku: 'S1' })],
		);
		expect(error).toBeUndefined();
		expect(fake.state.inputFetches).toEqual([
			expect.objectContaining({
				param: 'videoUrl',
				status: 200,
				contentType: 'video/mp4',
				bytes: clip.length,
				sha256: sha256(clip),
			}),
		]);
		const [task] = [...fake.state.videoTasks.values()];
		expect(task.videoUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/rest\/binary-data\/signed\?token=/);
		// Valid for the wait (Max Wait 30 s) and a 15-minute margin.
		const { exp, iat } = tokenOf(task.videoUrl);
		expect(exp - iat).toBe(30 + 900);
		expect(items[0].json).toMatchObject({ provider: 'cutoutPro', status: 'done', sku: 'S1' });
		expect(items[0].binary?.data.fileName).toBe('shoe spin-nobg.webm');
		// The signed URL is not part of the output.
		expect(JSON.stringify(items[0].json)).not.toContain('token=');
	});

	it('without waiting the URL stays valid an hour and a margin', async () => {
		const { items } = await run({ ...VIDEO, waitForCompletion: false, ...ALLOW_PRIVATE }, [
			binaryItem(clip, 'clip.mp4', 'video/mp4'),
		]);
		expect(items[0].json.status).toBe('processing');
		const [task] = [...fake.state.videoTasks.values()];
		const { exp, iat } = tokenOf(task.videoUrl);
		expect(exp - iat).toBe(3600 + 900);
	});

	it('an n8n URL on localhost fails the item before any request, naming WEBHOOK_URL', async () => {
		const { items } = await run(
			{ ...VIDEO, ...FAST_WAIT },
			[binaryItem(clip, 'clip.mp4', 'video/mp4'), { json: {} }],
			{ restApiUrl: 'http://localhost:5678/rest', continueOnFail: true },
		);
		expect(items).toHaveLength(2);
		expect(items[0].json.error).toMatch(
			/^Invalid "Input Binary Field" in item 0: n8n would give Cutout\.pro the URL http:\/\/localhost:5678\/rest\/binary-data\/signed, which Cutout\.pro cannot reach: it is localhost\. Set WEBHOOK_URL/,
		);
		expect(String(items[0].json.error)).toContain('Allow Private File URL');
		expect(items[1].json.error).toMatch(
			/^Invalid "Input Binary Field" in item 1: the item has no binary property "data"/,
		);
		expect(fake.requests).toEqual([]);
	});

	it.each([
		['http://192.168.1.20:5678/rest', 'it is a private network address'],
		['http://10.0.0.5/rest', 'it is a private network address'],
		['http://n8n:5678/rest', 'it is a local host name (no domain)'],
		['http://[::1]:5678/rest', 'it is a loopback address'],
	])('a URL on %s is refused: %s', async (restApiUrl, reason) => {
		const { error } = await run(
			{ ...VIDEO, ...FAST_WAIT },
			[binaryItem(clip, 'clip.mp4', 'video/mp4')],
			{
				restApiUrl,
			},
		);
		expect(error?.message).toContain(reason);
		expect(fake.requests).toEqual([]);
	});

	it('a public n8n URL passes the check and is sent as n8n built it; unreachable, the item says where the file was', async () => {
		const { error } = await run(
			{ ...VIDEO, waitForCompletion: false },
			[binaryItem(clip, 'clip.mp4', 'video/mp4')],
			{ restApiUrl: 'https://n8n.invalid/rest' },
		);
		const [submission] = fake.requests;
		expect(String(submission.query.videoUrl)).toMatch(
			/^https:\/\/n8n\.invalid\/rest\/binary-data\/signed\?token=/,
		);
		expect(error?.message).toMatch(
			/^Cutout\.pro error 1001: videoUrl could not be downloaded: no answer/,
		);
		expect(error?.description).toContain(
			'The file was offered at https://n8n.invalid/rest/binary-data/signed (a signed n8n URL): Cutout.pro must be able to reach it.',
		);
	});

	it('a file that is not a video, or none, fails before any request', async () => {
		const { items } = await run(
			{ ...VIDEO, ...FAST_WAIT, ...ALLOW_PRIVATE },
			[
				binaryItem(makePng(8, 8), 'clip.mp4', 'video/mp4'),
				binaryItem(Buffer.alloc(0), 'empty.mp4', 'video/mp4'),
			],
			{ continueOnFail: true },
		);
		expect(items[0].json.error).toBe(
			'Invalid "Input Binary Field" in item 0: "clip.mp4" is not a supported video or GIF (unrecognised content, declared video/mp4); accepted: MP4, MOV, WEBM/MKV, AVI, FLV, MPEG, WMV or GIF',
		);
		expect(items[1].json.error).toMatch(/is empty/);
		expect(fake.requests).toEqual([]);
	});

	it('Create Preview takes a GIF the same way', async () => {
		const gif = makeGif();
		const { items, error } = await run(
			{
				resource: 'video',
				operation: 'createPreview',
				inputType: 'binary',
				...FAST_WAIT,
				...ALLOW_PRIVATE,
			},
			[binaryItem(gif, 'loop.gif', 'image/gif')],
		);
		expect(error).toBeUndefined();
		expect(fake.state.inputFetches[0]).toMatchObject({ bytes: gif.length, sha256: sha256(gif) });
		expect(items[0].json.frames).toHaveLength(3);
	});

	it('a forged token is refused by n8n: the item fails with the provider’s error and where the file was', async () => {
		rewrite = (url) => url.replace(/.{6}$/, 'AAAAAA');
		const { error } = await run({ ...VIDEO, ...FAST_WAIT, ...ALLOW_PRIVATE }, [
			binaryItem(clip, 'clip.mp4', 'video/mp4'),
		]);
		expect(n8n.served).toEqual([{ status: 400, bytes: 0, message: 'invalid signature' }]);
		expect(error?.message).toBe(
			'Cutout.pro error 1001: videoUrl could not be downloaded: HTTP 400 (invalid signature)',
		);
		expect(error?.description).toContain(`${n8n.restApiUrl}/binary-data/signed (a signed n8n URL)`);
		expect(fake.state.videoTasks.size).toBe(0);
	});

	it('an expired token is refused by n8n: the item fails clearly', async () => {
		rewrite = (url) => {
			const token = new URL(url).searchParams.get('token')!;
			const { id } = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as {
				id: string;
			};
			return url.replace(token, signBinaryToken(id, '-10s'));
		};
		const { error } = await run({ ...VIDEO, ...FAST_WAIT, ...ALLOW_PRIVATE }, [
			binaryItem(clip, 'clip.mp4', 'video/mp4'),
		]);
		expect(n8n.served).toEqual([{ status: 400, bytes: 0, message: 'jwt expired' }]);
		expect(error?.message).toBe(
			'Cutout.pro error 1001: videoUrl could not be downloaded: HTTP 400 (jwt expired)',
		);
	});

	describe('Photo Animer', () => {
		const ANIMATE = {
			resource: 'photo',
			operation: 'animate',
			imageInputType: 'binary',
			...FAST_WAIT,
		};

		it('image and voice from binaries: both downloaded from n8n', async () => {
			const face = makePng(64, 64);
			const voice = wav();
			const item = binaryItem(face, 'ceo.png', 'image/png');
			item.binary!.voice = { data: voice, fileName: 'hello.wav', mimeType: 'audio/wav' };
			const { items, error } = await run(
				{ ...ANIMATE, templateId: 0, voiceInputType: 'binary', ...ALLOW_PRIVATE },
				[item],
			);
			expect(error).toBeUndefined();
			expect(fake.state.inputFetches.map((f) => [f.param, f.bytes, f.sha256])).toEqual([
				['imageUrl', face.length, sha256(face)],
				['voiceUrl', voice.length, sha256(voice)],
			]);
			expect(items[0].binary?.data.fileName).toBe('ceo-animation.mp4');
		});

		it.each([
			[
				'a GIF face',
				{ templateId: 1 },
				() => [binaryItem(makeGif(), 'face.gif', 'image/gif')],
				/^Invalid "Image Binary Field" in item 0: "face\.gif" is not a supported image \(gif, declared image\/gif\); accepted: PNG, JPG, BMP, WEBP$/,
			],
			[
				'a face over 15 MB',
				{ templateId: 1 },
				() => [
					binaryItem(
						Buffer.concat([makePng(8, 8), Buffer.alloc(15 * 1024 * 1024)]),
						'big.png',
						'image/png',
					),
				],
				/over the provider's limit of 15\.0 MB/,
			],
			[
				'a voice with template 1',
				{ templateId: 1, voiceInputType: 'binary' },
				() => [binaryItem(makePng(8, 8), 'face.png', 'image/png')],
				/^Invalid "Voice Input" in item 0: a voice is only accepted with template 0, not template 1$/,
			],
			[
				'a voice that is not audio',
				{ templateId: 0, voiceInputType: 'binary', voiceBinaryPropertyName: 'data' },
				() => [binaryItem(makePng(8, 8), 'face.png', 'image/png')],
				/^Invalid "Voice Binary Field" in item 0: "face\.png" is not a supported audio file/,
			],
		])('%s fails before any request', async (_name, params, items, message) => {
			const { error } = await run({ ...ANIMATE, ...params, ...ALLOW_PRIVATE }, items());
			expect(error?.message).toMatch(message);
			expect(fake.requests).toEqual([]);
		});
	});
});

describe('Cutout.pro: Dry Run', () => {
	it('describes a Binary File video without the signed URL’s token, and sends nothing', async () => {
		const { items, error } = await run(
			{
				...VIDEO,
				outputFormat: 'webm',
				...FAST_WAIT,
				options: { allowPrivateFileUrl: true, dryRun: true },
			},
			[binaryItem(clip, 'shoe spin.mp4', 'video/mp4', { sku: 'S1' })],
		);
		expect(error).toBeUndefined();
		expect(fake.requests).toEqual([]);
		expect(n8n.served).toEqual([]);
		const { request, price, runTotal } = items[0].json as {
			request: { path: string; query: Record<string, string> };
			price: unknown;
			runTotal: unknown;
		};
		expect(request.path).toBe('/api/v1/video/submitTaskByUrl');
		expect(request.query.videoUrl).toMatch(
			/^http:\/\/127\.0\.0\.1:\d+\/rest\/binary-data\/signed\?token=\*\*\*$/,
		);
		expect(request.query.outputFormat).toBe('webm');
		expect(price).toEqual({
			unit: 'video seconds',
			note: "the clip's length in seconds, known once it is read",
		});
		expect(runTotal).toEqual({ items: 1, price: [], itemsWithoutPrice: 1 });
	});

	it('prices a Photo Animer task by its template’s video seconds', async () => {
		const { items } = await run(
			{
				resource: 'photo',
				operation: 'animate',
				imageInputType: 'url',
				imageUrl: 'https://cdn.example.com/face.jpg',
				templateId: 3,
				waitForCompletion: false,
				options: { dryRun: true },
			},
			[{ json: {} }, { json: {} }],
		);
		expect(fake.requests).toEqual([]);
		expect(items.map((item) => item.json.price)).toEqual([
			{ amount: 6.75, unit: 'video seconds', note: 'template 3' },
			{ amount: 6.75, unit: 'video seconds', note: 'template 3' },
		]);
		expect(items[0].json.runTotal).toEqual({
			items: 2,
			price: [{ amount: 13.5, unit: 'video seconds' }],
		});
	});
});
