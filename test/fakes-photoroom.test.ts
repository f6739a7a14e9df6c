/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test code, never shipped: it reads Photoroom's OpenAPI document (test/photoroom/) with node:fs */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { FormData, request } from 'undici';

import {
	CREDITS_EXHAUSTED,
	EDIT_PARAMS,
	PHOTOROOM_FAULT,
	SANDBOX_WATERMARK,
	startFakePhotoroom,
	type FakePhotoroom,
	type FakePhotoroomOptions,
} from './fakes/photoroom';
import { imageSize, solidWebp } from './fakes/photoroom-images';
import { makeJpeg, makePng, makeWebp, sniff } from './fakes/media';
import { useFake } from './fakes/use-fake';

const KEY = 'pr-test-key';

interface Reply {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	bytes: Buffer;
	json: () => Record<string, unknown>;
}

async function call(
	fake: FakePhotoroom,
	method: 'GET' | 'POST',
	path: string,
	opts: {
		key?: string | null;
		form?: FormData;
		body?: string;
		headers?: Record<string, string>;
	} = {},
): Promise<Reply> {
	const headers: Record<string, string> = { ...opts.headers };
	if (opts.key !== null) headers['x-api-key'] = opts.key ?? KEY;
	const res = await request(`${fake.baseUrl}${path}`, {
		method,
		headers,
		body: opts.form ?? opts.body,
	});
	const bytes = Buffer.from(await res.body.arrayBuffer());
	return {
		status: res.statusCode,
		headers: res.headers,
		bytes,
		json: () => JSON.parse(bytes.toString('utf8')) as Record<string, unknown>,
	};
}

function form(
	fields: Record<string, string>,
	files: Array<[string, Buffer, string]> = [],
): FormData {
	const f = new FormData();
	for (const [name, value] of Object.entries(fields)) f.append(name, value);
	for (const [name, bytes, filename] of files) f.append(name, new Blob([bytes]), filename);
	return f;
}

const segment = (
	fake: FakePhotoroom,
	fields: Record<string, string>,
	image: Buffer | null = makePng(400, 300),
	opts: { key?: string | null; headers?: Record<string, string> } = {},
) =>
	call(fake, 'POST', '/v1/segment', {
		...opts,
		form: form(fields, image ? [['image_file', image, 'shoe.png']] : []),
	});

const editPost = (
	fake: FakePhotoroom,
	fields: Record<string, string>,
	image: Buffer | null = makePng(400, 300),
	opts: { key?: string | null; headers?: Record<string, string>; query?: string } = {},
) =>
	call(fake, 'POST', `/v2/edit${opts.query ?? ''}`, {
		...opts,
		form: form(fields, image ? [['imageFile', image, 'shoe.png']] : []),
	});

const editGet = (
	fake: FakePhotoroom,
	params: Record<string, string>,
	opts: { key?: string | null; headers?: Record<string, string> } = {},
) => call(fake, 'GET', `/v2/edit?${new URLSearchParams(params).toString()}`, opts);

const URL_IN = 'https://example.com/shoe.jpg';

function pngPixel(bytes: Buffer): number[] {
	const png = PNG.sync.read(bytes);
	return Array.from(png.data.subarray(0, 4));
}

function errorMessage(reply: Reply): string {
	return ((reply.json().error ?? {}) as { message?: string }).message ?? '';
}

function startWith(extra: Partial<FakePhotoroomOptions> = {}) {
	return async () => await startFakePhotoroom({ apiKey: KEY, ...extra });
}

describe('Photoroom fake: images it makes', () => {
	it('makes real WebP and reads the size of PNG, JPEG and WebP', () => {
		expect(imageSize(solidWebp(1500, 900, [255, 255, 255, 255]))).toEqual({
			width: 1500,
			height: 900,
		});
		expect(imageSize(makePng(7, 5))).toEqual({ width: 7, height: 5 });
		expect(imageSize(makeJpeg())).toEqual({ width: 8, height: 8 });
		expect(imageSize(makeWebp())).toEqual({ width: 1, height: 1 });
	});
});

