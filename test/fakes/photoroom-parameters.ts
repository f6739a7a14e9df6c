/**
 * The Photoroom fake's table of Image Editing v2 parameters (`/v2/edit`): each name's type, enum and
 * range as Photoroom's OpenAPI document (2026-06-22) gives them (test/photoroom/photoroom-openapi.json,
 * checked by test/fakes-photoroom.test.ts), the dynamic names (`editWithAI.additionalImages.{key}.*`,
 * `layers.{key}.*`) and the check of one value against its entry. The cross-parameter rules live in
 * photoroom.ts (photoroom.md §3.4) and photoroom-ai-rules.ts (the AI edits).
 */
import { check, ParamError } from './fake-server';
import type { Rgba } from './photoroom-images';

// ---------------------------------------------------------------- colours

// CSS named colours (CSS Color 4), name:rrggbb.
const CSS_COLOURS = new Map(
	`aliceblue:f0f8ff antiquewhite:faebd7 aqua:00ffff aquamarine:7fffd4 azure:f0ffff beige:f5f5dc bisque:ffe4c4 black:000000 blanchedalmond:ffebcd blue:0000ff blueviolet:8a2be2 brown:a52a2a burlywood:deb887 cadetblue:5f9ea0 chartreuse:7fff00 chocolate:d2691e coral:ff7f50 cornflowerblue:6495ed cornsilk:fff8dc crimson:dc143c cyan:00ffff darkblue:00008b darkcyan:008b8b darkgoldenrod:b8860b darkgray:a9a9a9 darkgreen:006400 darkgrey:a9a9a9 darkkhaki:bdb76b darkmagenta:8b008b darkolivegreen:556b2f darkorange:ff8c00 darkorchid:9932cc darkred:8b0000 darksalmon:e9967a darkseagreen:8fbc8f darkslateblue:483d8b darkslategray:2f4f4f darkslategrey:2f4f4f darkturquoise:00ced1 darkviolet:9400d3 deeppink:ff1493 deepskyblue:00bfff dimgray:696969 dimgrey:696969 dodgerblue:1e90ff firebrick:b22222 floralwhite:fffaf0 forestgreen:228b22 fuchsia:ff00ff gainsboro:dcdcdc ghostwhite:f8f8ff gold:ffd700 goldenrod:daa520 gray:808080 green:008000 greenyellow:adff2f grey:808080 honeydew:f0fff0 hotpink:ff69b4 indianred:cd5c5c indigo:4b0082 ivory:fffff0 khaki:f0e68c lavender:e6e6fa lavenderblush:fff0f5 lawngreen:7cfc00 lemonchiffon:fffacd lightblue:add8e6 lightcoral:f08080 lightcyan:e0ffff lightgoldenrodyellow:fafad2 lightgray:d3d3d3 lightgreen:90ee90 lightgrey:d3d3d3 lightpink:ffb6c1 lightsalmon:ffa07a lightseagreen:20b2aa lightskyblue:87cefa lightslategray:778899 lightslategrey:778899 lightsteelblue:b0c4de lightyellow:ffffe0 lime:00ff00 limegreen:32cd32 linen:faf0e6 magenta:ff00ff maroon:800000 mediumaquamarine:66cdaa mediumblue:0000cd mediumorchid:ba55d3 mediumpurple:9370db mediumseagreen:3cb371 mediumslateblue:7b68ee mediumspringgreen:00fa9a mediumturquoise:48d1cc mediumvioletred:c71585 midnightblue:191970 mintcream:f5fffa mistyrose:ffe4e1 moccasin:ffe4b5 navajowhite:ffdead navy:000080 oldlace:fdf5e6 olive:808000 olivedrab:6b8e23 orange:ffa500 orangered:ff4500 orchid:da70d6 palegoldenrod:eee8aa palegreen:98fb98 paleturquoise:afeeee palevioletred:db7093 papayawhip:ffefd5 peachpuff:ffdab9 peru:cd853f pink:ffc0cb plum:dda0dd powderblue:b0e0e6 purple:800080 rebeccapurple:663399 red:ff0000 rosybrown:bc8f8f royalblue:4169e1 saddlebrown:8b4513 salmon:fa8072 sandybrown:f4a460 seagreen:2e8b57 seashell:fff5ee sienna:a0522d silver:c0c0c0 skyblue:87ceeb slateblue:6a5acd slategray:708090 slategrey:708090 snow:fffafa springgreen:00ff7f steelblue:4682b4 tan:d2b48c teal:008080 thistle:d8bfd8 tomato:ff6347 turquoise:40e0d0 violet:ee82ee wheat:f5deb3 white:ffffff whitesmoke:f5f5f5 yellow:ffff00 yellowgreen:9acd32`
		.split(' ')
		.map((pair) => pair.split(':') as [string, string]),
);

