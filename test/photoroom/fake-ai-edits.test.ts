/**
 * The strict Photoroom fake on its own (as test/fakes-photoroom.test.ts does): it accepts the AI
 * edits as Photoroom documents them and refuses every combination its rules rule out
 * (test/fakes/photoroom-ai-rules.ts), with the documented 400 `{error: {message}}` naming the
 * parameter, charging nothing.
 */
import { FormData, request } from 'undici';

import type { FakePhotoroom } from '../fakes/photoroom';
import { startFakePhotoroom } from '../fakes/photoroom';
import { makePng } from '../fakes/media';
import { imageSize } from '../fakes/photoroom-images';
import { useFake } from '../fakes/use-fake';

const KEY = 'pr-ai-key';
const URL_IN = 'https://example.com/dress.jpg';
const fake = useFake(async () => await startFakePhotoroom({ apiKey: KEY }));

async function send(
	f: FakePhotoroom,
	method: 'GET' | 'POST',
	params: Record<string, string>,
	headers: Record<string, string> = {},
	files: Record<string, Buffer> = { imageFile: makePng(400, 300) },
) {
	let url = `${f.baseUrl}/v2/edit`;
	let body: FormData | undefined;
	if (method === 'GET')
		url += `?${new URLSearchParams({ imageUrl: URL_IN, ...params }).toString()}`;
	else {
		body = new FormData();
		for (const [name, value] of Object.entries(params)) body.append(name, value);
		for (const [name, bytes] of Object.entries(files))
			body.append(name, new Blob([bytes]), `${name}.png`);
	}
	const res = await request(url, { method, headers: { 'x-api-key': KEY, ...headers }, body });
	const bytes = Buffer.from(await res.body.arrayBuffer());
	return { status: res.statusCode, headers: res.headers, bytes };
}

const OLD_MODEL = { 'pr-ai-background-model-version': '2' };

describe('Photoroom fake: AI edits it accepts', () => {
	it.each([
		[
			'a prompt, a seed and the Studio model',
			{ 'background.prompt': 'beach', 'background.seed': '12' },
			{ 'pr-ai-background-model-version': 'background-studio-beta-2025-03-17' },
		],
		[
			'a negative prompt with model 2',
			{ 'background.prompt': 'beach', 'background.negativePrompt': 'red' },
			OLD_MODEL,
		],
		[
			'a guidance image URL and its scale',
			{ 'background.guidance.imageUrl': URL_IN, 'background.guidance.scale': '0.6' },
			{},
		],
		[
			'expand from a static background',
			{ 'background.imageUrl': URL_IN, 'expand.mode': 'ai.auto', 'expand.seed': '1' },
			{},
		],
		[
			'expand with removeBackground=false',
			{ removeBackground: 'false', 'expand.mode': 'ai.auto' },
			{},
		],
		[
			'relight, text removal, uncrop and beautify together',
			{
				'lighting.mode': 'ai.auto',
				'textRemoval.mode': 'ai.natural',
				'uncrop.mode': 'ai.auto',
				'beautify.mode': 'ai.auto',
				'beautify.seed': '4',
			},
			{},
		],
		[
			'a virtual model with presets',
			{
				'virtualModel.mode': 'ai.auto',
				'virtualModel.model.preset.name': 'emma',
				'virtualModel.scene.preset.name': 'cafe',
				'virtualModel.pose': 'seated',
				'virtualModel.quality': 'premium',
			},
			{},
		],
	])('%s (GET)', async (_label, params, headers) => {
		const res = await send(fake(), 'GET', params, headers);
		expect([res.status, res.bytes.subarray(0, 200).toString('utf8')]).toEqual([
			200,
			expect.any(String),
		]);
		expect(fake().state.calls.at(-1)).toMatchObject({ status: 200, cost: 5 });
	});

	it('a guidance image file by POST', async () => {
		const res = await send(
			fake(),
			'POST',
			{ 'background.guidance.scale': '0.9', 'background.seed': '3' },
			{},
			{
				imageFile: makePng(40, 30),
				'background.guidance.imageFile': makePng(20, 20),
			},
		);
		expect(res.status).toBe(200);
	});

	it('upscale gives 4 times the input (first shrunk to the model’s pixels when allowed)', async () => {
		const fast = await send(
			fake(),
			'POST',
			{ 'upscale.mode': 'ai.fast' },
			{},
			{ imageFile: makePng(40, 30) },
		);
		expect(imageSize(fast.bytes)).toEqual({ width: 160, height: 120 });
		const slow = await send(
			fake(),
			'POST',
			{ 'upscale.mode': 'ai.slow', 'upscale.downscaleIfNeeded': 'always' },
			{},
			{ imageFile: makePng(1024, 512) },
		);
		const size = imageSize(slow.bytes)!;
		expect(size.width * size.height).toBeLessThanOrEqual(262_144 * 16);
		expect(size.width / size.height).toBeCloseTo(2, 1);
	});

	it('a generated shot has its size, whatever the input', async () => {
		const res = await send(
			fake(),
			'POST',
			{ 'flatLay.mode': 'ai.auto', 'flatLay.size': 'LANDSCAPE_HD_16_9' },
			{},
			{ imageFile: makePng(40, 30) },
		);
		expect(imageSize(res.bytes)).toEqual({ width: 1344, height: 768 });
	});

	it('reports the AI background seed it used and the texts it found', async () => {
		const res = await send(fake(), 'GET', {
			'background.prompt': 'beach',
			'background.seed': '77',
			'textRemoval.mode': 'ai.all',
		});
		expect(res.headers['pr-ai-background-seed']).toBe('77');
		expect(Number(res.headers['pr-texts-detected'])).toBeGreaterThanOrEqual(0);
	});
});