describe('Photoroom fake: POST /v1/segment', () => {
	const fake = useFake(startWith());

	it('cuts out a PNG by default, at the input size, with x-uncertainty-score', async () => {
		const res = await segment(fake(), {});
		expect(res.status).toBe(200);
		expect(res.headers['content-type']).toBe('image/png');
		expect(imageSize(res.bytes)).toEqual({ width: 400, height: 300 });
		expect(pngPixel(res.bytes)).toEqual([0, 0, 0, 0]);
		const uncertainty = Number(res.headers['x-uncertainty-score']);
		expect(uncertainty).toBeGreaterThanOrEqual(0);
		expect(uncertainty).toBeLessThanOrEqual(1);
		expect(fake().state.calls[0]).toMatchObject({ endpoint: 'segment', status: 200, cost: 1 });
		expect(fake().state.images.available).toBe(99_999);
		expect(fake().requests[0].files[0].field).toBe('image_file');
	});

	it('answers jpg and webp, bg_color with # or a name, size, crop and the alpha mask', async () => {
		const jpg = await segment(fake(), { format: 'jpg', bg_color: '#FFFFFF' });
		expect(jpg.headers['content-type']).toBe('image/jpeg');
		const decoded = jpeg.decode(jpg.bytes, { useTArray: true });
		expect([decoded.width, decoded.height]).toEqual([400, 300]);
		expect(Array.from(decoded.data.subarray(0, 3))).toEqual([255, 255, 255]);

		const webp = await segment(fake(), { format: 'webp', bg_color: 'red', crop: 'true' });
		expect(sniff(webp.bytes)).toBe('webp');
		expect(imageSize(webp.bytes)).toEqual({ width: 300, height: 225 });

		const preview = await segment(fake(), { size: 'preview' }, makePng(2000, 1000));
		const size = imageSize(preview.bytes)!;
		expect(size.width * size.height).toBeLessThanOrEqual(250_000);
		expect(size.width / size.height).toBeCloseTo(2, 1);
		expect(fake().state.calls.at(-1)?.cost).toBe(0.25);

		const mask = await segment(fake(), { channels: 'alpha', despill: 'true' }, makeJpeg());
		expect(pngPixel(mask.bytes)).toEqual([255, 255, 255, 255]);
		expect(imageSize(mask.bytes)).toEqual({ width: 8, height: 8 });
	});

	it('takes the base64 JSON variant and answers {base64img} to Accept: application/json', async () => {
		const res = await call(fake(), 'POST', '/v1/segment', {
			headers: { 'content-type': 'application/json', accept: 'application/json' },
			body: JSON.stringify({ image_file_b64: makePng(10, 20).toString('base64') }),
		});
		expect(res.status).toBe(200);
		const bytes = Buffer.from(res.json().base64img as string, 'base64');
		expect(imageSize(bytes)).toEqual({ width: 10, height: 20 });
	});

	it.each([
		['no image', {}, null, 'missing_image'],
		['the v2 field name imageFile', {}, 'imageFile', 'missing_image'],
		['format jpeg (v2 spelling)', { format: 'jpeg' }, undefined, 'invalid_parameter'],
		['channels rgb', { channels: 'rgb' }, undefined, 'invalid_parameter'],
		['size large', { size: 'large' }, undefined, 'invalid_parameter'],
		['crop yes', { crop: 'yes' }, undefined, 'invalid_parameter'],
		['despill 1', { despill: '1' }, undefined, 'invalid_parameter'],
		['bg_color without #', { bg_color: 'FFFFFF' }, undefined, 'invalid_parameter'],
		['an unknown field (shadow)', { shadow: 'true' }, undefined, 'invalid_parameter'],
	] as const)(
		'rejects %s with 400 {detail, status_code, type}',
		async (_label, fields, fileField, type) => {
			const f = form(
				fields,
				fileField === null ? [] : [[fileField ?? 'image_file', makePng(4, 4), 'a.png']],
			);
			const res = await call(fake(), 'POST', '/v1/segment', { form: f });
			expect(res.status).toBe(400);
			expect(res.json()).toMatchObject({ status_code: 400, type });
			expect(typeof res.json().detail).toBe('string');
			expect(fake().state.images.available).toBe(100_000);
		},
	);

	it('rejects what is not an image and images over 6,000 px', async () => {
		const text = await segment(fake(), {}, Buffer.from('hello, not an image'));
		expect(text.json()).toMatchObject({ status_code: 400, type: 'unsupported_image' });
		const wide = await segment(fake(), {}, makePng(6001, 1));
		expect(wide.json()).toMatchObject({ status_code: 400, type: 'image_too_large' });
	});

	it('answers the documented missing-image body exactly', async () => {
		const res = await segment(fake(), {}, null);
		expect(res.json()).toEqual({
			detail: 'Please provide an image.',
			status_code: 400,
			type: 'missing_image',
		});
	});
});

