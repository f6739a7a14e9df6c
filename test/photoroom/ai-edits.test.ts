/**
 * Photoroom's AI edits in Image → Edit, through n8n-core's engine against the strict fake: each
 * AI Edits option and each new Shadow mode sends exactly Photoroom's documented parameter (and
 * model header), by GET with a URL and by POST with a file; every range and rule between
 * parameters is refused before the paid call (the fake records no request at all); the Marketplace
 * Image presets neither carry nor accept a feature that alters the product.
 */
import type { IDataObject } from 'n8n-workflow';

import { MARKETPLACE_PRESETS } from '../../nodes/Photoroom/helpers/marketplace';
import type { FakePhotoroom } from '../fakes/photoroom';
import { makeJpeg, makePng } from '../fakes/media';
import { imageSize } from '../fakes/photoroom-images';
import type { FixtureItem } from '../harness/n8n';
import { binaryBytes } from '../harness/n8n';
import { useProviders } from '../reliability/lib/providers';

const envs = useProviders(['photoroom']);
const env = () => envs.photoroom;
const fake = () => env().fake as FakePhotoroom;
const paid = () => fake().requests.filter(env().isPaid);
const URL_IN = 'https://cdn.example.com/catalog/dress.jpg';
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
const byUrl = () => [{ json: { sku: 'SKU-9', url: URL_IN } }];
/** An item with the product photo and, when asked, more images in other binary fields. */
function photo(extra: Record<string, Buffer> = {}, main = makePng(40, 30)): FixtureItem[] {
	const binary: NonNullable<FixtureItem['binary']> = {
		data: { data: main, fileName: 'dress.png', mimeType: 'image/png' },
	};
	for (const [property, data] of Object.entries(extra))
		binary[property] = { data, fileName: `${property}.png`, mimeType: 'image/png' };
	return [{ json: { sku: 'SKU-9' }, binary }];
}
const fieldsOf = (request: { fields: Record<string, string[]> }) =>
	Object.fromEntries(Object.entries(request.fields).map(([k, [v]]) => [k, v]));
/** Photoroom's own request headers on a recorded request. */
const prHeaders = (request: { headers: Record<string, string> }) =>
	Object.fromEntries(Object.entries(request.headers).filter(([name]) => name.startsWith('pr-')));

/** A small output keeps the fake's rendering quick (an upscaled URL image would be 3200 × 2400). */
const SMALL = { outputSize: '64x64' };
const SMALL_SENT = { removeBackground: 'true', outputSize: '64x64' };

beforeEach(() => fake().reset());

/** Each AI edit: the options set, what Photoroom receives, the model headers it needs. */
const AI_EDITS: Array<[string, IDataObject, Record<string, string>, Record<string, string>?]> = [
	[
		'an AI background from a prompt',
		{ backgroundPrompt: 'on a marble table' },
		{ 'background.prompt': 'on a marble table' },
	],
	[
		'an AI background with a seed and the Studio model',
		{
			backgroundPrompt: 'on a beach',
			backgroundSeed: 42,
			aiBackgroundModelVersion: 'background-studio-beta-2025-03-17',
		},
		{ 'background.prompt': 'on a beach', 'background.seed': '42' },
		{ 'pr-ai-background-model-version': 'background-studio-beta-2025-03-17' },
	],
	[
		'a negative prompt with the legacy model 2',
		{ backgroundPrompt: 'studio', backgroundNegativePrompt: 'red', aiBackgroundModelVersion: '2' },
		{ 'background.prompt': 'studio', 'background.negativePrompt': 'red' },
		{ 'pr-ai-background-model-version': '2' },
	],
	[
		'relight',
		{ lightingMode: 'ai.preserve-hue-and-saturation' },
		{ 'lighting.mode': 'ai.preserve-hue-and-saturation' },
	],
	['text removal', { textRemovalMode: 'ai.all' }, { 'textRemoval.mode': 'ai.all' }],
	[
		'beautify with the food check and a seed',
		{ beautifyMode: 'ai.food', beautifyOnSubjectMismatch: 'error', beautifySeed: 7 },
		{ 'beautify.mode': 'ai.food', 'beautify.onSubjectMismatch': 'error', 'beautify.seed': '7' },
	],
	[
		'uncrop with a seed',
		{ uncropMode: 'ai.auto', uncropSeed: 3 },
		{ 'uncrop.mode': 'ai.auto', 'uncrop.seed': '3' },
	],
	['upscale (fast)', { upscaleMode: 'ai.fast' }, { 'upscale.mode': 'ai.fast' }],
	[
		'upscale (slow) that may downscale first',
		{ upscaleMode: 'ai.slow', upscaleDownscaleIfNeeded: 'always' },
		{ 'upscale.mode': 'ai.slow', 'upscale.downscaleIfNeeded': 'always' },
	],
	[
		'a flat lay',
		{ generate: 'flatLay', generatePrompt: 'minimal', generateSize: 'PORTRAIT_HD_4_3' },
		{ 'flatLay.mode': 'ai.auto', 'flatLay.prompt': 'minimal', 'flatLay.size': 'PORTRAIT_HD_4_3' },
	],
	['a ghost mannequin', { generate: 'ghostMannequin' }, { 'ghostMannequin.mode': 'ai.auto' }],
	[
		'a virtual model with its person, scene, pose and quality',
		{
			generate: 'virtualModel',
			virtualModelModel: 'sophia',
			virtualModelScene: 'beach',
			virtualModelPose: '34turn',
			virtualModelQuality: 'advanced',
			generateSize: 'SQUARE_HD',
		},
		{
			'virtualModel.mode': 'ai.auto',
			'virtualModel.model.preset.name': 'sophia',
			'virtualModel.scene.preset.name': 'beach',
			'virtualModel.pose': '34turn',
			'virtualModel.quality': 'advanced',
			'virtualModel.size': 'SQUARE_HD',
		},
	],
];