function hexRgba(hex: string): Rgba {
	const channel = (i: number) => parseInt(hex.slice(i, i + 2), 16);
	return [channel(0), channel(2), channel(4), hex.length === 8 ? channel(6) : 255];
}

/** A colour as RGBA, or undefined when it is not one this API accepts. */
export function parseColour(value: string, hash: 'required' | 'optional'): Rgba | undefined {
	if (value.toLowerCase() === 'transparent') return [0, 0, 0, 0];
	const named = CSS_COLOURS.get(value.toLowerCase());
	if (named) return hexRgba(named);
	const m = (
		hash === 'required' ? /^#([0-9a-f]{6}|[0-9a-f]{8})$/i : /^#?([0-9a-f]{6}|[0-9a-f]{8})$/i
	).exec(value);
	return m ? hexRgba(m[1]) : undefined;
}

// ---------------------------------------------------------------- v2/edit parameters

export type Spec =
	| { t: 'enum'; values: readonly string[] }
	| { t: 'number'; min?: number; max?: number; exclusiveMin?: number }
	| { t: 'bool' }
	| { t: 'string'; minLength?: number }
	| { t: 'colour' }
	| { t: 'spacing' }
	| { t: 'numberOrEnum'; values: readonly string[]; min?: number; max?: number }
	| { t: 'outputSize' }
	| { t: 'uuid' }
	/** GET only: a URL. */
	| { t: 'url' }
	/** POST only: a file part. */
	| { t: 'file' };

const SIZES_HD = [
	'PORTRAIT_HD_16_9',
	'PORTRAIT_HD_4_3',
	'PORTRAIT_HD_3_2',
	'SQUARE_HD',
	'LANDSCAPE_HD_3_2',
	'LANDSCAPE_HD_4_3',
	'LANDSCAPE_HD_16_9',
] as const;
const PROMPT_SIZES = [
	'LANDSCAPE_16_9',
	'LANDSCAPE_4_3',
	'PORTRAIT_16_9',
	'PORTRAIT_4_3',
	'SQUARE_HD',
];
const MODEL_PRESETS =
	'avery sam taylor kendall jordan casey alex maya reece lena julia jackson sophia emma ava zoe fiona'.split(
		' ',
	);
const SCENE_PRESETS =
	'random street bedroom sunset factory studio coloredstudio concretestudio beach tropical library forest businessdistrict countryside flowers goldenlight mountain pool latincity cafe asiancity nightlights desert'.split(
		' ',
	);
const AI_AUTO = { t: 'enum', values: ['ai.auto'] } as const;
const NUM = { t: 'number' } as const;
const STR = { t: 'string' } as const;
const SPACING = { t: 'spacing' } as const;

