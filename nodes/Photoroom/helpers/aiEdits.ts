/**
 * Photoroom's AI edits in Image → Edit (`/v2/edit`), as its OpenAPI document (2026-06-22) and the
 * feature pages name them: AI backgrounds (`background.prompt`, a static `background.imageUrl` /
 * `imageFile`, a guidance image, `background.guidance.scale`, `background.seed`, the model header
 * `pr-ai-background-model-version`), the AI Shadows model `2026-04-15` (header
 * `pr-ai-shadows-model-version`, its modes and overrides), relight (`lighting.mode`), upscale
 * (`upscale.mode`), text removal (`textRemoval.mode`), beautify, expand, uncrop, and the generated
 * product shots (`flatLay.*`, `ghostMannequin.*`, `virtualModel.*`).
 *
 * Each UI field is named after Photoroom's parameter without its dots (`background.guidance.scale`
 * → `backgroundGuidanceScale`); what is sent is Photoroom's name. Values are checked here against
 * the document's ranges; the rules between parameters are in editRules.ts.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { inputError } from '../../shared/errors';
import { headerValue } from '../../shared/http';
import type { CheckedImage } from '../../shared/input';
import { checkInputImage } from '../../shared/input';
import type { ItemParameters } from '../../shared/parameters';
import { INPUT_FORMATS, MAX_EDIT_BYTES } from './images';

const AI_BACKGROUND_MODELS = ['3', 'background-studio-beta-2025-03-17', '2'] as const;
/** The AI Shadows model whose modes are `ai.preset-*` and `ai.auto-with-overrides`. */
export const NEW_SHADOW_MODEL = '2026-04-15';
const LEGACY_SHADOWS = ['ai.soft', 'ai.hard', 'ai.floating'] as const;
const NEW_SHADOWS = ['ai.preset-soft', 'ai.preset-hard', 'ai.auto-with-overrides'] as const;
export const SHADOW_MODES = [...LEGACY_SHADOWS, ...NEW_SHADOWS] as const;
const LIGHTING = ['ai.auto', 'ai.preserve-hue-and-saturation', 'ai.optimize-portrait'] as const;
const UPSCALE = ['ai.fast', 'ai.slow'] as const;
const DOWNSCALE = ['never', 'always', 'skipUpscaleIfNotNeeded'] as const;
const TEXT_REMOVAL = ['ai.artificial', 'ai.natural', 'ai.all'] as const;
const BEAUTIFY = ['ai.auto', 'ai.food', 'ai.car'] as const;
const SUBJECT_MISMATCH = ['ignore', 'error'] as const;
const AI_AUTO = ['ai.auto'] as const;
export const GENERATORS = ['flatLay', 'ghostMannequin', 'virtualModel'] as const;
const HD_SIZES = [
	'PORTRAIT_HD_16_9',
	'PORTRAIT_HD_4_3',
	'PORTRAIT_HD_3_2',
	'SQUARE_HD',
	'LANDSCAPE_HD_3_2',
	'LANDSCAPE_HD_4_3',
	'LANDSCAPE_HD_16_9',
] as const;
const POSES = [
	'random',
	'standing',
	'34turn',
	'powerstance',
	'walkingforward',
	'handinpocket',
	'crossedarms',
	'back',
	'overtheshoulder',
	'seated',
	'adjustingclothing',
	'playfulspin',
] as const;
const QUALITIES = ['standard', 'advanced', 'premium'] as const;
const PEOPLE =
	'avery sam taylor kendall jordan casey alex maya reece lena julia jackson sophia emma ava zoe fiona'.split(
		' ',
	);
const SCENES =
	'random street bedroom sunset factory studio coloredstudio concretestudio beach tropical library forest businessdistrict countryside flowers goldenlight mountain pool latincity cafe asiancity nightlights desert'.split(
		' ',
	);
