import type { IDataObject } from 'n8n-workflow';

import { Runware } from '../../nodes/Runware/Runware.node';
import { makeGif, makeJpeg, makePng, makeWebp, sniff } from '../fakes/media';
import { binaryBytes, type FixtureItem } from '../harness/n8n';
import {
	API_KEY,
	BINARY,
	byUrl,
	byUuid,
	jpegItem,
	pngItem,
	submissions,
	tasksOf,
	useFakeRunware,
	UUID_V4,
	webpItem,
} from './setup';

const env = useFakeRunware();

describe('Runware remove background: input', () => {
	it('sends a binary image as a data URI in one removeBackground task and downloads the result', async () => {
		const input = makePng(8, 6, [200, 10, 10, 255]);
		const { items, error } = await env.run(BINARY, [pngItem('shoe.png', input)]);
		expect(error).toBeUndefined();

		const [request] = submissions(env.fake);
		expect(submissions(env.fake)).toHaveLength(1);
		expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`);
		expect(request.headers['content-type']).toMatch(/^application\/json/);
		const tasks = tasksOf(request);
		expect(tasks).toHaveLength(1);
		expect(tasks[0]).toEqual({
			taskType: 'removeBackground',
			taskUUID: expect.stringMatching(UUID_V4),
			model: 'runware:109@1',
			inputs: { image: `data:image/png;base64,${input.toString('base64')}` },
			outputType: 'URL',
			outputFormat: 'PNG',
			includeCost: true,
		});

		expect(items).toHaveLength(1);
		const [item] = items;
		const record = env.fake.state.tasks[0];
		expect(item.json).toEqual({
			provider: 'runware',
			operation: 'image.removeBackground',
			status: 'done',
			taskId: tasks[0].taskUUID,
			imageUUID: record.imageUUID,
			model: 'runware:109@1',
			resultUrl: `${env.fake.baseUrl}/image/ws/2/ii/${record.imageUUID}.png`,
			cost: 0.0006,
			costUnit: 'USD',
			width: 64,
			height: 64,
			outputFiles: [
				{
					property: 'data',
					fileName: 'shoe-nobg.png',
					mimeType: 'image/png',
					bytes: (await binaryBytes(item.binary?.data)).length,
				},
			],
		});
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.binary?.data).toMatchObject({ fileName: 'shoe-nobg.png', mimeType: 'image/png' });
		expect(sniff(await binaryBytes(item.binary?.data))).toBe('png');

		// The result URL is fetched without the credential: the key never leaves for the file host.
		const download = env.fake.requests.find((r) => r.method === 'GET');
		expect(download?.path).toBe(`/image/ws/2/ii/${record.imageUUID}.png`);
		expect(download?.headers.authorization).toBeUndefined();
	});

	it('labels the data URI by the sniffed format, not the MIME type the item claims', async () => {
		const { error } = await env.run(BINARY, [jpegItem('photo.png', 'image/png')]);
		expect(error).toBeUndefined();
		const image = (tasksOf(submissions(env.fake)[0])[0].inputs as { image: string }).image;
		expect(image).toBe(`data:image/jpeg;base64,${makeJpeg().toString('base64')}`);
	});

	it('accepts WEBP', async () => {
		const { items, error } = await env.run(BINARY, [webpItem()]);
		expect(error).toBeUndefined();
		const image = (tasksOf(submissions(env.fake)[0])[0].inputs as { image: string }).image;
		expect(image).toBe(`data:image/webp;base64,${makeWebp().toString('base64')}`);
		expect(items[0].binary?.data.fileName).toBe('pic-nobg.png');
	});

	it('passes an image URL through unchanged', async () => {
		const url = 'https://cdn.example.com/products/chair.jpg?v=2';
		const { items, error } = await env.run(byUrl(url));
		expect(error).toBeUndefined();
		expect(tasksOf(submissions(env.fake)[0])[0].inputs).toEqual({ image: url });
		expect(items[0].binary?.data.fileName).toBe('chair-nobg.png');
	});

	it('passes a Runware image UUID (normalised to lower case)', async () => {
		const uuid = 'FD613011-3872-4F37-B4AA-0D343C051A27';
		const { items, error } = await env.run(byUuid(uuid));
		expect(error).toBeUndefined();
		expect(tasksOf(submissions(env.fake)[0])[0].inputs).toEqual({ image: uuid.toLowerCase() });
		expect(items[0].json.imageUUID).toBe(env.fake.state.tasks[0].imageUUID);
	});

	it('rejects bad input before any request, naming the field and the item', async () => {
		const cases: Array<[IDataObject, FixtureItem[] | undefined, RegExp]> = [
			[byUrl('ftp://example.com/a.png'), undefined, /Invalid "Image URL" in item 0: only http/],
			[
				byUuid('not-a-uuid'),
				undefined,
				/Invalid "Image UUID" in item 0: "not-a-uuid" is not a UUID/,
			],
			[
				BINARY,
				[{ binary: { data: { data: makeGif(), fileName: 'a.gif', mimeType: 'image/gif' } } }],
				/Invalid "Input Binary Field" in item 0: "a.gif" is not a supported image \(gif.*accepted: PNG, JPEG, WEBP/,
			],
			[
				BINARY,
				[{ json: {} }],
				/Invalid "Input Binary Field" in item 0: the item has no binary property "data"/,
			],
			[
				{ ...BINARY, inputType: 'file' },
				[pngItem()],
				/Invalid "Input" in item 0: must be one of binary, url, uuid/,
			],
		];
		for (const [parameters, items, message] of cases) {
			const { error } = await env.run(parameters, items);
			expect(error?.message).toMatch(message);
		}
		expect(env.fake.requests).toHaveLength(0);
	});
});

describe('Runware remove background: output', () => {
	it.each([['base64Data' as const], ['dataURI' as const]])(
		'decodes %s from the reply without a second request',
		async (outputType) => {
			const { items, error } = await env.run({ ...BINARY, outputType }, [pngItem('a.png')]);
			expect(error).toBeUndefined();
			expect(tasksOf(submissions(env.fake)[0])[0].outputType).toBe(outputType);
			expect(env.fake.requests.filter((r) => r.method === 'GET')).toHaveLength(0);
			const [item] = items;
			expect(item.json.resultUrl).toBeUndefined();
			expect(item.json).toMatchObject({
				width: 64,
				height: 64,
				taskId: expect.stringMatching(UUID_V4),
			});
			expect(item.binary?.data).toMatchObject({ fileName: 'a-nobg.png', mimeType: 'image/png' });
			expect(sniff(await binaryBytes(item.binary?.data))).toBe('png');
		},
	);

	it.each([
		['URL', 'JPG', 'jpeg', 'jpg'],
		['base64Data', 'JPG', 'jpeg', 'jpg'],
		['URL', 'WEBP', 'webp', 'webp'],
		['dataURI', 'WEBP', 'webp', 'webp'],
	] as const)(
		'%s output in %s format yields a %s binary',
		async (outputType, outputFormat, kind, extension) => {
			const { items, error } = await env.run({
				...byUrl('https://cdn.example.com/x.png'),
				outputType,
				outputFormat,
			});
			expect(error).toBeUndefined();
			expect(tasksOf(submissions(env.fake)[0])[0].outputFormat).toBe(outputFormat);
			const data = items[0].binary?.data;
			expect(data).toMatchObject({ fileName: `x-nobg.${extension}`, mimeType: `image/${kind}` });
			expect(sniff(await binaryBytes(data))).toBe(kind);
			expect(items[0].json.width).toBeUndefined();
		},
	);

	it('warns in the editor that JPG has no transparency', () => {
		const notice = new Runware().description.properties.find((p) => p.name === 'jpgNotice');
		expect(notice).toMatchObject({
			type: 'notice',
			displayName: expect.stringMatching(/JPG has no transparency/),
		});
		expect(notice?.displayOptions?.show).toMatchObject({
			outputFormat: ['JPG'],
			operation: ['removeBackground'],
		});
	});

	it('leaves the cost out when Include Cost is off', async () => {
		const { items, error } = await env.run({
			...byUrl('https://cdn.example.com/x.png'),
			includeCost: false,
		});
		expect(error).toBeUndefined();
		expect(tasksOf(submissions(env.fake)[0])[0].includeCost).toBe(false);
		expect(items[0].json.cost).toBeUndefined();
		expect(items[0].json.costUnit).toBeUndefined();
		expect(env.fake.state.totalCost).toBe(0);
	});
});

describe('Runware remove background: model and settings', () => {
	it('sends every setting, the output quality and a chosen model', async () => {
		const { items, error } = await env.run(
			{
				...BINARY,
				model: 'runware:109@1',
				outputFormat: 'WEBP',
				settings: {
					rgba: '0, 128, 255, 0.5',
					postProcessMask: true,
					returnOnlyMask: true,
					alphaMatting: true,
					alphaMattingForegroundThreshold: 250,
					alphaMattingBackgroundThreshold: 1,
					alphaMattingErodeSize: 255,
				},
				options: { outputQuality: 80 },
			},
			[pngItem('bag.png')],
		);
		expect(error).toBeUndefined();
		const [task] = tasksOf(submissions(env.fake)[0]);
		expect(task).toMatchObject({ model: 'runware:109@1', outputFormat: 'WEBP', outputQuality: 80 });
		expect(task.settings).toEqual({
			rgba: [0, 128, 255, 0.5],
			postProcessMask: true,
			returnOnlyMask: true,
			alphaMatting: true,
			alphaMattingForegroundThreshold: 250,
			alphaMattingBackgroundThreshold: 1,
			alphaMattingErodeSize: 255,
		});
		expect(items[0].binary?.data.fileName).toBe('bag-mask.webp');
	});

	it.each([
		['[10, 20, 30, 1]', [10, 20, 30, 1]],
		['#FF8000', [255, 128, 0, 1]],
		['#ff000080', [255, 0, 0, 0.502]],
	])('reads the background colour %s as %j', async (rgba, expected) => {
		const { error } = await env.run({
			...byUrl('https://cdn.example.com/x.png'),
			settings: { rgba },
		});
		expect(error).toBeUndefined();
		expect(tasksOf(submissions(env.fake)[0])[0].settings).toEqual({ rgba: expected });
	});

	it('accepts an RGBA array from an expression', async () => {
		const { error } = await env.run(
			{ ...byUrl('https://cdn.example.com/x.png'), settings: { rgba: '={{ $json.colour }}' } },
			[{ json: { colour: [1, 2, 3, 0.25] } }],
		);
		expect(error).toBeUndefined();
		expect(tasksOf(submissions(env.fake)[0])[0].settings).toEqual({ rgba: [1, 2, 3, 0.25] });
	});

	it.each([
		['runware:112@10', {}],
		['bria:2@1', {}],
		['runware:112@5', { model: 'custom', customModel: ' runware:112@5 ' }],
		['runware:112@9', { model: '={{ $json.model }}' }],
	])('sends model %s', async (expected, parameters) => {
		const { error } = await env.run(
			{ ...byUrl('https://cdn.example.com/x.png'), model: expected, ...parameters },
			[{ json: { model: 'runware:112@9' } }],
		);
		expect(error).toBeUndefined();
		expect(tasksOf(submissions(env.fake)[0])[0].model).toBe(expected);
	});

	it('rejects bad settings and models before any request', async () => {
		const url = byUrl('https://cdn.example.com/x.png');
		const cases: Array<[IDataObject, RegExp]> = [
			[
				{ model: 'custom', customModel: 'birefnet' },
				/Invalid "Custom Model AIR ID" in item 0: "birefnet" is not a Runware AIR ID/,
			],
			[
				{ model: 'custom', customModel: '' },
				/Invalid "Custom Model AIR ID" in item 0: a value is required/,
			],
			[{ model: '={{ "rembg" }}' }, /Invalid "Model" in item 0: "rembg" is not a Runware AIR ID/],
			[
				{ settings: { rgba: '300, 0, 0, 1' } },
				/Invalid "Background RGBA" in item 0: red, green and blue must be whole numbers/,
			],
			[
				{ settings: { rgba: '0, 0, 0, 2' } },
				/Invalid "Background RGBA" in item 0: alpha must be a number from 0 to 1/,
			],
			[
				{ settings: { rgba: '0, 0, 0' } },
				/Invalid "Background RGBA" in item 0: four values are needed/,
			],
			[
				{ settings: { alphaMattingErodeSize: 0 } },
				/Invalid "Alpha Matting Erode Size" in item 0: must be a whole number from 1 to 255/,
			],
			[
				{ settings: { alphaMattingForegroundThreshold: 256 } },
				/Invalid "Alpha Matting Foreground Threshold" in item 0/,
			],
			[
				{ settings: { alphaMatting: '={{ "yes" }}' } },
				/Invalid "Alpha Matting" in item 0: must be true or false/,
			],
			[
				{ options: { outputQuality: 10 } },
				/Invalid "Output Quality" in item 0: must be a whole number from 20 to 99/,
			],
			[
				{ outputType: '={{ "binary" }}' },
				/Invalid "Output Type" in item 0: must be one of URL, base64Data, dataURI/,
			],
			[
				{ outputFormat: '={{ "GIF" }}' },
				/Invalid "Output Format" in item 0: must be one of PNG, JPG, WEBP/,
			],
		];
		for (const [parameters, message] of cases) {
			const { error } = await env.run({ ...url, ...parameters });
			expect(error?.message).toMatch(message);
			expect(error?.description).toMatch(/rejected before any request was sent/);
		}
		expect(env.fake.requests).toHaveLength(0);
	});
});