export const EDIT_PARAMS: Record<string, Spec> = {
	'background.blur.mode': { t: 'enum', values: ['gaussian', 'bokeh'] },
	'background.blur.radius': { t: 'number', exclusiveMin: 0, max: 0.05 },
	'background.color': { t: 'colour' },
	'background.expandPrompt': { t: 'enum', values: ['auto', 'never'] },
	'background.expandPrompt.mode': { t: 'enum', values: ['ai.auto', 'ai.never'] },
	'background.guidance.imageFile': { t: 'file' },
	'background.guidance.imageUrl': { t: 'url' },
	'background.guidance.scale': { t: 'number', min: 0, max: 1 },
	'background.imageFile': { t: 'file' },
	'background.imageUrl': { t: 'url' },
	'background.negativePrompt': STR,
	'background.prompt': STR,
	'background.scaling': { t: 'enum', values: ['fit', 'fill'] },
	'background.seed': NUM,
	'beautify.mode': { t: 'enum', values: ['ai.auto', 'ai.food', 'ai.car'] },
	'beautify.onSubjectMismatch': { t: 'enum', values: ['ignore', 'error'] },
	'beautify.seed': NUM,
	colorSpace: { t: 'enum', values: ['original', 'sRGB'] },
	'describeAnyChange.mode': AI_AUTO,
	'describeAnyChange.prompt': { t: 'string', minLength: 1 },
	'describeAnyChange.seed': NUM,
	'editWithAI.mode': AI_AUTO,
	'editWithAI.prompt': { t: 'string', minLength: 1 },
	'editWithAI.seed': NUM,
	'expand.mode': AI_AUTO,
	'expand.seed': NUM,
	'export.dpi': { t: 'number', min: 72, max: 1200 },
	'export.format': { t: 'enum', values: ['png', 'jpeg', 'jpg', 'webp', 'avif'] },
	'flatLay.mode': AI_AUTO,
	'flatLay.prompt': STR,
	'flatLay.size': { t: 'enum', values: SIZES_HD },
	'ghostMannequin.mode': AI_AUTO,
	'ghostMannequin.prompt': STR,
	'ghostMannequin.size': { t: 'enum', values: SIZES_HD },
	horizontalAlignment: { t: 'enum', values: ['left', 'center', 'right'] },
	ignorePaddingAndSnapOnCroppedSides: { t: 'bool' },
	imageFile: { t: 'file' },
	'imageFromPrompt.prompt': { t: 'string', minLength: 1 },
	'imageFromPrompt.seed': NUM,
	'imageFromPrompt.size': { t: 'enum', values: PROMPT_SIZES },
	imageUrl: { t: 'url' },
	'ironing.mode': AI_AUTO,
	keepExistingAlphaChannel: { t: 'enum', values: ['auto', 'never'] },
	'lighting.mode': {
		t: 'enum',
		values: ['ai.auto', 'ai.preserve-hue-and-saturation', 'ai.optimize-portrait'],
	},
	margin: SPACING,
	marginBottom: SPACING,
	marginLeft: SPACING,
	marginRight: SPACING,
	marginTop: SPACING,
	maxHeight: { t: 'number', exclusiveMin: 0 },
	maxWidth: { t: 'number', exclusiveMin: 0 },
	'outline.blurRadius': { t: 'number', min: 0, max: 0.025 },
	'outline.color': { t: 'colour' },
	'outline.width': { t: 'number', min: 0, max: 0.1 },
	outputSize: { t: 'outputSize' },
	padding: SPACING,
	paddingBottom: SPACING,
	paddingLeft: SPACING,
	paddingRight: SPACING,
	paddingTop: SPACING,
	preserveMetadata: {
		t: 'enum',
		values: ['never', 'xmp', 'exifSubset', 'exifSubsetWithXmpCompatibility'],
	},
	referenceBox: { t: 'enum', values: ['subjectBox', 'originalImage'] },
	removeBackground: { t: 'bool' },
	scaling: { t: 'enum', values: ['fit', 'fill'] },
	'segmentation.mode': { t: 'enum', values: ['keepSalientObject', 'ignoreSalientObject'] },
	'segmentation.negativePrompt': STR,
	'segmentation.prompt': STR,
	'shadow.directionOverride': {
		t: 'numberOrEnum',
		values: [
			'behind',
			'behindLeft',
			'left',
			'frontLeft',
			'front',
			'frontRight',
			'right',
			'behindRight',
		],
	},
	'shadow.intensityOverride': { t: 'number', min: 0, max: 1 },
	'shadow.mode': {
		t: 'enum',
		values: [
			'ai.soft',
			'ai.hard',
			'ai.floating',
			'ai.preset-soft',
			'ai.preset-hard',
			'ai.auto-with-overrides',
		],
	},
	'shadow.softnessOverride': { t: 'number', min: 0, max: 1 },
	'shadow.spreadOverride': {
		t: 'numberOrEnum',
		values: ['short', 'medium', 'long'],
		min: 0,
		max: 90,
	},
	'shadow.subjectPoseOverride': {
		t: 'numberOrEnum',
		values: ['flatlay', 'upright'],
		min: 0,
		max: 90,
	},
	templateId: { t: 'uuid' },
	'textRemoval.mode': { t: 'enum', values: ['ai.artificial', 'ai.natural', 'ai.all'] },
	'uncrop.mode': AI_AUTO,
	'uncrop.seed': NUM,
	'upscale.downscaleIfNeeded': { t: 'enum', values: ['never', 'always', 'skipUpscaleIfNotNeeded'] },
	'upscale.mode': { t: 'enum', values: ['ai.fast', 'ai.slow'] },
	verticalAlignment: { t: 'enum', values: ['top', 'center', 'bottom'] },
	'virtualModel.additionalProductImages': STR,
	'virtualModel.mode': AI_AUTO,
	'virtualModel.model.preset.name': { t: 'enum', values: MODEL_PRESETS },
	'virtualModel.model.custom.imageUrl': { t: 'url' },
	'virtualModel.model.custom.imageFile': { t: 'file' },
	'virtualModel.pose': {
		t: 'enum',
		values: [
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
		],
	},
	'virtualModel.prompt': STR,
	'virtualModel.quality': { t: 'enum', values: ['standard', 'advanced', 'premium'] },
	'virtualModel.scene.preset.name': { t: 'enum', values: SCENE_PRESETS },
	'virtualModel.scene.custom.imageUrl': { t: 'url' },
	'virtualModel.scene.custom.imageFile': { t: 'file' },
	'virtualModel.size': { t: 'enum', values: SIZES_HD },
};