/** Upscale's input limits with the default model (pixels), per the document. */
export const UPSCALE_MAX_PIXELS: Record<(typeof UPSCALE)[number], number> = {
	'ai.fast': 1_000_000,
	'ai.slow': 262_144,
};
/** Photoroom's overrides that take degrees or a named preset. */
const DEGREE_OVERRIDES = {
	directionOverride: {
		presets: [
			'behind',
			'behindLeft',
			'left',
			'frontLeft',
			'front',
			'frontRight',
			'right',
			'behindRight',
		],
		max: 360,
	},
	spreadOverride: { presets: ['short', 'medium', 'long'], max: 90 },
	subjectPoseOverride: { presets: ['flatlay', 'upright'], max: 90 },
} as const;
const MAX_SEED = Number.MAX_SAFE_INTEGER;

/** The user's name of each parameter this file sends (errors name the field the user sees). */
export const FIELDS: Record<string, string> = {
	'background.prompt': 'Background Prompt',
	'background.imageUrl': 'Background Image URL',
	'background.imageFile': 'Background Image',
	'background.guidance.imageUrl': 'Background Guidance Image URL',
	'background.guidance.imageFile': 'Background Guidance Image',
	'background.guidance.scale': 'Background Guidance Scale',
	'background.negativePrompt': 'Background Negative Prompt',
	'background.seed': 'Background Seed',
	'pr-ai-background-model-version': 'AI Background Model',
	'beautify.mode': 'Beautify',
	'beautify.onSubjectMismatch': 'Beautify On Subject Mismatch',
	'beautify.seed': 'Beautify Seed',
	'expand.mode': 'Expand',
	'expand.seed': 'Expand Seed',
	'lighting.mode': 'Lighting',
	'textRemoval.mode': 'Text Removal',
	'uncrop.mode': 'Uncrop',
	'uncrop.seed': 'Uncrop Seed',
	'upscale.mode': 'Upscale',
	'upscale.downscaleIfNeeded': 'Upscale Downscale If Needed',
	'shadow.mode': 'Shadow',
	'shadow.directionOverride': 'Shadow Direction Override',
	'shadow.intensityOverride': 'Shadow Intensity Override',
	'shadow.softnessOverride': 'Shadow Softness Override',
	'shadow.spreadOverride': 'Shadow Spread Override',
	'shadow.subjectPoseOverride': 'Shadow Subject Pose Override',
	removeBackground: 'Remove Background',
};

const titled = (values: readonly string[]) =>
	values.map((value) => ({ name: value.charAt(0).toUpperCase() + value.slice(1), value }));
const seedField = (displayName: string, name: string, what: string): INodeProperties => ({
	displayName,
	name,
	type: 'number',
	typeOptions: { minValue: 0, numberPrecision: 0 },
	default: 0,
	description: `A whole number ≥ 0: the same seed gives similar ${what} again`,
});

// ---------------------------------------------------------------- shadow (in Edit Options)

const showWithOverrides = { show: { shadow: ['ai.auto-with-overrides'] } };

/**
 * Shadow and the 2026-04-15 model's overrides, for Edit Options (sorted with its other options).
 * The model header is not a field: the mode says which model it needs.
 */