describe('Photoroom fake: AI edits it refuses (400, nothing charged)', () => {
	it.each([
		[
			'a negative prompt without model 2',
			{ 'background.prompt': 'beach', 'background.negativePrompt': 'red' },
			{},
			/^background.negativePrompt only works with the header pr-ai-background-model-version: 2$/,
		],
		[
			'a guidance scale with model 2',
			{ 'background.guidance.imageUrl': URL_IN, 'background.guidance.scale': '0.5' },
			OLD_MODEL,
			/^background.guidance.scale does not work with/,
		],
		[
			'a guidance scale without a guidance image',
			{ 'background.prompt': 'beach', 'background.guidance.scale': '0.5' },
			{},
			/^background.guidance.scale can only be provided with background.guidance.imageUrl/,
		],
		[
			'a guidance scale above 1',
			{ 'background.guidance.imageUrl': URL_IN, 'background.guidance.scale': '1.1' },
			{},
			/at most 1/,
		],
		[
			'a seed without a prompt or guidance',
			{ 'background.seed': '5' },
			{},
			/^background.seed can only be provided with background.prompt/,
		],
		[
			'a fractional seed',
			{ 'background.prompt': 'beach', 'background.seed': '1.5' },
			{},
			/positive integer/,
		],
		[
			'a negative seed',
			{ 'background.prompt': 'beach', 'background.seed': '-2' },
			{},
			/positive integer/,
		],
		[
			'a prompt with a static background',
			{ 'background.prompt': 'beach', 'background.imageUrl': URL_IN },
			{},
			/cannot be provided together/,
		],
		[
			'a guidance image with removeBackground=false',
			{ removeBackground: 'false', 'background.guidance.imageUrl': URL_IN },
			{},
			/can't be provided if removeBackground is set to false/,
		],
		[
			'an unknown background model',
			{ 'background.prompt': 'beach' },
			{ 'pr-ai-background-model-version': '4' },
			/pr-ai-background-model-version must be one of/,
		],
		[
			'expand with nothing to fill from',
			{ 'expand.mode': 'ai.auto' },
			{},
			/^expand.mode needs removeBackground=false/,
		],
		[
			'an expand seed without expand',
			{ 'expand.seed': '1' },
			{},
			/^expand.seed can only be provided with expand.mode$/,
		],
		[
			'an uncrop seed without uncrop',
			{ 'uncrop.seed': '1' },
			{},
			/^uncrop.seed can only be provided with uncrop.mode$/,
		],
		[
			'downscaling without upscale',
			{ 'upscale.downscaleIfNeeded': 'always' },
			{},
			/^upscale.downscaleIfNeeded can only be provided with upscale.mode$/,
		],
		[
			'a beautify seed without beautify',
			{ 'beautify.seed': '1' },
			{},
			/^beautify.seed can only be provided with beautify.mode$/,
		],
		[
			'the subject check on ai.auto',
			{ 'beautify.mode': 'ai.auto', 'beautify.onSubjectMismatch': 'error' },
			{},
			/not supported for beautify.mode ai.auto/,
		],
		[
			'relight in an unknown mode',
			{ 'lighting.mode': 'ai.studio' },
			{},
			/^lighting.mode must be one of/,
		],
		[
			'text removal in an unknown mode',
			{ 'textRemoval.mode': 'ai.some' },
			{},
			/^textRemoval.mode must be one of/,
		],
		[
			'upscale in an unknown mode',
			{ 'upscale.mode': 'ai.turbo' },
			{},
			/^upscale.mode must be one of/,
		],
		[
			'uncrop in a mode other than ai.auto',
			{ 'uncrop.mode': 'ai.manual' },
			{},
			/^uncrop.mode must be one of ai.auto$/,
		],
		[
			'two generated shots',
			{ 'flatLay.mode': 'ai.auto', 'ghostMannequin.mode': 'ai.auto' },
			{},
			/^flatLay.mode and ghostMannequin.mode cannot be provided together$/,
		],
		[
			'a flat lay size without a flat lay',
			{ 'flatLay.size': 'SQUARE_HD' },
			{},
			/^flatLay.size can only be provided with flatLay.mode$/,
		],
		[
			'a virtual model pose without a virtual model',
			{ 'virtualModel.pose': 'seated' },
			{},
			/^virtualModel.pose can only be provided with virtualModel.mode$/,
		],
		[
			'a preset and a custom person',
			{
				'virtualModel.mode': 'ai.auto',
				'virtualModel.model.preset.name': 'emma',
				'virtualModel.model.custom.imageUrl': URL_IN,
			},
			{},
			/either preset or custom/,
		],
		[
			'an unknown person',
			{ 'virtualModel.mode': 'ai.auto', 'virtualModel.model.preset.name': 'bob' },
			{},
			/must be one of avery/,
		],
		[
			'a ghost mannequin size outside the list',
			{ 'ghostMannequin.mode': 'ai.auto', 'ghostMannequin.size': 'SQUARE' },
			{},
			/must be one of PORTRAIT_HD_16_9/,
		],
	])('%s', async (_label, params, headers, message) => {
		const res = await send(fake(), 'GET', params, headers);
		expect(res.status).toBe(400);
		const body = JSON.parse(res.bytes.toString('utf8')) as { error: { message: string } };
		expect(Object.keys(body)).toEqual(['error']);
		expect(body.error.message).toMatch(message);
		expect(fake().state.images.available).toBe(100_000);
		expect(fake().state.calls.at(-1)).toMatchObject({ status: 400, cost: 0 });
	});
});
