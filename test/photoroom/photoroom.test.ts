/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code reads README.md */
/**
 * The Photoroom node against its strict fake (test/fakes/photoroom.ts), through n8n-core's engine:
 * what each operation sends (GET with a URL, POST multipart with a file, never both), the
 * Marketplace Image presets exactly as README shows them, checks before any paid call, the files
 * and json it returns, the sandbox key and an account out of credits.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { MARKETPLACE_PRESETS } from '../../nodes/Photoroom/helpers/marketplace';
import type { FakePhotoroom } from '../fakes/photoroom';
import { SANDBOX_PREFIX, SANDBOX_WATERMARK } from '../fakes/photoroom';
import { makePng } from '../fakes/media';
import { imageSize } from '../fakes/photoroom-images';
import { binaryBytes } from '../harness/n8n';
import { binaryItem, useProviders } from '../reliability/lib/providers';

const envs = useProviders(['photoroom']);
const env = () => envs.photoroom;
const fake = () => env().fake as FakePhotoroom;
const SKU = { sku: 'SKU-7' };
const shoe = () => [binaryItem(makePng(40, 30), 'shoe.png', 'image/png', SKU)];
const byUrl = (url = 'https://cdn.example.com/catalog/boot.jpg') => [{ json: { ...SKU, url } }];
const EDIT_URL = {
	resource: 'image',
	operation: 'edit',
	inputType: 'url',
	imageUrl: '={{ $json.url }}',
};
const EDIT_FILE = {
	resource: 'image',
	operation: 'edit',
	inputType: 'binary',
	binaryPropertyName: 'data',
};
const paid = () => fake().requests.filter(env().isPaid);

beforeEach(() => fake().reset());

/** README's preset table: preset name → the parameters it says the preset sends. */
function readmePresets(): Record<string, Record<string, string>> {
	const readme = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
	const rows = [
		...readme.matchAll(/^\| (Amazon Main Image|Walmart|Google Shopping) \| ([^|]+) \|/gm),
	];
	return Object.fromEntries(
		rows.map(([, name, sends]) => [
			name,
			Object.fromEntries([...sends.matchAll(/`([^=`]+)=([^`]+)`/g)].map(([, k, v]) => [k, v])),
		]),
	);
}