export const shadowOptions: INodeProperties[] = [
	{
		displayName: 'Shadow',
		name: 'shadow',
		type: 'options',
		options: [
			{
				name: 'Auto With Overrides (AI, 2026-04-15 Model)',
				value: 'ai.auto-with-overrides',
				description: 'The most natural shadow for the image, adjusted by the overrides below',
			},
			{ name: 'Floating (AI)', value: 'ai.floating' },
			{ name: 'Hard (AI)', value: 'ai.hard' },
			{
				name: 'Preset Hard (AI, 2026-04-15 Model)',
				value: 'ai.preset-hard',
				description: 'Photoroom’s new AI Shadows model (a preview feature)',
			},
			{
				name: 'Preset Soft (AI, 2026-04-15 Model)',
				value: 'ai.preset-soft',
				description: 'Photoroom’s new AI Shadows model (a preview feature)',
			},
			{ name: 'Soft (AI)', value: 'ai.soft' },
		],
		default: 'ai.soft',
		description:
			'An AI shadow under the subject (not for marketplace main images, which want none). The 2026-04-15 modes send the header pr-ai-shadows-model-version: 2026-04-15.',
	},
	{
		displayName: 'Shadow Direction Override',
		name: 'shadowDirectionOverride',
		type: 'string',
		default: 'front',
		placeholder: 'front, behindLeft or 135',
		description:
			'Degrees (0 behind the subject, 90 left, 180 front, 270 right) or behind, behindLeft, left, frontLeft, front, frontRight, right, behindRight',
		displayOptions: showWithOverrides,
	},
	{
		displayName: 'Shadow Intensity Override',
		name: 'shadowIntensityOverride',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
		default: 0.5,
		description: '0 a very faint shadow, 1 a very dark one',
		displayOptions: showWithOverrides,
	},
	{
		displayName: 'Shadow Softness Override',
		name: 'shadowSoftnessOverride',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
		default: 0.5,
		description: '0 a very hard shadow, 1 a very soft one',
		displayOptions: showWithOverrides,
	},
	{
		displayName: 'Shadow Spread Override',
		name: 'shadowSpreadOverride',
		type: 'string',
		default: 'medium',
		placeholder: 'short, medium, long or 0–90',
		description:
			'Degrees from 0 (very short) to 90 (very long), or short (10), medium (45), long (90)',
		displayOptions: showWithOverrides,
	},
	{
		displayName: 'Shadow Subject Pose Override',
		name: 'shadowSubjectPoseOverride',
		type: 'string',
		default: 'upright',
		placeholder: 'flatlay, upright or 0–90',
		description: 'Degrees from 0 (lying flat) to 90 (upright), or flatlay (0), upright (90)',
		displayOptions: showWithOverrides,
	},
];

// ---------------------------------------------------------------- AI Edits collection

