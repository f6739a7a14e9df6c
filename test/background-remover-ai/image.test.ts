import { FAULT } from '../fakes/faults';
import { makeJpeg, makePng, makeWebp, pngSize, sniff } from '../fakes/media';
import { binaryBytes } from '../harness/n8n';
import {
	alphaMatting,
	API_KEY,
	binaryItem,
	CONVERT,
	fieldsOf,
	IMAGE_PARAMS,
	requestsTo,
	RESULTS,
	sha256,
	useFakeBrai,
} from './setup';

const env = useFakeBrai({ pollsUntilDone: 2 });

const removeBackground = IMAGE_PARAMS;

describe('BackgroundRemoverAI image: one image', () => {
	it('uploads the binary as "files", polls results/ and downloads the PNG', async () => {
		const jpeg = makeJpeg();
		const { items, error } = await env.run(removeBackground, [
			binaryItem(jpeg, 'shoe photo.v2.jpg', 'application/octet-stream'),
		]);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		const [item] = items;
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.json).toMatchObject({
			provider: 'backgroundRemoverAi',
			operation: 'image.removeBackground',
			status: 'done',
			width: 64,
			height: 48,
		});
		const uuid = item.json.taskId as string;
		expect(env.fake.state.jobs.has(uuid)).toBe(true);
		expect(item.json.resultUrl).toBe(
			`${env.fake.baseUrl}/media/results/${uuid}/${item.json.resultFileName as string}`,
		);
		expect(item.binary?.data).toMatchObject({
			fileName: 'shoe photo.v2-nobg.png',
			mimeType: 'image/png',
		});
		expect(pngSize(await binaryBytes(item.binary?.data))).toEqual({ width: 64, height: 48 });

		const [convert] = requestsTo(env.fake, CONVERT);
		// the key as it is, no "Bearer"/"Token" prefix
		expect(convert.headers.authorization).toBe(API_KEY);
		expect(fieldsOf(convert)).toEqual({
			lang: 'en',
			convert_to: 'image-backgroundremover',
			model: 'u2net',
			alpha_matting: 'false',
			only_mask: 'false',
			bg_type: 'transparent',
		});
		expect(convert.files).toEqual([
			expect.objectContaining({
				field: 'files',
				// a unique prefix per item, the real format's type and extension
				filename: expect.stringMatching(/^[0-9a-f]{6}-0-shoe_photo\.v2\.jpg$/),
				contentType: 'image/jpeg',
				size: jpeg.length,
				sha256: sha256(jpeg),
			}),
		]);
		// two "not finished" answers, then the files
		const polls = requestsTo(env.fake, RESULTS);
		expect(polls).toHaveLength(3);
		expect(polls.every((poll) => poll.fields.uuid[0] === uuid)).toBe(true);
		// result paths are public: the key is not sent with the download
		const download = env.fake.requests.find((r) => r.path.startsWith('/media/results/'))!;
		expect(download.headers.authorization).toBeUndefined();
	});

	it('sends every image option: model, alpha matting thresholds, mask only, colour background', async () => {
		const alpha = alphaMatting(250, 5, 25, 2000);
		const { items, error } = await env.run(
			{
				...removeBackground,
				model: 'u2net_human_seg',
				...alpha.params,
				onlyMask: true,
				backgroundType: 'color',
				backgroundColor: '#FFCC00',
			},
			[binaryItem(makePng(8, 8), 'a.png', 'image/png')],
		);
		expect(error).toBeUndefined();
		expect(items[0].json.status).toBe('done');
		expect(fieldsOf(requestsTo(env.fake, CONVERT)[0])).toEqual({
			lang: 'en',
			convert_to: 'image-backgroundremover',
			model: 'u2net_human_seg',
			...alpha.fields,
			only_mask: 'true',
			bg_type: 'color',
			bg_color_value: '#ffcc00',
		});
	});

	it('puts the subject on a background image from a second binary property', async () => {
		const background = makeJpeg();
		const { items, error } = await env.run(
			{ ...removeBackground, backgroundType: 'image', backgroundBinaryPropertyName: 'bg' },
			[
				binaryItem(makeWebp(), 'cat.webp', 'image/webp', {
					bg: { data: background, fileName: 'beach.jpg', mimeType: 'image/jpeg' },
				}),
			],
		);
		expect(error).toBeUndefined();
		expect(items[0].json.status).toBe('done');
		const [convert] = requestsTo(env.fake, CONVERT);
		expect(fieldsOf(convert).bg_type).toBe('image');
		expect(convert.files.map((f) => [f.field, f.contentType])).toEqual([
			['files', 'image/webp'],
			['bg_image', 'image/jpeg'],
		]);
		expect(convert.files[1]).toMatchObject({ size: background.length, sha256: sha256(background) });
		const job = env.fake.state.jobs.get(items[0].json.taskId as string)!;
		expect(job.bgImage?.sha256).toBe(sha256(background));
		expect(job.inputs).toHaveLength(1);
	});

	it('checks options before any request: colour, thresholds from expressions, background file', async () => {
		const { items } = await env.run(
			{
				...removeBackground,
				alphaMatting: true,
				alphaForegroundThreshold: '={{ $json.fg }}',
				alphaBackgroundThreshold: 10,
				alphaErodeSize: 10,
				alphaBaseSize: 1000,
				model: '={{ $json.model }}',
				backgroundType: '={{ $json.bg }}',
				backgroundColor: '={{ $json.color }}',
				backgroundBinaryPropertyName: 'background',
			},
			[
				{
					...binaryItem(makePng(2, 2), 'a.png', 'image/png'),
					json: { fg: 256, model: 'u2net', bg: 'transparent' },
				},
				{
					...binaryItem(makePng(2, 2), 'b.png', 'image/png'),
					json: { fg: 240, model: 'u3net', bg: 'transparent' },
				},
				{
					...binaryItem(makePng(2, 2), 'c.png', 'image/png'),
					json: { fg: 240, model: 'u2net', bg: 'color', color: 'orange' },
				},
				{
					...binaryItem(makePng(2, 2), 'd.png', 'image/png'),
					json: { fg: 240, model: 'u2net', bg: 'image' },
				},
				{
					...binaryItem(makePng(2, 2), 'e.png', 'image/png'),
					json: { fg: 240, model: 'u2net', bg: 'blurred' },
				},
			],
			true,
		);
		expect(items.map((i) => i.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
		expect(items.map((i) => i.json.error)).toEqual([
			expect.stringMatching(
				/^Invalid "Foreground Threshold" in item 0: must be a whole number from 0 to 255, got 256/,
			),
			expect.stringMatching(
				/^Invalid "Model" in item 1: must be one of u2net, u2net_human_seg, u2netp/,
			),
			expect.stringMatching(/^Invalid "Background Color" in item 2: "orange" is not a hex colour/),
			expect.stringMatching(
				/^Invalid "Background Binary Field" in item 3: the item has no binary property "background"/,
			),
			expect.stringMatching(
				/^Invalid "Background" in item 4: must be one of transparent, color, image/,
			),
		]);
		expect(env.fake.requests).toHaveLength(0);
	});
});

describe('BackgroundRemoverAI image: batches', () => {
	it('sends several items in one conversion and matches each result back to its item', async () => {
		const inputs = [makePng(10, 10, [255, 0, 0, 255]), makeJpeg(), makeWebp(), makePng(3, 3)];
		const { items, error } = await env.run(
			removeBackground,
			inputs.map((data, index) => binaryItem(data, `photo-${index}.img`, 'image/png')),
		);
		expect(error).toBeUndefined();
		const [convert] = requestsTo(env.fake, CONVERT);
		expect(requestsTo(env.fake, CONVERT)).toHaveLength(1);
		expect(convert.files.map((f) => f.sha256)).toEqual(inputs.map(sha256));
		const sentNames = convert.files.map((f) => f.filename);
		expect(new Set(sentNames.map((name) => name.slice(0, 6))).size).toBe(1);
		expect(sentNames.map((name) => name.slice(6))).toEqual([
			'-0-photo-0.png',
			'-1-photo-1.jpg',
			'-2-photo-2.webp',
			'-3-photo-3.png',
		]);
		expect(items.map((i) => i.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
		// each item carries the provider file made from its own upload
		expect(items.map((i) => i.json.resultFileName)).toEqual(
			sentNames.map((name) => name.replace(/\.[a-z]+$/, '.png')),
		);
		expect(items.map((i) => i.binary?.data.fileName)).toEqual(
			[0, 1, 2, 3].map((n) => `photo-${n}-nobg.png`),
		);
		expect(new Set(items.map((i) => i.json.taskId)).size).toBe(1);
		for (const item of items) expect(sniff(await binaryBytes(item.binary?.data))).toBe('png');
	});

	it("with Continue On Fail: one output per input, a bad file becomes that item's error only", async () => {
		const { items, error } = await env.run(
			removeBackground,
			[
				binaryItem(makePng(4, 4), 'first.png', 'image/png'),
				binaryItem(Buffer.from('%PDF-1.4 not an image'), 'doc.png', 'image/png'),
				binaryItem(makeJpeg(), `exposure${FAULT.unprocessable}.jpg`, 'image/jpeg'),
				{ json: { nothing: true } },
				binaryItem(makePng(4, 4), 'last.png', 'image/png'),
			],
			true,
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(5);
		expect(items.map((i) => i.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
		expect(items[0].binary?.data.fileName).toBe('first-nobg.png');
		expect(items[1].json.error).toMatch(
			/^Invalid "Input Binary Field" in item 1: "doc.png" is not a supported image/,
		);
		// the provider listed it in failed/errors: its reason, the item's own file name
		expect(items[2].json.error).toBe(
			`BackgroundRemoverAI could not process "exposure${FAULT.unprocessable}.jpg": could not process file`,
		);
		expect(items[2].json.taskId).toBe(items[0].json.taskId);
		expect(items[2].binary).toBeUndefined();
		expect(items[3].json.error).toMatch(/item 3: the item has no binary property "data"/);
		expect(items[4].binary?.data.fileName).toBe('last-nobg.png');
		// the three valid images went up together, the two invalid ones never left
		const convert = requestsTo(env.fake, CONVERT);
		expect(convert).toHaveLength(1);
		expect(convert[0].files.map((f) => f.filename.slice(7))).toEqual([
			'0-first.png',
			`2-exposure${FAULT.unprocessable}.jpg`,
			'4-last.png',
		]);
	});

	it('fails no file by chance: a "bad" in a file name is no fault marker (test/fakes/faults.ts)', async () => {
		const { items, error } = await env.run(removeBackground, [
			binaryItem(makePng(4, 4), 'bad-exposure.png', 'image/png'),
			binaryItem(makePng(4, 4), 'bad.png', 'image/png'),
		]);
		expect(error).toBeUndefined();
		expect(items.map((i) => i.binary?.data.fileName)).toEqual([
			'bad-exposure-nobg.png',
			'bad-nobg.png',
		]);
	});

	it('Get Result of a partly failed batch returns its files and lists the failures', async () => {
		const batch = await env.run(
			IMAGE_PARAMS,
			[
				binaryItem(makePng(4, 4), 'good.png', 'image/png'),
				binaryItem(makePng(4, 4), `b${FAULT.unprocessable}.png`, 'image/png'),
			],
			true,
		);
		const uuid = batch.items[0].json.taskId as string;
		const { items, error } = await env.run({
			resource: 'conversion',
			operation: 'getResult',
			conversionId: uuid,
			downloadResult: true,
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ status: 'done', taskId: uuid });
		expect(items[0].json.failures).toEqual([
			expect.stringMatching(
				new RegExp(`-1-b${FAULT.unprocessable}\\.png: could not process file$`),
			),
		]);
		expect(Object.keys(items[0].binary ?? {})).toEqual(['data']);
		expect(items[0].binary?.data.fileName).toBe(`${uuid}-nobg.png`); // named after the conversion (naming.ts)
	});

	it("without Continue On Fail the provider's per-file error stops the node", async () => {
		const { error, items } = await env.run(removeBackground, [
			binaryItem(makePng(4, 4), 'ok.png', 'image/png'),
			binaryItem(makePng(4, 4), `b${FAULT.unprocessable}.png`, 'image/png'),
		]);
		expect(items).toHaveLength(0);
		expect(error?.message).toBe(
			`BackgroundRemoverAI could not process "b${FAULT.unprocessable}.png": could not process file`,
		);
	});

	it('splits by batch size and by settings: different parameters never share a conversion', async () => {
		const { items, error } = await env.run(
			{ ...removeBackground, model: '={{ $json.model }}', options: { batchSize: 2 } },
			['u2net', 'u2netp', 'u2net', 'u2net', 'u2net'].map((model, index) => ({
				...binaryItem(makePng(2, 2), `i${index}.png`, 'image/png'),
				json: { model },
			})),
		);
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.status)).toEqual(['done', 'done', 'done', 'done', 'done']);
		const conversions = requestsTo(env.fake, CONVERT).map((r) => ({
			model: r.fields.model[0],
			files: r.files.map((f) => f.filename.slice(7)),
		}));
		// Items are grouped by settings first, then cut by batch size: u2net [0,2] [3,4], u2netp [1].
		expect(conversions).toHaveLength(3);
		expect(conversions).toEqual(
			expect.arrayContaining([
				{ model: 'u2net', files: ['0-i0.png', '2-i2.png'] },
				{ model: 'u2netp', files: ['1-i1.png'] },
				{ model: 'u2net', files: ['3-i3.png', '4-i4.png'] },
			]),
		);
		expect(items[1].json.taskId).not.toBe(items[0].json.taskId);
		expect(items[2].json.taskId).toBe(items[0].json.taskId);
		expect(items[4].json.taskId).toBe(items[3].json.taskId);
	});
});