describe('Photoroom fake: /v2/edit', () => {
	const fake = useFake(startWith());

	it('GET with imageUrl: the documented example gives a white 1000x1000 PNG', async () => {
		const res = await editGet(fake(), {
			imageUrl: URL_IN,
			removeBackground: 'true',
			'background.color': 'FFFFFF',
			outputSize: '1000x1000',
			padding: '0.1',
		});
		expect(res.status).toBe(200);
		expect(res.headers['content-type']).toBe('image/png');
		expect(imageSize(res.bytes)).toEqual({ width: 1000, height: 1000 });
		expect(pngPixel(res.bytes)).toEqual([255, 255, 255, 255]);
		expect(res.headers['x-uncertainty-score']).toBeDefined();
		expect(res.headers['pr-edit-further-url']).toBeDefined();
		expect(fake().state.calls[0]).toMatchObject({ endpoint: 'edit', method: 'GET', cost: 5 });
		expect(fake().state.images.available).toBe(99_995);
	});

	it('POST multipart: the sandbox example, JPEG, WebP, DPI and sizes', async () => {
		const sandboxExample = await editPost(fake(), {
			'shadow.mode': 'ai.soft',
			'background.color': 'FFFFFF',
			padding: '0.1',
		});
		expect(sandboxExample.status).toBe(200);
		expect(imageSize(sandboxExample.bytes)).toEqual({ width: 400, height: 300 });
		expect(sandboxExample.headers['pr-edit-further-url']).toBeUndefined();

		const jpg = await editPost(fake(), {
			'background.color': 'FFFFFF',
			outputSize: '2200x2200',
			'export.format': 'jpeg',
			'export.dpi': '300',
			paddingTop: '10%',
			marginLeft: '40px',
			scaling: 'fill',
			horizontalAlignment: 'center',
			verticalAlignment: 'bottom',
		});
		expect(jpg.headers['content-type']).toBe('image/jpeg');
		expect(imageSize(jpg.bytes)).toEqual({ width: 2200, height: 2200 });
		expect(jpg.bytes.readUInt16BE(14)).toBe(300); // JFIF density
		const small = await editPost(fake(), {
			'background.color': 'navy',
			outputSize: '64x48',
			'export.format': 'jpg',
		});
		const decoded = jpeg.decode(small.bytes, { useTArray: true });
		expect([decoded.width, decoded.height]).toEqual([64, 48]);
		expect(Array.from(decoded.data.subarray(0, 3))).toEqual([0, 0, 128]);

		const webp = await editPost(fake(), { 'export.format': 'webp', outputSize: '1500x1500' });
		expect(webp.headers['content-type']).toBe('image/webp');
		expect(imageSize(webp.bytes)).toEqual({ width: 1500, height: 1500 });

		const capped = await editPost(
			fake(),
			{ outputSize: 'originalImage', maxWidth: '200' },
			makePng(800, 400),
		);
		expect(imageSize(capped.bytes)).toEqual({ width: 200, height: 100 });
		const cropped = await editPost(fake(), { outputSize: 'croppedSubject' }, makePng(800, 400));
		expect(imageSize(cropped.bytes)).toEqual({ width: 600, height: 300 });
	});

	it('accepts the new shadow model with its overrides, and a generated background', async () => {
		const res = await editGet(
			fake(),
			{
				imageUrl: URL_IN,
				'shadow.mode': 'ai.auto-with-overrides',
				'shadow.directionOverride': 'frontLeft',
				'shadow.spreadOverride': '45',
				'shadow.softnessOverride': '0.5',
				'background.prompt': 'on a marble table',
				'background.seed': '42',
			},
			{ headers: { 'pr-ai-shadows-model-version': '2026-04-15' } },
		);
		expect(res.status).toBe(200);
		expect(res.headers['pr-ai-background-seed']).toBe('42');
	});

	// every row gets its headers (jest would take a missing fifth argument for a `done` callback)
	it.each(
		(
			[
				['a bad boolean', 'GET', { removeBackground: 'yes' }, /^removeBackground must be boolean$/],
				['padding above 0.49', 'GET', { padding: '0.5' }, /padding must be/],
				['padding 50%', 'POST', { padding: '50%' }, /padding must be/],
				['a negative margin', 'POST', { marginTop: '-0.1' }, /marginTop must be/],
				['padding in em', 'POST', { padding: '2em' }, /padding must be/],
				['outputSize 1000', 'GET', { outputSize: '1000' }, /outputSize must be/],
				['outputSize 0x10', 'GET', { outputSize: '0x10' }, /outputSize width and height/],
				['export.format gif', 'POST', { 'export.format': 'gif' }, /export.format must be one of/],
				['export.dpi 71', 'POST', { 'export.dpi': '71' }, /export.dpi must be at least 72/],
				['export.dpi 1201', 'GET', { 'export.dpi': '1201' }, /at most 1200/],
				['scaling stretch', 'GET', { scaling: 'stretch' }, /scaling must be one of fit, fill/],
				[
					'horizontalAlignment middle',
					'POST',
					{ horizontalAlignment: 'middle' },
					/horizontalAlignment/,
				],
				['shadow.mode soft', 'GET', { 'shadow.mode': 'soft' }, /shadow.mode must be one of/],
				['background.color #12', 'GET', { 'background.color': '#12' }, /background.color must be/],
				['background.blur.radius 0', 'GET', { 'background.blur.radius': '0' }, /above 0/],
				['referenceBox image', 'GET', { referenceBox: 'image' }, /referenceBox/],
				[
					'an unknown attribute',
					'GET',
					{ 'background.inner': 'x' },
					/Unsupported attributes: background.inner/,
				],
				[
					'a snake_case name',
					'POST',
					{ output_size: '1000x1000' },
					/Unsupported attributes: output_size/,
				],
				[
					'maxWidth with a fixed outputSize',
					'GET',
					{ outputSize: '500x500', maxWidth: '100' },
					/maxWidth can only/,
				],
				[
					'background.scaling without a background image',
					'GET',
					{ 'background.scaling': 'fit' },
					/background.scaling can only/,
				],
				[
					'referenceBox with removeBackground=false',
					'GET',
					{ removeBackground: 'false', referenceBox: 'originalImage' },
					/can't be provided if removeBackground/,
				],
				[
					'background.imageUrl with background.prompt',
					'GET',
					{ 'background.imageUrl': URL_IN, 'background.prompt': 'beach' },
					/cannot be provided together/,
				],
				[
					'a new-model shadow without the header',
					'GET',
					{ 'shadow.mode': 'ai.preset-soft' },
					/requires the header/,
				],
				[
					'ai.soft with the new model',
					'GET',
					{ 'shadow.mode': 'ai.soft' },
					/legacy/,
					{ 'pr-ai-shadows-model-version': '2026-04-15' },
				],
				[
					'an override without ai.auto-with-overrides',
					'GET',
					{ 'shadow.mode': 'ai.preset-hard', 'shadow.intensityOverride': '0.5' },
					/requires shadow.mode ai.auto-with-overrides/,
					{ 'pr-ai-shadows-model-version': '2026-04-15' },
				],
				[
					'an override above 1',
					'GET',
					{ 'shadow.mode': 'ai.auto-with-overrides', 'shadow.intensityOverride': '1.5' },
					/at most 1/,
					{ 'pr-ai-shadows-model-version': '2026-04-15' },
				],
				[
					'an unknown shadow model',
					'GET',
					{},
					/pr-ai-shadows-model-version must be one of/,
					{ 'pr-ai-shadows-model-version': '2025-01-01' },
				],
				[
					'colorSpace original with JPEG',
					'POST',
					{ colorSpace: 'original', 'export.format': 'jpeg' },
					/colorSpace original cannot be combined with export.format/,
				],
				[
					'the subject check on ai.car',
					'POST',
					{ 'beautify.mode': 'ai.car', 'beautify.onSubjectMismatch': 'error' },
					/not supported/,
				],
				[
					'upscale ai.slow on a big input',
					'POST',
					{ 'upscale.mode': 'ai.slow' },
					/at most 262144 input pixels/,
				],
			] as Array<[string, 'GET' | 'POST', Record<string, string>, RegExp, Record<string, string>?]>
		).map(
			([label, method, params, message, headers]) =>
				[label, method, params, message, headers ?? {}] as const,
		),
	)(
		'rejects %s (%s) with 400 {error: {message}}',
		async (_label, method, params, message, headers) => {
			const res =
				method === 'GET'
					? await editGet(fake(), { imageUrl: URL_IN, ...params }, { headers })
					: await editPost(fake(), params, makePng(800, 600), { headers });
			expect(res.status).toBe(400);
			expect(Object.keys(res.json())).toEqual(['error']);
			expect(errorMessage(res)).toMatch(message);
			expect(fake().state.images.available).toBe(100_000);
		},
	);

	it('keeps GET and POST apart: imageUrl only on GET, imageFile only on POST, no query on POST', async () => {
		const urlOnPost = await editPost(fake(), { imageUrl: URL_IN }, null);
		expect(errorMessage(urlOnPost)).toMatch(/imageUrl is only available in the GET request/);
		const fileOnGet = await editGet(fake(), { imageFile: 'shoe.png' });
		expect(errorMessage(fileOnGet)).toMatch(/imageFile is only available in the POST request/);
		const query = await editPost(fake(), {}, makePng(4, 4), { query: '?padding=0.1' });
		expect(errorMessage(query)).toMatch(/must not be passed using the query string/);
		const json = await call(fake(), 'POST', '/v2/edit', {
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ imageUrl: URL_IN }),
		});
		expect(errorMessage(json)).toMatch(/multipart\/form-data/);
		const noImage = await editPost(fake(), { padding: '0.1' }, null);
		expect(errorMessage(noImage)).toBe('imageFile is required');
		const noUrl = await editGet(fake(), { padding: '0.1' });
		expect(errorMessage(noUrl)).toBe('imageUrl is required');
		const repeated = await call(
			fake(),
			'GET',
			`/v2/edit?imageUrl=${URL_IN}&padding=0.1&padding=0.2`,
		);
		expect(errorMessage(repeated)).toBe('padding must be given once');
		const textImage = await call(fake(), 'POST', '/v2/edit', { form: form({ imageFile: 'x' }) });
		expect(errorMessage(textImage)).toMatch(/imageFile must be a file/);
		const gif = await editPost(fake(), {}, Buffer.from('GIF89a-not-really'));
		expect(errorMessage(gif)).toMatch(/must be a PNG, JPEG or WEBP image/);
	});

	it('fails only on explicit fault markers, never on ordinary names', async () => {
		const ordinary = await editGet(fake(), {
			imageUrl: 'https://example.com/7afbad-fail-lost.jpg',
		});
		expect(ordinary.status).toBe(200);
		const download = await editGet(fake(), {
			imageUrl: `https://example.com/shoe${PHOTOROOM_FAULT.download}.jpg`,
		});
		expect(errorMessage(download)).toMatch(/could not be downloaded/);
		const food = { 'beautify.mode': 'ai.food', 'beautify.onSubjectMismatch': 'error' };
		expect(
			(await editGet(fake(), { imageUrl: 'https://example.com/not-food.jpg', ...food })).status,
		).toBe(200);
		const notFood = await editGet(fake(), {
			imageUrl: `https://example.com/shoe${PHOTOROOM_FAULT.notFood}.jpg`,
			...food,
		});
		expect(errorMessage(notFood)).toMatch(/not detected as food/);
	});

	it('can answer unknown attributes with the pr-unsupported-attributes header instead', async () => {
		const lenient = await startFakePhotoroom({ apiKey: KEY, unsupportedAttributes: 'header' });
		try {
			const res = await editGet(lenient, { imageUrl: URL_IN, 'background.inner': 'x' });
			expect(res.status).toBe(200);
			expect(res.headers['pr-unsupported-attributes']).toBe(
				'Unsupported attributes: background.inner',
			);
		} finally {
			await lenient.close();
		}
	});
});