describe('Photoroom Image → Edit', () => {
	it.each(Object.entries(MARKETPLACE_PRESETS))(
		'the %s preset sends exactly what README shows, by GET with the URL in the query',
		async (key, preset) => {
			const { items, error } = await env().run({ ...EDIT_URL, marketplace: key }, byUrl());
			expect(error).toBeUndefined();
			const [request] = paid();
			expect(paid()).toHaveLength(1);
			expect(request.method).toBe('GET');
			expect(request.path).toBe('/v2/edit');
			expect(request.headers['x-api-key']).toBe(env().apiKey);
			expect(request.query).toEqual({
				imageUrl: 'https://cdn.example.com/catalog/boot.jpg',
				...readmePresets()[preset.name],
			});
			expect(readmePresets()[preset.name]).toEqual(preset.parameters);
			const size = Number(preset.parameters.outputSize.split('x')[0]);
			const file = items[0].binary!.data;
			expect(file.fileName).toBe('boot-whitebg.jpg');
			expect(file.mimeType).toBe('image/jpeg');
			expect(imageSize(await binaryBytes(file))).toEqual({ width: size, height: size });
			expect(items[0].json).toMatchObject({
				...SKU,
				provider: 'photoroom',
				operation: 'image.edit',
				status: 'done',
				marketplace: key,
				width: size,
				height: size,
			});
			expect(typeof items[0].json.uncertaintyScore).toBe('number');
		},
	);

	it('a file goes by POST multipart, every parameter in the body; an option overrides the preset', async () => {
		const { items, error } = await env().run(
			{ ...EDIT_FILE, marketplace: 'amazon', editOptions: { outputSize: '1600x1600' } },
			shoe(),
		);
		expect(error).toBeUndefined();
		const [request] = paid();
		expect(request.method).toBe('POST');
		expect(request.query).toEqual({});
		expect(request.files.map((file) => file.field)).toEqual(['imageFile']);
		expect(Object.fromEntries(Object.entries(request.fields).map(([k, [v]]) => [k, v]))).toEqual({
			...MARKETPLACE_PRESETS.amazon.parameters,
			outputSize: '1600x1600',
		});
		expect(imageSize(await binaryBytes(items[0].binary!.data))).toEqual({
			width: 1600,
			height: 1600,
		});
	});

	it('sends each Edit option under Photoroom’s name, and names a reframed image "edited"', async () => {
		const { items, error } = await env().run(
			{
				...EDIT_FILE,
				removeBackground: false,
				editOptions: {
					padding: '10%',
					margin: '20px',
					outputSize: '800x600',
					scaling: 'fill',
					horizontalAlignment: 'left',
					verticalAlignment: 'bottom',
					exportFormat: 'png',
					dpi: 300,
				},
			},
			shoe(),
		);
		expect(error).toBeUndefined();
		expect(Object.fromEntries(Object.entries(paid()[0].fields).map(([k, [v]]) => [k, v]))).toEqual({
			removeBackground: 'false',
			padding: '10%',
			margin: '20px',
			outputSize: '800x600',
			scaling: 'fill',
			horizontalAlignment: 'left',
			verticalAlignment: 'bottom',
			'export.format': 'png',
			'export.dpi': '300',
		});
		expect(items[0].binary!.data.fileName).toBe('shoe-edited.png');
		expect(items[0].json).toMatchObject({ width: 800, height: 600 });
	});

	it.each([
		[{ padding: '0.5' }, 'Padding'],
		[{ margin: '50%' }, 'Margin'],
		[{ outputSize: '1000 x 1000' }, 'Output Size'],
		[{ dpi: 50 }, 'DPI'],
	])('refuses %j before any paid call (field %s)', async (editOptions, field) => {
		const { items, error } = await env().run(
			{ ...EDIT_FILE, removeBackground: false, editOptions },
			shoe(),
			{ continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(items[0].json.error).toMatch(new RegExp(`^Invalid "${field}" in item 0: `));
		expect(fake().requests).toHaveLength(0);
	});
});

describe('Photoroom Image → Remove Background', () => {
	it('uploads image_file with the options under their API names and reports the uncertainty score', async () => {
		const { items, error } = await env().run(
			{
				resource: 'image',
				operation: 'removeBackground',
				binaryPropertyName: 'data',
				imageOptions: {
					format: 'webp',
					backgroundColor: '#ff0000',
					size: 'medium',
					crop: true,
					despill: false,
				},
			},
			shoe(),
		);
		expect(error).toBeUndefined();
		const [request] = paid();
		expect(request.method).toBe('POST');
		expect(request.path).toBe('/v1/segment');
		expect(request.files.map((file) => file.field)).toEqual(['image_file']);
		expect(Object.fromEntries(Object.entries(request.fields).map(([k, [v]]) => [k, v]))).toEqual({
			format: 'webp',
			bg_color: '#FF0000',
			size: 'medium',
			crop: 'true',
			despill: 'false',
		});
		expect(items[0].binary!.data.fileName).toBe('shoe-nobg.webp');
		expect(items[0].json.uncertaintyScore).toEqual(expect.any(Number));
	});

	it('Mask Only asks for the alpha channel and names the file as a mask', async () => {
		const { items } = await env().run(
			{
				resource: 'image',
				operation: 'removeBackground',
				binaryPropertyName: 'data',
				imageOptions: { maskOnly: true },
			},
			shoe(),
		);
		expect(paid()[0].fields.channels).toEqual(['alpha']);
		expect(items[0].binary!.data.fileName).toBe('shoe-mask.png');
	});
});

describe('Photoroom keys and credits', () => {
	it('a sandbox key works (free, watermarked result)', async () => {
		const { items, error } = await env().run(
			{ ...EDIT_URL, marketplace: 'googleShopping' },
			byUrl(),
			{
				apiKey: `${SANDBOX_PREFIX}${env().apiKey}`,
			},
		);
		expect(error).toBeUndefined();
		expect(fake().state.calls.at(-1)).toMatchObject({ sandbox: true, cost: 0 });
		expect((await binaryBytes(items[0].binary!.data)).includes(SANDBOX_WATERMARK)).toBe(true);
	});

	it('Get Credits reports the images left, the plan’s allowance and the plan', async () => {
		fake().state.images = { available: 83, subscription: 100 };
		const { items, error } = await env().run({ resource: 'account', operation: 'getCredits' });
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({
			provider: 'photoroom',
			operation: 'account.getCredits',
			status: 'done',
			credits: 83,
			creditsUnit: 'images',
			creditsLimit: 100,
			details: { plan: 'basic' },
		});
	});

	it('an account out of credits gives each item Photoroom’s own 402 message', async () => {
		fake().state.images = { available: 0, subscription: 100 };
		const { items } = await env().run({ ...EDIT_URL, marketplace: 'amazon' }, byUrl(), {
			continueOnFail: true,
		});
		expect(items[0].json).toMatchObject({
			error: expect.stringMatching(/^Photoroom error 402: API credits exhausted/),
			httpCode: '402',
		});
	});
});

describe('Photoroom Reference Box', () => {
	it('is sent with Remove Background on, and not read at all with it off (n8n hides it)', async () => {
		await env().run({ ...EDIT_URL, editOptions: { referenceBox: 'originalImage' } }, byUrl());
		expect(paid()[0].query.referenceBox).toBe('originalImage');
		fake().reset();
		const { error } = await env().run(
			{ ...EDIT_URL, removeBackground: false, editOptions: { referenceBox: 'originalImage' } },
			byUrl(),
		);
		expect(error).toBeUndefined();
		expect(paid()[0].query.referenceBox).toBeUndefined();
	});
});
