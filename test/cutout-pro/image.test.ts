import { makeJpeg, makePng, sniff } from '../fakes/media';
import { binaryBytes } from '../harness/n8n';
import { API_KEY, useFakeCutoutPro } from './setup';

const env = useFakeCutoutPro();

describe('Cutout.pro image background removal', () => {
	it('uploads a binary image as multipart "file" and returns the PNG', async () => {
		const result = await env.run(
			{
				resource: 'image',
				operation: 'removeBackground',
				inputType: 'binary',
				binaryPropertyName: 'data',
				mattingType: 'object',
				imageOptions: { crop: true },
			},
			[{ binary: { data: { data: makeJpeg(), fileName: 'shoe.v2.jpg', mimeType: 'image/jpeg' } } }],
		);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		const [item] = result.items;
		expect(item.json).toMatchObject({
			provider: 'cutoutPro',
			operation: 'image.removeBackground',
			status: 'done',
			width: 800,
			height: 600,
		});
		expect(item.binary?.data).toMatchObject({
			fileName: 'shoe.v2-nobg.png',
			mimeType: 'image/png',
		});
		expect(sniff(await binaryBytes(item.binary?.data))).toBe('png');
		const request = env.fake.requests.find((r) => r.path === '/api/v1/matting')!;
		expect(request.headers.apikey).toBe(API_KEY);
		expect(request.query).toMatchObject({ mattingType: '2', crop: 'true' });
		expect(request.files).toEqual([
			expect.objectContaining({
				field: 'file',
				filename: 'shoe.v2.jpg',
				contentType: 'image/jpeg',
			}),
		]);
	});

	it('sends an image URL to mattingByUrl and decodes the base64 reply', async () => {
		const result = await env.run(
			{
				resource: 'image',
				operation: 'removeBackground',
				inputType: 'url',
				imageUrl: 'https://cdn.example.com/p/shoe.png',
				mattingType: 'general',
				imageOptions: { backgroundColor: '#ffcc00', preview: true },
			},
			[{ json: {} }],
		);
		expect(result.error).toBeUndefined();
		const [item] = result.items;
		expect(item.json).toMatchObject({ width: 500, height: 375 });
		expect(sniff(await binaryBytes(item.binary?.data))).toBe('png');
		const request = env.fake.requests.find((r) => r.path === '/api/v1/mattingByUrl')!;
		expect(request.query).toMatchObject({
			url: 'https://cdn.example.com/p/shoe.png',
			mattingType: '6',
			bgcolor: 'FFCC00',
			preview: 'true',
		});
	});

	it('with Continue On Fail yields one item per input, errors named by field and item, no call for bad input', async () => {
		const result = await env.run(
			{
				resource: 'image',
				operation: 'removeBackground',
				inputType: 'binary',
				binaryPropertyName: 'data',
				mattingType: 'general',
			},
			[
				{ binary: { data: { data: makePng(4, 4), fileName: 'a.png', mimeType: 'image/png' } } },
				{
					binary: {
						data: {
							data: Buffer.from('not an image at all'),
							fileName: 'b.png',
							mimeType: 'image/png',
						},
					},
				},
				{ json: { noBinary: true } },
				{ binary: { data: { data: makePng(4, 4), fileName: 'd.png', mimeType: 'image/png' } } },
			],
			true,
		);
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
			{ item: 3 },
		]);
		expect(result.items[0].binary?.data.mimeType).toBe('image/png');
		expect(result.items[1].json.error).toMatch(/Input Binary Field.*item 1.*not a supported image/);
		expect(result.items[2].json.error).toMatch(
			/Input Binary Field.*item 2.*no binary property "data"/,
		);
		expect(result.items[3].binary?.data.mimeType).toBe('image/png');
		expect(env.fake.requests.filter((r) => r.path === '/api/v1/matting')).toHaveLength(2);
	});

	it('without Continue On Fail reports the first bad item in input order and calls nothing', async () => {
		// Items are checked side by side: item 30 (no binary, fails without reading anything) is
		// done before item 20 (its bytes must be read), yet the error must name item 20.
		const png = () => ({
			binary: { data: { data: makePng(4, 4), fileName: 'ok.png', mimeType: 'image/png' } },
		});
		const items = Array.from({ length: 40 }, png) as Array<Record<string, unknown>>;
		items[20] = {
			binary: {
				data: { data: Buffer.from('not an image'), fileName: 't.png', mimeType: 'image/png' },
			},
		};
		items[30] = { json: { noBinary: true } };
		const before = env.fake.requests.length;
		const result = await env.run(
			{
				resource: 'image',
				operation: 'removeBackground',
				inputType: 'binary',
				binaryPropertyName: 'data',
				mattingType: 'general',
			},
			items as never,
		);
		expect(result.error?.message).toMatch(/^Invalid "Input Binary Field" in item 20: "t.png"/);
		expect(env.fake.requests.length).toBe(before);
	});
});