/** Dynamic names: `editWithAI.additionalImages.{key}.*` and `layers.{key}.*` (flattened objects). */
export function dynamicSpec(name: string): Spec | undefined {
	const extra = /^editWithAI\.additionalImages\.[A-Za-z0-9_-]+\.(imageUrl|imageFile)$/.exec(name);
	if (extra) return extra[1] === 'imageUrl' ? { t: 'url' } : { t: 'file' };
	const layer = /^layers\.[A-Za-z0-9_-]+\.(text|image)\.(.+)$/.exec(name);
	if (!layer) return undefined;
	const [, kind, field] = layer;
	if (kind === 'text')
		return ['content', 'font', 'foregroundColor', 'backgroundColor'].includes(field)
			? STR
			: undefined;
	if (/^(padding|margin)(Top|Bottom|Left|Right)?$/.test(field)) return SPACING;
	const image: Record<string, Spec> = {
		horizontalAlignment: EDIT_PARAMS.horizontalAlignment,
		imageUrl: { t: 'url' },
		imageFile: { t: 'file' },
		'imageFromPrompt.prompt': { t: 'string', minLength: 1 },
		'imageFromPrompt.seed': NUM,
		'imageFromPrompt.size': EDIT_PARAMS['imageFromPrompt.size'],
		removeBackground: { t: 'enum', values: ['auto', 'never'] },
		'segmentation.mode': EDIT_PARAMS['segmentation.mode'],
		'segmentation.negativePrompt': STR,
		'segmentation.prompt': STR,
	};
	return image[field];
}

export const NUMBER_TEXT = /^-?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toNumber(name: string, value: string): number {
	if (!NUMBER_TEXT.test(value.trim())) throw new ParamError(name, `${name} must be a number`);
	return Number(value);
}

/** padding/margin: 0-0.49, "0%"-"49%" or "Npx"; returns the ratio, or the pixels. */
function spacing(name: string, value: string): { ratio?: number; px?: number } {
	const px = /^(\d+)px$/.exec(value);
	if (px) return { px: Number(px[1]) };
	const pct = /^(\d+(?:\.\d+)?)%$/.exec(value);
	const ratio = pct ? Number(pct[1]) / 100 : NUMBER_TEXT.test(value) ? Number(value) : NaN;
	if (!(ratio >= 0 && ratio <= 0.49))
		throw new ParamError(
			name,
			`${name} must be a number between 0 and 0.49, a percentage between 0% and 49%, or a pixel value such as 100px`,
		);
	return { ratio };
}

export function validateValue(name: string, spec: Spec, value: string): void {
	switch (spec.t) {
		case 'enum':
			if (!spec.values.includes(value))
				throw new ParamError(name, `${name} must be one of ${spec.values.join(', ')}`);
			return;
		case 'bool':
			if (value !== 'true' && value !== 'false')
				throw new ParamError(name, `${name} must be boolean`);
			return;
		case 'number': {
			const n = toNumber(name, value);
			const low = spec.exclusiveMin ?? spec.min;
			if (
				(spec.min !== undefined && n < spec.min) ||
				(spec.exclusiveMin !== undefined && n <= spec.exclusiveMin) ||
				(spec.max !== undefined && n > spec.max)
			) {
				const from =
					low === undefined
						? ''
						: `${spec.exclusiveMin !== undefined ? 'above' : 'at least'} ${low}`;
				const to = spec.max === undefined ? '' : `at most ${spec.max}`;
				throw new ParamError(name, `${name} must be ${[from, to].filter(Boolean).join(' and ')}`);
			}
			return;
		}
		case 'numberOrEnum': {
			if (spec.values.includes(value)) return;
			if (!NUMBER_TEXT.test(value))
				throw new ParamError(name, `${name} must be a number or one of ${spec.values.join(', ')}`);
			const n = Number(value);
			if ((spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max))
				throw new ParamError(name, `${name} must be between ${spec.min} and ${spec.max} degrees`);
			return;
		}
		case 'string':
			if (value.length < (spec.minLength ?? 0))
				throw new ParamError(name, `${name} must not be empty`);
			return;
		case 'colour':
			if (!parseColour(value, 'optional'))
				throw new ParamError(
					name,
					`${name} must be a hex color without the hash sign (FF0000, FF0000EE) or a color name (red, blue)`,
				);
			return;
		case 'spacing':
			spacing(name, value);
			return;
		case 'outputSize': {
			if (!/^(auto|\d+x\d+|originalImage|croppedSubject)$/.test(value))
				throw new ParamError(
					name,
					`${name} must be auto, originalImage, croppedSubject or WIDTHxHEIGHT (e.g. 1000x1000)`,
				);
			const m = /^(\d+)x(\d+)$/.exec(value);
			if (m && (Number(m[1]) < 1 || Number(m[2]) < 1))
				throw new ParamError(name, `${name} width and height must be at least 1`);
			return;
		}
		case 'uuid':
			if (!UUID.test(value)) throw new ParamError(name, `${name} must be a UUID`);
			return;
		case 'url':
			check.httpUrl(name, value);
			return;
		case 'file':
			return;
	}
}