/** Image → Edit's AI Edits: shown only without a Marketplace Image preset (they can alter the product). */
export const aiEditsField: INodeProperties = {
	displayName: 'AI Edits',
	name: 'aiEdits',
	type: 'collection',
	placeholder: 'Add AI edit',
	default: {},
	description:
		'Photoroom’s generative edits. Most can alter the product (Photoroom’s FAQ): not offered with a Marketplace Image preset.',
	displayOptions: { show: { marketplace: ['none'] } },
	options: [
		{
			displayName: 'AI Background Model',
			name: 'aiBackgroundModelVersion',
			type: 'options',
			options: [
				{ name: 'Version 3', value: '3', description: 'Photoroom’s current default' },
				{
					name: 'Studio (Beta 2025-03-17)',
					value: 'background-studio-beta-2025-03-17',
					description: 'Slower, more photorealistic',
				},
				{
					name: 'Version 2 (Legacy)',
					value: '2',
					description: 'The only one that takes a negative prompt',
				},
			],
			default: '3',
			description: 'Sent as the header pr-ai-background-model-version',
		},
		{
			displayName: 'Background Guidance Image',
			name: 'backgroundGuidanceImageFile',
			type: 'string',
			default: 'guidance',
			placeholder: 'e.g. guidance',
			description:
				'The input item’s binary field with an image the generated background should look like (PNG, JPG or WEBP, at most 30 MB)',
			displayOptions: { show: { '/inputType': ['binary'] } },
		},
		{
			displayName: 'Background Guidance Image URL',
			name: 'backgroundGuidanceImageUrl',
			type: 'string',
			default: '',
			placeholder: 'https://example.com/mood.jpg',
			description: 'An image the generated background should look like (at most 30 MB)',
			displayOptions: { show: { '/inputType': ['url'] } },
		},
		{
			displayName: 'Background Guidance Scale',
			name: 'backgroundGuidanceScale',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
			default: 0.6,
			description:
				'How closely the background follows the guidance image: 0 ignores it, 1 matches it as much as possible (not with the Version 2 model)',
		},
		{
			displayName: 'Background Image',
			name: 'backgroundImageFile',
			type: 'string',
			default: 'background',
			placeholder: 'e.g. background',
			description:
				'The input item’s binary field with a picture to put behind the subject (PNG, JPG or WEBP, at most 30 MB); not with a Background Prompt',
			displayOptions: { show: { '/inputType': ['binary'] } },
		},
		{
			displayName: 'Background Image URL',
			name: 'backgroundImageUrl',
			type: 'string',
			default: '',
			placeholder: 'https://example.com/backdrop.jpg',
			description:
				'A picture to put behind the subject (at most 30 MB); not with a Background Prompt',
			displayOptions: { show: { '/inputType': ['url'] } },
		},
		{
			displayName: 'Background Negative Prompt',
			name: 'backgroundNegativePrompt',
			type: 'string',
			default: '',
			placeholder: 'a red background',
			description:
				'What the generated background should avoid (only with AI Background Model Version 2)',
		},
		{
			displayName: 'Background Prompt',
			name: 'backgroundPrompt',
			type: 'string',
			default: '',
			placeholder: 'on a marble kitchen counter, soft morning light',
			description: 'An AI background generated from this text (AI Backgrounds)',
		},
		seedField('Background Seed', 'backgroundSeed', 'backgrounds for the same prompt'),
		{
			displayName: 'Beautify',
			name: 'beautifyMode',
			type: 'options',
			options: [
				{ name: 'Product (AI)', value: 'ai.auto', description: 'A packshot look' },
				{ name: 'Food (AI)', value: 'ai.food', description: 'E.g. places the subject on a plate.' },
				{ name: 'Car (AI)', value: 'ai.car', description: 'E.g. removes reflections.' },
			],
			default: 'ai.auto',
			description: 'Improves lighting, background and look; does not keep the original background',
		},
		{
			displayName: 'Beautify On Subject Mismatch',
			name: 'beautifyOnSubjectMismatch',
			type: 'options',
			options: [
				{ name: 'Ignore', value: 'ignore', description: 'Beautify whatever the image shows' },
				{
					name: 'Error',
					value: 'error',
					description: 'Photoroom refuses an image that is not food (only with Beautify: Food)',
				},
			],
			default: 'ignore',
		},
		seedField('Beautify Seed', 'beautifySeed', 'results for the same subject'),
		{
			displayName: 'Expand',
			name: 'expandMode',
			type: 'options',
			options: [{ name: 'Auto (AI)', value: 'ai.auto' }],
			default: 'ai.auto',
			description:
				'Fills the transparent pixels from the background: needs Remove Background off or a Background Image',
		},
		seedField('Expand Seed', 'expandSeed', 'fills'),
		{
			displayName: 'Generate',
			name: 'generate',
			type: 'options',
			options: [
				{ name: 'Flat Lay (AI)', value: 'flatLay', description: 'The garment laid flat' },
				{
					name: 'Ghost Mannequin (AI)',
					value: 'ghostMannequin',
					description: 'The garment worn by an invisible mannequin',
				},
				{
					name: 'Virtual Model (AI)',
					value: 'virtualModel',
					description: 'The garment worn by a person',
				},
			],
			default: 'flatLay',
			description: 'A new product shot generated from the garment in the image',
		},
		{
			displayName: 'Generate Prompt',
			name: 'generatePrompt',
			type: 'string',
			default: '',
			placeholder: 'a clean studio look',
			description: 'Optional text guiding the generated shot’s style',
			displayOptions: { show: { generate: [...GENERATORS] } },
		},
		{
			displayName: 'Generate Size',
			name: 'generateSize',
			type: 'options',
			options: HD_SIZES.map((value) => ({ name: value, value })),
			default: 'SQUARE_HD',
			description:
				'The generated shot’s size (Photoroom’s default: Square HD; Portrait HD 3:2 for a virtual model)',
			displayOptions: { show: { generate: [...GENERATORS] } },
		},
		{
			displayName: 'Lighting',
			name: 'lightingMode',
			type: 'options',
			options: [
				{ name: 'Auto (AI Relight)', value: 'ai.auto' },
				{
					name: 'Preserve Hue and Saturation (AI Relight)',
					value: 'ai.preserve-hue-and-saturation',
				},
				{ name: 'Optimize Portrait (AI Relight)', value: 'ai.optimize-portrait' },
			],
			default: 'ai.auto',
			description: 'Relights the subject (can alter colours)',
		},
		{
			displayName: 'Text Removal',
			name: 'textRemovalMode',
			type: 'options',
			options: [
				{
					name: 'Artificial Text (AI)',
					value: 'ai.artificial',
					description: 'Watermarks, logos, prices added afterwards',
				},
				{
					name: 'Natural Text (AI)',
					value: 'ai.natural',
					description: 'Text in the scene: signs, clothing',
				},
				{ name: 'All Text (AI)', value: 'ai.all' },
			],
			default: 'ai.artificial',
			description: 'Removes text from the image; the JSON reports textsDetected',
		},
		{
			displayName: 'Uncrop',
			name: 'uncropMode',
			type: 'options',
			options: [{ name: 'Auto (AI)', value: 'ai.auto' }],
			default: 'ai.auto',
			description: 'Completes a subject cut off by the photo’s edge',
		},
		seedField('Uncrop Seed', 'uncropSeed', 'results'),
		{
			displayName: 'Upscale',
			name: 'upscaleMode',
			type: 'options',
			options: [
				{ name: 'Fast (AI)', value: 'ai.fast', description: 'Input at most 1,000,000 pixels' },
				{
					name: 'Slow (AI)',
					value: 'ai.slow',
					description: 'Better quality; input at most 262,144 pixels (512 × 512)',
				},
			],
			default: 'ai.fast',
			description: 'Enlarges the image up to 4 times (a Photoroom preview feature)',
		},
		{
			displayName: 'Upscale Downscale If Needed',
			name: 'upscaleDownscaleIfNeeded',
			type: 'options',
			options: [
				{ name: 'Never', value: 'never', description: 'A larger input is an error' },
				{
					name: 'Always',
					value: 'always',
					description: 'Shrink a larger input to the limit first',
				},
				{
					name: 'Skip Upscale If Not Needed',
					value: 'skipUpscaleIfNotNeeded',
					description: 'Shrink only when 4× still reaches the original size',
				},
			],
			default: 'never',
		},
		{
			displayName: 'Virtual Model Person',
			name: 'virtualModelModel',
			type: 'options',
			options: titled(PEOPLE),
			default: 'avery',
			description: 'Photoroom’s preset person (sent as virtualModel.model.preset.name)',
			displayOptions: { show: { generate: ['virtualModel'] } },
		},
		{
			displayName: 'Virtual Model Pose',
			name: 'virtualModelPose',
			type: 'options',
			options: titled(POSES),
			default: 'random',
			displayOptions: { show: { generate: ['virtualModel'] } },
		},
		{
			displayName: 'Virtual Model Quality',
			name: 'virtualModelQuality',
			type: 'options',
			options: [
				{ name: 'Standard (~1K)', value: 'standard' },
				{ name: 'Advanced (~2K)', value: 'advanced' },
				{ name: 'Premium (~4K)', value: 'premium' },
			],
			default: 'standard',
			displayOptions: { show: { generate: ['virtualModel'] } },
		},
		{
			displayName: 'Virtual Model Scene',
			name: 'virtualModelScene',
			type: 'options',
			options: titled(SCENES),
			default: 'random',
			description: 'Photoroom’s preset scene (sent as virtualModel.scene.preset.name)',
			displayOptions: { show: { generate: ['virtualModel'] } },
		},
	],
};

