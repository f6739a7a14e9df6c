import { makeJpeg, makePng, pngSize, sniff } from '../fakes/media';
import { binaryBytes } from '../harness/n8n';
import { API_KEY, bodyOf, pngItem, removeBackground, useFakeXimilar } from './setup';

const env = useFakeXimilar();

const binaryInput = { ...removeBackground, inputType: 'binary', binaryPropertyName: 'data' };
const urlInput = (imageUrl: string) => ({ ...removeBackground, inputType: 'url', imageUrl });

describe('Ximilar Remove Background: requests', () => {
	it('sends a binary image as a data URI to the precise endpoint with "Token <key>"', async () => {
		const png = makePng(40, 30);
		const { items, error } = await env.run({ ...binaryInput, endpoint: 'precise' }, [
			pngItem(40, 30, 'shoe.v2.png'),
		]);
		expect(error).toBeUndefined();
		const [call] = env.calls();
		expect(env.calls()).toHaveLength(1);
		expect(call.path).toBe('/removebg/precise/removebg');
		expect(call.headers.authorization).toBe(`Token ${API_KEY}`);
		expect(call.headers['content-type']).toMatch(/^application\/json/);
		// nothing but the record: no binary_mask/white_background/image_format/image_quality
		expect(call.body).toEqual({
			records: [{ _base64: `data:image/png;base64,${png.toString('base64')}` }],
		});
		expect(items).toHaveLength(1);
		expect(items[0].json).toEqual({
			provider: 'ximilar',
			operation: 'image.removeBackground',
			status: 'done',
			taskId: expect.stringMatching(/^[0-9a-f-]{36}$/),
			requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
			endpoint: 'precise',
			resultUrl: expect.stringMatching(/\/ximilar-tmp-images\/removebg\/[0-9a-f-]+\.png$/),
			dataContent: 'cutout',
			width: 40,
			height: 30,
			outputFiles: [
				{
					property: 'data',
					fileName: 'shoe.v2-nobg.png',
					mimeType: 'image/png',
					bytes: expect.any(Number),
				},
			],
		});
		const data = items[0].binary?.data;
		expect(items[0].json.outputFiles).toEqual([expect.objectContaining({ bytes: data?.bytes })]);
		expect(data).toMatchObject({ fileName: 'shoe.v2-nobg.png', mimeType: 'image/png' });
		expect(pngSize(await binaryBytes(data))).toEqual({ width: 40, height: 30 });
		expect(Object.keys(items[0].binary ?? {})).toEqual(['data']);
	});

	it('names the real image type in the data URI, not the one the file claims', async () => {
		const jpeg = makeJpeg();
		const { error } = await env.run({ ...binaryInput, endpoint: 'fast' }, [
			{ binary: { data: { data: jpeg, fileName: 'fake.png', mimeType: 'image/png' } } },
		]);
		expect(error).toBeUndefined();
		expect(bodyOf(env.calls()[0]).records[0]._base64).toBe(
			`data:image/jpeg;base64,${jpeg.toString('base64')}`,
		);
	});

	it('sends an image URL as _url to the fast endpoint', async () => {
		const { items, error } = await env.run({
			...urlInput('https://cdn.example.com/p/red%20shoe.jpg'),
			endpoint: 'fast',
		});
		expect(error).toBeUndefined();
		const [call] = env.calls();
		expect(call.path).toBe('/removebg/fast/removebg');
		expect(call.body).toEqual({ records: [{ _url: 'https://cdn.example.com/p/red%20shoe.jpg' }] });
		expect(items[0].json).toMatchObject({ endpoint: 'fast', width: 800, height: 600 });
		expect(items[0].binary?.data.fileName).toBe('red shoe-nobg.png');
	});

	it('sends every option: image_format, image_quality, white_background', async () => {
		const { items, error } = await env.run({
			...urlInput('https://cdn.example.com/cup.jpg'),
			endpoint: 'precise',
			imageOptions: { imageFormat: 'webp', imageQuality: 70, whiteBackground: true },
		});
		expect(error).toBeUndefined();
		expect(env.calls()[0].body).toEqual({
			records: [{ _url: 'https://cdn.example.com/cup.jpg', white_background: true }],
			image_format: 'webp',
			image_quality: 70,
		});
		const binary = items[0].binary!;
		expect(Object.keys(binary).sort()).toEqual(['data', 'whiteBackground']);
		expect(binary.data).toMatchObject({ fileName: 'cup-nobg.webp', mimeType: 'image/webp' });
		expect(sniff(await binaryBytes(binary.data))).toBe('webp');
		expect(binary.whiteBackground).toMatchObject({
			fileName: 'cup-whitebg.jpg',
			mimeType: 'image/jpeg',
		});
		expect(sniff(await binaryBytes(binary.whiteBackground))).toBe('jpeg');
		expect(items[0].json.whiteBackgroundUrl).toMatch(/\.jpg$/);
	});

	it('takes options from expressions: a quality given as text is sent as a number', async () => {
		const { error, items } = await env.run(
			{
				...urlInput('={{ $json.url }}'),
				endpoint: 'precise',
				imageOptions: { imageFormat: '={{ $json.format }}', imageQuality: '={{ $json.quality }}' },
			},
			[{ json: { url: 'https://cdn.example.com/x/a%E0%A4%A.jpg', format: 'jpg', quality: '55' } }],
		);
		expect(error).toBeUndefined();
		expect(env.calls()[0].body).toMatchObject({ image_format: 'jpg', image_quality: 55 });
		// a malformed %-escape in the URL is kept as it is in the file name
		expect(items[0].binary?.data.fileName).toBe('a%E0%A4%A-nobg.jpg');
	});

	it('fetches result URLs without the API key', async () => {
		await env.run({
			...urlInput('https://cdn.example.com/cup.jpg'),
			endpoint: 'precise',
			imageOptions: { binaryMask: true, whiteBackground: true },
		});
		expect(env.downloads()).toHaveLength(2);
		for (const download of env.downloads()) {
			expect(download.path).toMatch(/^\/ximilar-tmp-images\/removebg\//);
			expect(download.headers.authorization).toBeUndefined();
			expect(JSON.stringify(download.headers)).not.toContain(API_KEY);
		}
	});

	it('returns only the URLs when Download Result is off', async () => {
		const { items } = await env.run({
			...urlInput('https://cdn.example.com/cup.jpg'),
			endpoint: 'precise',
			downloadResult: false,
		});
		expect(items[0].binary).toBeUndefined();
		expect(items[0].json.resultUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/ximilar-tmp-images\//);
		expect(env.downloads()).toHaveLength(0);
	});
});

describe('Ximilar Remove Background: binary mask', () => {
	it('puts the mask in "data" and "mask" when Ximilar sends it instead of the cut-out', async () => {
		const { items, error } = await env.run(
			{ ...binaryInput, endpoint: 'precise', imageOptions: { binaryMask: true } },
			[pngItem(12, 8, 'bottle.png')],
		);
		expect(error).toBeUndefined();
		expect(bodyOf(env.calls()[0]).records[0]).toMatchObject({ binary_mask: true });
		const { json, binary } = items[0];
		expect(json.dataContent).toBe('mask');
		expect(json.maskUrl).toMatch(/\.jpg$/);
		expect(json.resultUrl).toBe(json.maskUrl);
		expect(binary?.mask).toMatchObject({ fileName: 'bottle-mask.jpg', mimeType: 'image/jpeg' });
		expect(binary?.data).toEqual(binary?.mask);
		expect(sniff(await binaryBytes(binary?.data))).toBe('jpeg');
		// one download serves both binaries
		expect(env.downloads()).toHaveLength(1);
	});

	it('keeps the cut-out in "data" when Ximilar sends _output_url beside the mask (older docs)', async () => {
		env.fake().rewriteReply = (reply) => {
			for (const record of reply.records) {
				record._output_url = env.fake().files.put('/ximilar-tmp-images/removebg/cut.png', {
					contentType: 'image/png',
					body: makePng(12, 8),
				});
			}
			return reply;
		};
		const { items, error } = await env.run(
			{ ...binaryInput, endpoint: 'precise', imageOptions: { binaryMask: true } },
			[pngItem(12, 8, 'bottle.png')],
		);
		expect(error).toBeUndefined();
		const { json, binary } = items[0];
		expect(json.dataContent).toBe('cutout');
		expect(json.resultUrl).toMatch(/\/cut\.png$/);
		expect(binary?.data).toMatchObject({ fileName: 'bottle-nobg.png', mimeType: 'image/png' });
		expect(sniff(await binaryBytes(binary?.data))).toBe('png');
		expect(binary?.mask).toMatchObject({ fileName: 'bottle-mask.jpg', mimeType: 'image/jpeg' });
	});
});

describe('Ximilar Remove Background: input checks', () => {
	it.each([
		[
			{ imageOptions: { imageQuality: 101 } },
			/Invalid "Image Quality" in item 0: must be a whole number from 1 to 100/,
		],
		[
			{ imageOptions: { imageFormat: 'gif' } },
			/Invalid "Image Format" in item 0: must be one of png, jpg, webp/,
		],
		[{ endpoint: 'turbo' }, /Invalid "Endpoint" in item 0: must be one of precise, fast/],
		[
			{ imageOptions: { binaryMask: 'yes' } },
			/Invalid "Binary Mask" in item 0: must be true or false/,
		],
		[
			{ inputType: 'url', imageUrl: 'ftp://example.com/a.png' },
			/Invalid "Image URL" in item 0: only http/,
		],
		[
			{ options: { batchSize: 11 } },
			/Invalid "Batch Size" in item 0: must be a whole number from 1 to 10/,
		],
	])('refuses %j before any request', async (parameters, message) => {
		const { error } = await env.run({ ...binaryInput, endpoint: 'precise', ...parameters }, [
			pngItem(4, 4),
		]);
		expect(error?.message).toMatch(message);
		expect(env.calls()).toHaveLength(0);
	});

	it('refuses a file that is not an image, naming the field and the item', async () => {
		const { error } = await env.run({ ...binaryInput, endpoint: 'precise' }, [
			pngItem(4, 4),
			{
				binary: {
					data: { data: Buffer.from('%PDF-1.4 nope'), fileName: 'doc.png', mimeType: 'image/png' },
				},
			},
		]);
		expect(error?.message).toMatch(
			/Invalid "Input Binary Field" in item 1: "doc.png" is not a supported image/,
		);
		expect(env.calls()).toHaveLength(0);
	});
});