describe('Photoroom fake: keys, account, credits, sandbox', () => {
	const fake = useFake(startWith({ images: { available: 6, subscription: 10 } }));

	it('GET /v2/account and /v1/account in the documented shapes', async () => {
		const v2 = await call(fake(), 'GET', '/v2/account');
		expect(v2.json()).toEqual({ images: { available: 6, subscription: 10 }, plan: 'basic' });
		const v1 = await call(fake(), 'GET', '/v1/account');
		expect(v1.json()).toEqual({ credits: { available: 6, subscription: 10 } });
		const noKey = await call(fake(), 'GET', '/v2/account', { key: null });
		expect([noKey.status, noKey.json()]).toEqual([400, { error: { message: 'apiKey: Required' } }]);
	});

	it('refuses a wrong or missing key with 403 {error: {message: "Unauthorized"}}, header case-insensitive', async () => {
		for (const res of [
			await segment(fake(), {}, makePng(4, 4), { key: 'wrong' }),
			await editGet(fake(), { imageUrl: URL_IN }, { key: null }),
			await call(fake(), 'GET', '/v2/account', { key: 'sandbox_wrong' }),
		]) {
			expect(res.status).toBe(403);
			expect(res.json()).toEqual({ error: { message: 'Unauthorized' } });
		}
		const upper = await call(fake(), 'GET', '/v2/account', {
			key: null,
			headers: { 'X-Api-Key': KEY },
		});
		expect(upper.status).toBe(200);
	});

	it('402 when the images run out: v2 {error: {detail}}, segment {detail, status_code, type}', async () => {
		expect((await editGet(fake(), { imageUrl: URL_IN })).status).toBe(200); // 6 - 5 = 1
		const edit = await editGet(fake(), { imageUrl: URL_IN });
		expect([edit.status, edit.json()]).toEqual([402, { error: { detail: CREDITS_EXHAUSTED } }]);
		expect((await segment(fake(), {})).status).toBe(200); // 1 - 1 = 0
		const seg = await segment(fake(), {});
		expect(seg.status).toBe(402);
		expect(seg.json()).toMatchObject({ status_code: 402, type: 'insufficient_credits' });
		expect(fake().state.images.available).toBe(0);
		expect(fake().state.calls.map((c) => [c.status, c.cost])).toEqual([
			[200, 5],
			[402, 0],
			[200, 1],
			[402, 0],
		]);
	});

	it('sandbox keys are free and watermarked', async () => {
		const sandbox = { key: `sandbox_${KEY}` };
		const png = await segment(fake(), {}, makePng(4, 4), sandbox);
		expect(png.status).toBe(200);
		expect(png.bytes.includes(Buffer.from(SANDBOX_WATERMARK))).toBe(true);
		const jpg = await editGet(fake(), { imageUrl: URL_IN, 'export.format': 'jpg' }, sandbox);
		expect(jpg.bytes.includes(Buffer.from(SANDBOX_WATERMARK))).toBe(true);
		expect(fake().state.images.available).toBe(6);
		expect(fake().state.calls.map((c) => [c.sandbox, c.cost])).toEqual([
			[true, 0],
			[true, 0],
		]);
		const paid = await segment(fake(), {}, makePng(4, 4));
		expect(paid.bytes.includes(Buffer.from(SANDBOX_WATERMARK))).toBe(false);
	});

	it('injected faults come from the explicit queue, in the v2 error shape', async () => {
		fake().faults.add({ kind: { status: 503 } });
		const res = await editGet(fake(), { imageUrl: URL_IN });
		expect(res.status).toBe(503);
		expect(res.json()).toEqual({ error: { message: 'Injected server error' } });
		expect(fake().requests[0].fault).toBe('status-503');
	});
});