describe('Photoroom AI edits: exactly what is sent', () => {
	it.each(AI_EDITS)('%s, by GET with the URL', async (_label, aiEdits, sent, headers = {}) => {
		const { items, error } = await env().run({ ...EDIT_URL, editOptions: SMALL, aiEdits }, byUrl());
		expect(error).toBeUndefined();
		expect(paid()).toHaveLength(1);
		const [request] = paid();
		expect(request.method).toBe('GET');
		expect(request.query).toEqual({ imageUrl: URL_IN, ...SMALL_SENT, ...sent });
		expect(prHeaders(request)).toEqual(headers);
		expect(fake().state.calls.at(-1)).toMatchObject({ status: 200, cost: 5 });
		expect(items[0].json).toMatchObject({ sku: 'SKU-9', status: 'done', operation: 'image.edit' });
	});

	it.each(AI_EDITS)('%s, by POST with a file', async (_label, aiEdits, sent, headers = {}) => {
		const { error } = await env().run({ ...EDIT_FILE, editOptions: SMALL, aiEdits }, photo());
		expect(error).toBeUndefined();
		const [request] = paid();
		expect(paid()).toHaveLength(1);
		expect(request.method).toBe('POST');
		expect(request.query).toEqual({});
		expect(request.files.map((file) => file.field)).toEqual(['imageFile']);
		expect(fieldsOf(request)).toEqual({ ...SMALL_SENT, ...sent });
		expect(prHeaders(request)).toEqual(headers);
	});

	it('expand and a static background image by URL, with Remove Background on', async () => {
		const backdrop = 'https://cdn.example.com/backdrops/kitchen.jpg';
		const { items, error } = await env().run(
			{
				...EDIT_URL,
				aiEdits: { backgroundImageUrl: backdrop, expandMode: 'ai.auto', expandSeed: 5 },
			},
			byUrl(),
		);
		expect(error).toBeUndefined();
		expect(paid()[0].query).toEqual({
			imageUrl: URL_IN,
			removeBackground: 'true',
			'background.imageUrl': backdrop,
			'expand.mode': 'ai.auto',
			'expand.seed': '5',
		});
		expect(items[0].binary!.data.fileName).toBe('dress-edited.png');
	});

	it('expand with Remove Background off fills from the photo itself', async () => {
		const { error } = await env().run(
			{ ...EDIT_FILE, removeBackground: false, aiEdits: { expandMode: 'ai.auto' } },
			photo(),
		);
		expect(error).toBeUndefined();
		expect(fieldsOf(paid()[0])).toEqual({ removeBackground: 'false', 'expand.mode': 'ai.auto' });
	});

	it('a guidance image and a background image from the item’s binary fields go as POST files', async () => {
		const { error } = await env().run(
			{
				...EDIT_FILE,
				aiEdits: {
					backgroundGuidanceImageFile: 'mood',
					backgroundGuidanceScale: 0.8,
					backgroundSeed: 11,
				},
			},
			photo({ mood: makeJpeg() }),
		);
		expect(error).toBeUndefined();
		const [request] = paid();
		expect(request.files.map((file) => file.field)).toEqual([
			'imageFile',
			'background.guidance.imageFile',
		]);
		expect(fieldsOf(request)).toEqual({
			removeBackground: 'true',
			'background.guidance.scale': '0.8',
			'background.seed': '11',
		});
		fake().reset();
		const backdrop = await env().run(
			{ ...EDIT_FILE, aiEdits: { backgroundImageFile: 'backdrop' } },
			photo({ backdrop: makePng(50, 50) }),
		);
		expect(backdrop.error).toBeUndefined();
		expect(paid()[0].files.map((file) => file.field)).toEqual([
			'imageFile',
			'background.imageFile',
		]);
	});

	it('a guidance image by URL with the background prompt', async () => {
		const mood = 'https://cdn.example.com/mood/summer.jpg';
		const { error } = await env().run(
			{
				...EDIT_URL,
				aiEdits: {
					backgroundPrompt: 'summer terrace',
					backgroundGuidanceImageUrl: mood,
					backgroundGuidanceScale: 0.3,
				},
			},
			byUrl(),
		);
		expect(error).toBeUndefined();
		expect(paid()[0].query).toMatchObject({
			'background.prompt': 'summer terrace',
			'background.guidance.imageUrl': mood,
			'background.guidance.scale': '0.3',
		});
	});

	it.each([
		['ai.preset-soft', {}, {}],
		['ai.preset-hard', {}, {}],
		[
			'ai.auto-with-overrides',
			{
				shadowDirectionOverride: 'frontLeft',
				shadowIntensityOverride: 0.4,
				shadowSoftnessOverride: 0.75,
				shadowSpreadOverride: '30',
				shadowSubjectPoseOverride: 'flatlay',
			},
			{
				'shadow.directionOverride': 'frontLeft',
				'shadow.intensityOverride': '0.4',
				'shadow.softnessOverride': '0.75',
				'shadow.spreadOverride': '30',
				'shadow.subjectPoseOverride': 'flatlay',
			},
		],
	])('the 2026-04-15 shadow model: %s sends its header', async (shadow, overrides, sent) => {
		const { error } = await env().run(
			{ ...EDIT_URL, editOptions: { shadow, ...overrides } },
			byUrl(),
		);
		expect(error).toBeUndefined();
		expect(paid()[0].query).toEqual({
			imageUrl: URL_IN,
			removeBackground: 'true',
			'shadow.mode': shadow,
			...sent,
		});
		expect(prHeaders(paid()[0])).toEqual({ 'pr-ai-shadows-model-version': '2026-04-15' });
	});

	it('legacy shadows send no model header, and the overrides are not read without their mode', async () => {
		const { error } = await env().run(
			{ ...EDIT_URL, editOptions: { shadow: 'ai.floating', shadowIntensityOverride: 0.4 } },
			byUrl(),
		);
		expect(error).toBeUndefined();
		expect(paid()[0].query).toEqual({
			imageUrl: URL_IN,
			removeBackground: 'true',
			'shadow.mode': 'ai.floating',
		});
		expect(prHeaders(paid()[0])).toEqual({});
	});

	it('reports the AI background seed and the texts found, and an upscaled size', async () => {
		const { items, error } = await env().run(
			{
				...EDIT_FILE,
				aiEdits: {
					backgroundPrompt: 'forest',
					backgroundSeed: 99,
					textRemovalMode: 'ai.artificial',
					upscaleMode: 'ai.fast',
				},
			},
			photo(),
		);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			aiBackgroundSeed: 99,
			textsDetected: expect.any(Number),
			width: 160,
			height: 120,
		});
		expect(imageSize(await binaryBytes(items[0].binary!.data))).toEqual({
			width: 160,
			height: 120,
		});
		expect(items[0].binary!.data.fileName).toBe('dress-edited.png');
	});
});