// ---------------------------------------------------------------- reading

/** What the AI edits add to a request: parameters, Photoroom's headers, extra image files. */
export interface AiEditRequest {
	parameters: Record<string, string>;
	headers: Record<string, string>;
	files: Array<{ field: string; image: CheckedImage }>;
}

/** A number, or one of the override's named presets, as Photoroom takes them. */
function degrees(read: ItemParameters, name: keyof typeof DEGREE_OVERRIDES): string | undefined {
	const field = FIELDS[`shadow.${name}`];
	const text = read.optionalText(
		`editOptions.shadow${name.charAt(0).toUpperCase()}${name.slice(1)}`,
		field,
	);
	if (text === undefined) return undefined;
	const { presets, max } = DEGREE_OVERRIDES[name];
	if ((presets as readonly string[]).includes(text)) return text;
	const value = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
	if (value >= 0 && value <= max) return text;
	throw inputError(
		read.node,
		read.itemIndex,
		field,
		`must be degrees from 0 to ${max} or one of ${presets.join(', ')}, got ${JSON.stringify(text)}`,
	);
}

/** Edit Options' Shadow and its overrides; the new model's modes bring the model header. */
export function readShadow(read: ItemParameters): Omit<AiEditRequest, 'files'> {
	const parameters: Record<string, string> = {};
	const headers: Record<string, string> = {};
	const mode = read.optionalOption('editOptions.shadow', FIELDS['shadow.mode'], SHADOW_MODES);
	if (mode === undefined) return { parameters, headers };
	parameters['shadow.mode'] = mode;
	if ((NEW_SHADOWS as readonly string[]).includes(mode))
		headers['pr-ai-shadows-model-version'] = NEW_SHADOW_MODEL;
	for (const name of ['softnessOverride', 'intensityOverride'] as const) {
		const key = `shadow${name.charAt(0).toUpperCase()}${name.slice(1)}`;
		if (read.has(`editOptions.${key}`))
			parameters[`shadow.${name}`] = String(
				read.number(`editOptions.${key}`, FIELDS[`shadow.${name}`], 0, 1),
			);
	}
	for (const name of Object.keys(DEGREE_OVERRIDES) as Array<keyof typeof DEGREE_OVERRIDES>) {
		const value = degrees(read, name);
		if (value !== undefined) parameters[`shadow.${name}`] = value;
	}
	return { parameters, headers };
}