describe('Photoroom fake: rate limit and quotas', () => {
	it('429 above the per-minute limit (sandbox calls count), Retry-After when asked', async () => {
		const fake = await startFakePhotoroom({
			apiKey: KEY,
			rateLimit: { perMinute: 3, retryAfterSeconds: 7 },
		});
		try {
			expect((await segment(fake, {}, makePng(4, 4))).status).toBe(200);
			expect((await segment(fake, {}, makePng(4, 4), { key: `sandbox_${KEY}` })).status).toBe(200);
			expect((await editGet(fake, { imageUrl: URL_IN })).status).toBe(200);
			expect((await call(fake, 'GET', '/v2/account')).status).toBe(200); // not an image call
			const seg = await segment(fake, {}, makePng(4, 4));
			expect([seg.status, seg.headers['retry-after']]).toEqual([429, '7']);
			expect(seg.json()).toMatchObject({ status_code: 429, type: 'rate_limit_exceeded' });
			const edit = await editGet(fake, { imageUrl: URL_IN });
			expect([edit.status, edit.json()]).toEqual([
				429,
				{ error: { message: 'Too Many Requests' } },
			]);
			expect(fake.state.refusedForRate).toBe(2);
			fake.state.rateLimit = false;
			expect((await segment(fake, {}, makePng(4, 4))).status).toBe(200);
		} finally {
			await fake.close();
		}
	});

	it('429 above the requests in flight, without Retry-After by default', async () => {
		const fake = await startFakePhotoroom({
			apiKey: KEY,
			latencyMs: 150,
			rateLimit: { inFlight: 2 },
		});
		try {
			const replies = await Promise.all(
				Array.from({ length: 5 }, async () => await segment(fake, {}, makePng(4, 4))),
			);
			const statuses = replies.map((r) => r.status).sort();
			expect(statuses).toEqual([200, 200, 429, 429, 429]);
			expect(replies.every((r) => r.headers['retry-after'] === undefined)).toBe(true);
			expect((await segment(fake, {}, makePng(4, 4))).status).toBe(200);
		} finally {
			await fake.close();
		}
	});

	it('the sandbox quota (a day) is 402 when used up; reset restores the options', async () => {
		const fake = await startFakePhotoroom({
			apiKey: KEY,
			sandboxQuota: { perDay: 2 },
			images: { available: 3 },
		});
		try {
			const sandbox = { key: `sandbox_${KEY}` };
			expect((await segment(fake, {}, makePng(4, 4), sandbox)).status).toBe(200);
			expect((await segment(fake, {}, makePng(4, 4), sandbox)).status).toBe(200);
			const over = await segment(fake, {}, makePng(4, 4), sandbox);
			expect(over.status).toBe(402);
			expect(String(over.json().detail)).toMatch(/Sandbox quota/);
			fake.state.images.available = 0;
			fake.reset();
			expect(fake.state.images).toEqual({ available: 3, subscription: 100_000 });
			expect(fake.state.calls).toEqual([]);
			expect((await segment(fake, {}, makePng(4, 4), sandbox)).status).toBe(200);
		} finally {
			await fake.close();
		}
	});

	it('a refused key can be 401', async () => {
		const fake = await startFakePhotoroom({ apiKey: KEY, keyRefusalStatus: 401 });
		try {
			expect((await editGet(fake, { imageUrl: URL_IN }, { key: 'nope' })).status).toBe(401);
		} finally {
			await fake.close();
		}
	});
});

