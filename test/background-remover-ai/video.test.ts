import { generatedSha256 } from '../fakes/fake-server';
import { FAULT } from '../fakes/faults';
import { makeGif, makeJpeg, makeMov, makeMp4, makePng, sniff } from '../fakes/media';
import { binaryBytes } from '../harness/n8n';
import {
	alphaMatting,
	binaryItem,
	CONVERT,
	FAST_WAIT,
	fieldsOf,
	requestsTo,
	RESULTS,
	sha256,
	useFakeBrai,
} from './setup';

const RESULT_BYTES = 3 * 1024 * 1024;
const env = useFakeBrai({ pollsUntilDone: 2, videoResultBytes: RESULT_BYTES });

const removeBackground = {
	resource: 'video',
	operation: 'removeBackground',
	binaryPropertyName: 'data',
	model: 'u2net',
	alphaMatting: false,
	videoFormat: 'mov',
	waitForCompletion: true,
	downloadResult: true,
	...FAST_WAIT,
};
const clip = () => binaryItem(makeMp4(), 'clip.mp4', 'video/mp4');

describe('BackgroundRemoverAI video', () => {
	it('uploads the video, waits, and streams the result into a binary', async () => {
		const { items, error } = await env.run(removeBackground, [clip()]);
		expect(error).toBeUndefined();
		const [item] = items;
		expect(item.json).toMatchObject({
			provider: 'backgroundRemoverAi',
			operation: 'video.removeBackground',
			status: 'done',
		});
		const uuid = item.json.taskId as string;
		expect(item.json.resultUrl).toBe(`${env.fake.baseUrl}/media/results/${uuid}/clip.mov`);
		expect(item.json.files).toEqual([
			{ fileName: 'clip.mov', url: item.json.resultUrl, binaryProperty: 'data' },
		]);
		// named after the input, as images are; `files` keeps the provider's name
		expect(item.binary?.data).toMatchObject({
			fileName: 'clip-nobg.mov',
			mimeType: 'video/quicktime',
		});
		const bytes = await binaryBytes(item.binary?.data);
		expect(bytes.length).toBe(RESULT_BYTES);
		expect(sha256(bytes)).toBe(generatedSha256(RESULT_BYTES, makeMov()));

		const [convert] = requestsTo(env.fake, CONVERT);
		expect(fieldsOf(convert)).toEqual({
			lang: 'en',
			convert_to: 'video-backgroundremover',
			model: 'u2net',
			alpha_matting: 'false',
			video_format: 'mov',
		});
		expect(convert.files).toEqual([
			expect.objectContaining({ field: 'files', filename: 'clip.mp4', contentType: 'video/mp4' }),
		]);
		expect(requestsTo(env.fake, RESULTS)).toHaveLength(3);
	});

	it('sends every video option: format, colour, frame rate, frame limit, model, alpha matting', async () => {
		const alpha = alphaMatting(200, 20, 3, 500);
		const { items, error } = await env.run(
			{
				...removeBackground,
				model: 'u2netp',
				...alpha.params,
				videoFormat: 'mp4_with_color',
				videoBackgroundColor: '#F0a',
				videoOptions: { frameRate: 24, frameLimit: 120 },
			},
			[binaryItem(makeGif(), 'loop.gif', 'image/gif')],
		);
		expect(error).toBeUndefined();
		expect(items[0].binary?.data.mimeType).toBe('video/mp4');
		expect(sniff(await binaryBytes(items[0].binary?.data))).toBe('mp4');
		expect(fieldsOf(requestsTo(env.fake, CONVERT)[0])).toEqual({
			lang: 'en',
			convert_to: 'video-backgroundremover',
			model: 'u2netp',
			...alpha.fields,
			video_format: 'mp4_with_color',
			video_bg_color_enabled: 'true',
			video_bg_color: '#ff00aa',
			framerate: '24',
			frame_limit: '120',
		});
	});

	it('sends a background image for Video Over Image as a second file', async () => {
		const background = makeJpeg();
		const { error } = await env.run(
			{
				...removeBackground,
				videoFormat: 'video_over_image',
				videoBackgroundBinaryPropertyName: 'bg',
			},
			[
				binaryItem(makeMov(), 'talk.mov', 'video/quicktime', {
					bg: { data: background, fileName: 'office.jpg', mimeType: 'image/jpeg' },
				}),
			],
		);
		expect(error).toBeUndefined();
		const [convert] = requestsTo(env.fake, CONVERT);
		expect(convert.fields.video_format).toEqual(['video_over_image']);
		expect(convert.files.map((f) => [f.field, f.filename, f.sha256])).toEqual([
			['files', 'talk.mov', sha256(makeMov())],
			['bg_image', 'background.jpg', sha256(background)],
		]);
	});

	it('returns the conversion id at once, and Get Result reports the queue, then the files', async () => {
		const submitted = await env.run({ ...removeBackground, waitForCompletion: false }, [clip()]);
		expect(submitted.error).toBeUndefined();
		const [item] = submitted.items;
		expect(item.json).toMatchObject({ status: 'processing', operation: 'video.removeBackground' });
		expect(item.binary).toBeUndefined();
		expect(requestsTo(env.fake, RESULTS)).toHaveLength(0);
		const uuid = item.json.taskId as string;

		const getResult = { resource: 'conversion', operation: 'getResult', conversionId: uuid };
		const first = await env.run({ ...getResult, downloadResult: true });
		expect(first.items[0].json).toEqual({
			provider: 'backgroundRemoverAi',
			operation: 'conversion.getResult',
			taskId: uuid,
			status: 'processing',
			queueCount: 2,
		});
		await env.run({ ...getResult, downloadResult: true });
		const done = await env.run({ ...getResult, downloadResult: true });
		expect(done.items[0].json).toMatchObject({ status: 'done', taskId: uuid });
		expect(done.items[0].binary?.data.fileName).toBe(`${uuid}-nobg.mov`);
		expect((await binaryBytes(done.items[0].binary?.data)).length).toBe(RESULT_BYTES);

		// without download: the URLs only
		const urls = await env.run({ ...getResult, downloadResult: false });
		expect(urls.items[0].binary).toBeUndefined();
		expect(urls.items[0].json.files).toEqual([
			{ fileName: 'clip.mov', url: `${env.fake.baseUrl}/media/results/${uuid}/clip.mov` },
		]);
	});

	it('turns a failed conversion into an error carrying the provider message and the id', async () => {
		const { items } = await env.run(
			removeBackground,
			[binaryItem(makeMp4(), `take${FAULT.unprocessable}.mp4`, 'video/mp4'), clip()],
			true,
		);
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(items[0].json.error).toMatch(
			new RegExp(
				`^BackgroundRemoverAI conversion [0-9a-f-]{36} failed: take${FAULT.unprocessable}\\.mp4: could not process file$`,
			),
		);
		expect(items[0].json.taskId).toMatch(/^[0-9a-f-]{36}$/);
		expect(items[1].json.status).toBe('done');
	});

	it('Get Result of an unknown id shows the provider error', async () => {
		const { error } = await env.run({
			resource: 'conversion',
			operation: 'getResult',
			conversionId: 'no-such-id',
			downloadResult: true,
		});
		expect(error?.message).toBe('BackgroundRemoverAI error 404: uuid not found: no-such-id');
		expect((error as { httpCode?: string }).httpCode).toBe('404');
	});

	it('stops at the deadline with an error naming the id and the queue position', async () => {
		const { error } = await env.run(
			{
				...removeBackground,
				maxWaitSeconds: 1,
				pollIntervalSeconds: 0.5,
			},
			[clip()],
		);
		expect(error?.message).toMatch(
			/^BackgroundRemoverAI task [0-9a-f-]{36} did not finish within 1 s$/,
		);
		expect(error?.description).toMatch(/queue position 1\).*Get Result with ID [0-9a-f-]{36}/);
		expect(env.fake.state.jobs.size).toBe(1);
	});

	it('rejects a file that is not a video before any request', async () => {
		const { items } = await env.run(
			{ ...removeBackground, videoOptions: { frameRate: '={{ $json.fps }}' } },
			[
				{ ...binaryItem(makePng(2, 2), 'still.png', 'image/png'), json: { fps: 24 } },
				{ ...clip(), json: { fps: 61 } },
			],
			true,
		);
		expect(items[0].json.error).toMatch(
			/^Invalid "Input Binary Field" in item 0: "still.png" is not a supported video \(unrecognised content/,
		);
		expect(items[1].json.error).toMatch(
			/^Invalid "Frame Rate" in item 1: must be a whole number from 1 to 60, got 61/,
		);
		expect(env.fake.requests).toHaveLength(0);
	});

	it('streams a ~50 MB upload: the provider receives every byte', async () => {
		const size = 50 * 1024 * 1024 + 12345;
		const video = Buffer.alloc(size);
		for (let offset = 0; offset < size; offset += 4096) video.writeUInt32BE(offset >>> 2, offset);
		makeMp4().copy(video, 0);
		const { items, error } = await env.run({ ...removeBackground, waitForCompletion: false }, [
			binaryItem(video, 'long take.mp4', 'video/mp4'),
		]);
		expect(error).toBeUndefined();
		expect(items[0].json.status).toBe('processing');
		const [convert] = requestsTo(env.fake, CONVERT);
		expect(convert.multipartError).toBeUndefined();
		expect(convert.files).toHaveLength(1);
		expect(convert.files[0]).toMatchObject({
			filename: 'long_take.mp4',
			size,
			sha256: sha256(video),
		});
	});
});