/**
 * Whether the result is a new picture rather than the photo's subject on a plain background: a
 * generated or static background, or a generated shot (the file is then named "edited").
 */
export function makesNewPicture(names: string[]): boolean {
	return names.some(
		(name) =>
			/^(background\.(prompt|image(Url|File)|guidance\.image(Url|File))|(beautify|expand|uncrop)\.mode)$/.test(
				name,
			) || GENERATORS.some((generator) => name === `${generator}.mode`),
	);
}

/** A required text once its option was added: an empty one is an error, not a silent omission. */
function addedText(read: ItemParameters, name: string, field: string): string | undefined {
	return read.has(name) ? read.text(name, field) : undefined;
}

/** AI Edits, read and range-checked (binary images checked like the main one); no cross-rules here. */
export async function readAiEdits(
	ctx: IExecuteFunctions,
	read: ItemParameters,
): Promise<AiEditRequest> {
	const parameters: Record<string, string> = {};
	const headers: Record<string, string> = {};
	const files: AiEditRequest['files'] = [];
	read.collection('aiEdits', 'AI Edits');
	const set = (name: string, value: string | number | undefined) => {
		if (value !== undefined) parameters[name] = String(value);
	};
	const at = (name: string) => `aiEdits.${name}`;
	const seed = (name: string, photoroom: string) =>
		set(photoroom, read.optionalInteger(at(name), FIELDS[photoroom], 0, MAX_SEED));
	const option = <T extends string>(
		name: string,
		photoroom: string,
		allowed: readonly T[],
		field = FIELDS[photoroom],
	) => set(photoroom, read.optionalOption(at(name), field, allowed));
	const image = async (name: string, photoroom: string) => {
		const property = addedText(read, at(name), FIELDS[photoroom]);
		if (property === undefined) return;
		files.push({
			field: photoroom,
			image: await checkInputImage(ctx, read.itemIndex, property, {
				allowed: INPUT_FORMATS.edit,
				maxBytes: MAX_EDIT_BYTES,
				field: FIELDS[photoroom],
			}),
		});
	};

	const model = read.optionalOption(
		at('aiBackgroundModelVersion'),
		FIELDS['pr-ai-background-model-version'],
		AI_BACKGROUND_MODELS,
	);
	if (model !== undefined) headers['pr-ai-background-model-version'] = model;
	set('background.prompt', addedText(read, at('backgroundPrompt'), FIELDS['background.prompt']));
	if (read.has(at('backgroundImageUrl')))
		set('background.imageUrl', read.url(at('backgroundImageUrl'), FIELDS['background.imageUrl']));
	await image('backgroundImageFile', 'background.imageFile');
	if (read.has(at('backgroundGuidanceImageUrl')))
		set(
			'background.guidance.imageUrl',
			read.url(at('backgroundGuidanceImageUrl'), FIELDS['background.guidance.imageUrl']),
		);
	await image('backgroundGuidanceImageFile', 'background.guidance.imageFile');
	if (read.has(at('backgroundGuidanceScale')))
		set(
			'background.guidance.scale',
			read.number(at('backgroundGuidanceScale'), FIELDS['background.guidance.scale'], 0, 1),
		);
	set(
		'background.negativePrompt',
		addedText(read, at('backgroundNegativePrompt'), FIELDS['background.negativePrompt']),
	);
	seed('backgroundSeed', 'background.seed');

	option('lightingMode', 'lighting.mode', LIGHTING);
	option('upscaleMode', 'upscale.mode', UPSCALE);
	option('upscaleDownscaleIfNeeded', 'upscale.downscaleIfNeeded', DOWNSCALE);
	option('textRemovalMode', 'textRemoval.mode', TEXT_REMOVAL);
	option('beautifyMode', 'beautify.mode', BEAUTIFY);
	option('beautifyOnSubjectMismatch', 'beautify.onSubjectMismatch', SUBJECT_MISMATCH);
	seed('beautifySeed', 'beautify.seed');
	option('expandMode', 'expand.mode', AI_AUTO);
	seed('expandSeed', 'expand.seed');
	option('uncropMode', 'uncrop.mode', AI_AUTO);
	seed('uncropSeed', 'uncrop.seed');

	// Generated shots: the fields below Generate are shown (so read) only with it.
	const generator = read.optionalOption(at('generate'), 'Generate', GENERATORS);
	if (generator !== undefined) {
		set(`${generator}.mode`, 'ai.auto');
		set(`${generator}.prompt`, read.optionalText(at('generatePrompt'), 'Generate Prompt'));
		option('generateSize', `${generator}.size`, HD_SIZES, 'Generate Size');
		if (generator === 'virtualModel') {
			set(
				'virtualModel.model.preset.name',
				read.optionalOption(at('virtualModelModel'), 'Virtual Model Person', PEOPLE),
			);
			set(
				'virtualModel.scene.preset.name',
				read.optionalOption(at('virtualModelScene'), 'Virtual Model Scene', SCENES),
			);
			set(
				'virtualModel.pose',
				read.optionalOption(at('virtualModelPose'), 'Virtual Model Pose', POSES),
			);
			set(
				'virtualModel.quality',
				read.optionalOption(at('virtualModelQuality'), 'Virtual Model Quality', QUALITIES),
			);
		}
	}
	return { parameters, headers, files };
}

/** What Photoroom reports about its AI work: the background's seed (to get it again), texts found. */
export function aiReplyFields(headers: IDataObject): {
	aiBackgroundSeed?: number;
	textsDetected?: number;
} {
	const number = (name: string) => {
		const text = headerValue(headers, name);
		const value = text === undefined ? NaN : Number(text);
		return Number.isFinite(value) ? value : undefined;
	};
	return {
		aiBackgroundSeed: number('pr-ai-background-seed'),
		textsDetected: number('pr-texts-detected'),
	};
}