// The fake's v2/edit table against Photoroom's OpenAPI document: the provider's public document
// (https://image-api.photoroom.com/openapi, 2026-06-22, as ../shared/providers/ keeps it), committed
// beside Photoroom's tests so this runs in every clone.
const SPEC = join(__dirname, 'photoroom', 'photoroom-openapi.json');
describe('Photoroom fake: parameters match the OpenAPI document', () => {
	interface Param {
		name: string;
		schema: {
			enum?: string[];
			const?: string;
			minimum?: number;
			maximum?: number;
			exclusiveMinimum?: number;
		};
	}
	const load = () =>
		JSON.parse(readFileSync(SPEC, 'utf8')) as {
			paths: Record<
				string,
				Record<
					string,
					{
						parameters?: Param[];
						requestBody?: {
							content: Record<string, { schema: { properties: Record<string, unknown> } }>;
						};
					}
				>
			>;
			components: { schemas: Record<string, { properties: Record<string, unknown> }> };
		};

	it('knows every GET and POST name, with the same enums and ranges', () => {
		const edit = load().paths['/v2/edit'];
		const names = new Set([
			...edit.get.parameters!.map((p) => p.name),
			...Object.keys(edit.post.requestBody!.content['multipart/form-data'].schema.properties),
		]);
		const objectParams = ['layers', 'virtualModel.model', 'virtualModel.scene'];
		for (const name of names) {
			if (objectParams.includes(name) || name.includes('{key}')) continue;
			expect([name, EDIT_PARAMS[name] !== undefined]).toEqual([name, true]);
		}
		for (const p of edit.get.parameters!) {
			const spec = EDIT_PARAMS[p.name] as Record<string, unknown> | undefined;
			if (!spec) continue;
			const values = p.schema.enum ?? (p.schema.const ? [p.schema.const] : undefined);
			if (values && spec.t === 'enum') expect([p.name, spec.values]).toEqual([p.name, values]);
			if (p.schema.maximum !== undefined)
				expect([p.name, spec.max]).toEqual([p.name, p.schema.maximum]);
			if (p.schema.minimum !== undefined)
				expect([p.name, spec.min]).toEqual([p.name, p.schema.minimum]);
		}
		const segmentProps = load().components.schemas['remove-background-post-params'].properties;
		expect(Object.keys(segmentProps).sort()).toEqual(
			['image_file', 'format', 'channels', 'bg_color', 'size', 'crop', 'despill'].sort(),
		);
	});
});