describe('Photoroom AI edits: refused before the paid call', () => {
	it.each([
		[
			'a background prompt with a background image',
			{ backgroundPrompt: 'beach', backgroundImageUrl: 'https://cdn.example.com/b.jpg' },
			'Background Image URL',
			/cannot be used with Background Prompt/,
		],
		[
			'an empty background prompt',
			{ backgroundPrompt: '  ' },
			'Background Prompt',
			/a value is required/,
		],
		[
			'a guidance scale above 1',
			{ backgroundGuidanceImageUrl: 'https://cdn.example.com/m.jpg', backgroundGuidanceScale: 1.5 },
			'Background Guidance Scale',
			/1/,
		],
		[
			'a guidance scale without a guidance image',
			{ backgroundPrompt: 'beach', backgroundGuidanceScale: 0.5 },
			'Background Guidance Scale',
			/only acts with Background Guidance Image URL or Background Guidance Image/,
		],
		[
			'a guidance scale with model 2',
			{
				backgroundGuidanceImageUrl: 'https://cdn.example.com/m.jpg',
				backgroundGuidanceScale: 0.5,
				aiBackgroundModelVersion: '2',
			},
			'Background Guidance Scale',
			/Version 2/,
		],
		[
			'a negative prompt without model 2',
			{ backgroundPrompt: 'beach', backgroundNegativePrompt: 'red' },
			'Background Negative Prompt',
			/only works with AI Background Model Version 2/,
		],
		[
			'a seed without a prompt',
			{ backgroundSeed: 4 },
			'Background Seed',
			/only acts with Background Prompt/,
		],
		['a negative seed', { backgroundPrompt: 'beach', backgroundSeed: -1 }, 'Background Seed', /0/],
		[
			'a fractional seed',
			{ uncropMode: 'ai.auto', uncropSeed: 1.5 },
			'Uncrop Seed',
			/whole|integer/,
		],
		[
			'a background image that is not http(s)',
			{ backgroundImageUrl: 'ftp://x/y.jpg' },
			'Background Image URL',
			/http/,
		],
		['an unknown lighting mode', { lightingMode: 'ai.studio' }, 'Lighting', /ai\.auto/],
		['an unknown upscale mode', { upscaleMode: 'ai.turbo' }, 'Upscale', /ai\.fast/],
		[
			'downscaling without upscale',
			{ upscaleDownscaleIfNeeded: 'always' },
			'Upscale Downscale If Needed',
			/only acts with Upscale/,
		],
		[
			'an unknown text removal mode',
			{ textRemovalMode: 'ai.some' },
			'Text Removal',
			/ai\.artificial/,
		],
		[
			'the subject check without Food',
			{ beautifyMode: 'ai.car', beautifyOnSubjectMismatch: 'error' },
			'Beautify On Subject Mismatch',
			/only available with Beautify: Food/,
		],
		[
			'a beautify seed without beautify',
			{ beautifySeed: 3 },
			'Beautify Seed',
			/only acts with Beautify/,
		],
		[
			'expand with Remove Background on and no background image',
			{ expandMode: 'ai.auto' },
			'Expand',
			/Remove Background off or a Background Image/,
		],
		['an expand seed without expand', { expandSeed: 1 }, 'Expand Seed', /only acts with Expand/],
		[
			'an unknown generated size',
			{ generate: 'flatLay', generateSize: 'HUGE' },
			'Generate Size',
			/SQUARE_HD/,
		],
		[
			'an unknown virtual model person',
			{ generate: 'virtualModel', virtualModelModel: 'bob' },
			'Virtual Model Person',
			/avery/,
		],
	])('%s (by URL)', async (_label, aiEdits, field, problem) => {
		const { items, error } = await env().run({ ...EDIT_URL, aiEdits }, byUrl(), {
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(items[0].json.error).toMatch(new RegExp(`^Invalid "${field}" in item 0: `));
		expect(items[0].json.error).toMatch(problem);
		expect(fake().requests).toHaveLength(0);
	});

	it.each([
		[
			'a background image with Remove Background off',
			{ backgroundImageFile: 'extra' },
			'Background Image',
			/needs Remove Background on/,
		],
		[
			'a guidance image with Remove Background off',
			{ backgroundGuidanceImageFile: 'extra' },
			'Background Guidance Image',
			/needs Remove Background on/,
		],
	])('%s (by file)', async (_label, aiEdits, field, problem) => {
		const { items } = await env().run(
			{ ...EDIT_FILE, removeBackground: false, aiEdits },
			photo({ extra: makePng(8, 8) }),
			{ continueOnFail: true },
		);
		expect(items[0].json.error).toMatch(new RegExp(`^Invalid "${field}" in item 0: `));
		expect(items[0].json.error).toMatch(problem);
		expect(fake().requests).toHaveLength(0);
	});

	it('checks an extra image like the main one: present, an image, at most 30 MB', async () => {
		const missing = await env().run(
			{ ...EDIT_FILE, aiEdits: { backgroundGuidanceImageFile: 'mood' } },
			photo(),
			{
				continueOnFail: true,
			},
		);
		expect(missing.items[0].json.error).toMatch(/^Invalid "Background Guidance Image" in item 0: /);
		const text = await env().run(
			{ ...EDIT_FILE, aiEdits: { backgroundImageFile: 'backdrop' } },
			photo({ backdrop: Buffer.from('not an image at all, just text') }),
			{ continueOnFail: true },
		);
		expect(text.items[0].json.error).toMatch(
			/^Invalid "Background Image" in item 0: .*not a supported image/,
		);
		expect(fake().requests).toHaveLength(0);
	});

	it.each([
		['ai.slow', 600, 500, undefined, true],
		['ai.slow', 512, 512, undefined, false],
		['ai.fast', 1001, 1000, 'never', true],
		['ai.fast', 1001, 1000, 'always', false],
	])(
		'upscale %s of a %i × %i PNG (downscale %s): refused before the call = %s',
		async (mode, width, height, downscale, refused) => {
			const aiEdits: IDataObject = { upscaleMode: mode };
			if (downscale) aiEdits.upscaleDownscaleIfNeeded = downscale;
			const { items } = await env().run(
				// a small output keeps the fake's rendering quick
				{ ...EDIT_FILE, aiEdits, editOptions: { outputSize: '64x64' } },
				photo({}, makePng(width, height)),
				{
					continueOnFail: true,
				},
			);
			if (refused) {
				expect(items[0].json.error).toMatch(/^Invalid "Upscale" in item 0: .*pixels/);
				expect(fake().requests).toHaveLength(0);
			} else {
				expect(items[0].json.error).toBeUndefined();
				expect(paid()).toHaveLength(1);
			}
		},
	);

	it('a bad item among good ones: only that item fails, and no paid request is made for it', async () => {
		const { items } = await env().run(
			{
				...EDIT_URL,
				aiEdits: { backgroundPrompt: '={{ $json.prompt }}', backgroundSeed: '={{ $json.seed }}' },
			},
			[
				{ json: { url: URL_IN, prompt: 'on a rock', seed: 1 } },
				{ json: { url: URL_IN, prompt: 'on a rock', seed: 'x' } },
			],
			{ continueOnFail: true },
		);
		expect(items[0].json.error).toBeUndefined();
		expect(items[1].json.error).toMatch(/^Invalid "Background Seed" in item 1: /);
		expect(paid()).toHaveLength(1);
	});
});

describe('Photoroom Marketplace Image presets stay free of product-altering features', () => {
	/** Photoroom's FAQ: these can alter the product; shadows and generated backgrounds change the image. */
	const ALTERING =
		/^(shadow|lighting|textRemoval|upscale|beautify|expand|uncrop|flatLay|ghostMannequin|virtualModel|editWithAI|describeAnyChange|ironing|outline)\.|^background\.(prompt|image|guidance|blur)|^despill$/;

	it.each(Object.entries(MARKETPLACE_PRESETS))('%s sends none of them', (_key, preset) => {
		expect(Object.keys(preset.parameters).filter((name) => ALTERING.test(name))).toEqual([]);
	});

	it.each(Object.keys(MARKETPLACE_PRESETS))(
		'with the %s preset, AI Edits are not offered, so none is sent',
		async (marketplace) => {
			const { error } = await env().run(
				{
					...EDIT_URL,
					marketplace,
					editOptions: { outputSize: '64x64' },
					aiEdits: {
						backgroundPrompt: 'beach',
						lightingMode: 'ai.auto',
						upscaleMode: 'ai.fast',
						generate: 'virtualModel',
					},
				},
				byUrl(),
			);
			expect(error).toBeUndefined();
			const sent = Object.keys(paid()[0].query);
			expect(sent.filter((name) => ALTERING.test(name))).toEqual([]);
			expect(Object.keys(prHeaders(paid()[0]))).toEqual([]);
		},
	);
});
