/**
 * The Photoroom fake's v2/edit rules (./photoroom.ts serves them): a request's parameters and
 * headers checked against the documented table (./photoroom-parameters.ts), photoroom.md §3.4's
 * rules between them, and what the output image is; and the image helpers both endpoints use.
 */
import { createHash } from 'node:crypto';

import { check, ParamError, type RecordedFile, type RecordedRequest } from './fake-server';
import { HEIC_BRANDS, hasBrand, imageSize, type Rgba } from './photoroom-images';
import type { Format } from './photoroom-render';
import { sniff } from './media';
import { aiEditRules } from './photoroom-ai-rules';
import { dynamicSpec, EDIT_PARAMS, parseColour, validateValue } from './photoroom-parameters';

/**
 * Fault markers (same form as issue 23's test/fakes/faults.ts, which they can join): an input file
 * name or URL carrying one asks the fake to fail that way.
 */
export const PHOTOROOM_FAULT = {
	/** v2/edit: an `imageUrl` (or `background.imageUrl`) carrying it cannot be downloaded. */
	download: '__fault-download__',
	/** v2/edit: with `beautify.mode=ai.food` and `beautify.onSubjectMismatch=error`, not food. */
	notFood: '__fault-not-food__',
} as const;

export const SANDBOX_WATERMARK = 'Photoroom sandbox watermark';

/** The fake's output limits (its options). */
export interface EditLimits {
	maxOutputSide: number;
	urlImageSize: { width: number; height: number };
}

export const MB = 1024 * 1024;
/** Upscale's input limits with the default model (the document's figures). */
export const UPSCALE_PIXELS = { 'ai.fast': 1_000_000, 'ai.slow': 262_144 };
export const DAY_MS = 24 * 3600 * 1000;
/** Sizes for generated images with `outputSize=auto` (derived: HD is about a megapixel). */
export const GENERATED_SIZES: Record<string, [number, number]> = {
	SQUARE_HD: [1024, 1024],
	PORTRAIT_HD_16_9: [768, 1344],
	PORTRAIT_HD_4_3: [896, 1152],
	PORTRAIT_HD_3_2: [832, 1216],
	LANDSCAPE_HD_3_2: [1216, 832],
	LANDSCAPE_HD_4_3: [1152, 896],
	LANDSCAPE_HD_16_9: [1344, 768],
	LANDSCAPE_16_9: [1024, 576],
	LANDSCAPE_4_3: [1024, 768],
	PORTRAIT_16_9: [576, 1024],
	PORTRAIT_4_3: [768, 1024],
};

/**
 * Upscale: 4 times the input (first shrunk to the model's pixels when `upscale.downscaleIfNeeded`
 * allows and it is larger; derived: Photoroom says "up to 4 times"). Without upscale, the input.
 */
export function upscaled(input: { width: number; height: number }, v: Record<string, string>) {
	const mode = v['upscale.mode'];
	if (mode !== 'ai.fast' && mode !== 'ai.slow') return { ...input };
	const cap = UPSCALE_PIXELS[mode];
	const shrunk = input.width * input.height > cap ? capPixels(input, cap) : input;
	return { width: shrunk.width * 4, height: shrunk.height * 4 };
}

/** The fake's subject: the centred 3/4 of the image. */
export const subjectOf = (size: { width: number; height: number }) => ({
	width: Math.max(1, Math.round(size.width * 0.75)),
	height: Math.max(1, Math.round(size.height * 0.75)),
});

export function capPixels(size: { width: number; height: number }, pixels: number) {
	const scale = Math.min(1, Math.sqrt(pixels / (size.width * size.height)));
	return {
		width: Math.max(1, Math.floor(size.width * scale)),
		height: Math.max(1, Math.floor(size.height * scale)),
	};
}

export function score(seed: string, fixed?: number): string {
	if (fixed !== undefined) return String(fixed);
	const n = parseInt(createHash('sha256').update(seed).digest('hex').slice(0, 4), 16) / 0xffff;
	return n.toFixed(3);
}

export const isHeic = (head: Buffer) => hasBrand(head, HEIC_BRANDS);

export function validateHeaders(req: RecordedRequest): { shadowModel?: string } {
	const h = req.headers;
	const allowed: Array<[string, string[]]> = [
		['pr-ai-background-model-version', ['2', '3', 'background-studio-beta-2025-03-17']],
		['pr-ai-shadows-model-version', ['2026-04-15']],
		['pr-background-removal-model-version', ['2023-06-01', '2024-09-26', 'default']],
	];
	for (const [name, values] of allowed) {
		if (h[name] !== undefined && !values.includes(h[name]))
			throw new ParamError(name, `${name} must be one of ${values.join(', ')}`);
	}
	return { shadowModel: h['pr-ai-shadows-model-version'] };
}

/** Validates a v2/edit request; returns the values and the files by field. */
export function validateEdit(req: RecordedRequest) {
	const isGet = req.method === 'GET';
	const values: Record<string, string> = {};
	const files: Record<string, RecordedFile> = {};
	const unsupported: string[] = [];
	const take = (name: string, all: string[]) => {
		const spec = EDIT_PARAMS[name] ?? dynamicSpec(name);
		if (!spec) {
			unsupported.push(name);
			return;
		}
		if (spec.t === 'file')
			throw new ParamError(
				name,
				isGet ? `${name} is only available in the POST request` : `${name} must be a file`,
			);
		if (spec.t === 'url' && !isGet && !name.startsWith('layers.'))
			throw new ParamError(
				name,
				`${name} is only available in the GET request; send the image as a file in the POST request`,
			);
		if (name === 'virtualModel.additionalProductImages') {
			if (all.length > 4) throw new ParamError(name, `${name} takes 1 to 4 images`);
			for (const url of all) check.httpUrl(name, url);
		} else if (all.length > 1) throw new ParamError(name, `${name} must be given once`);
		validateValue(name, spec, all[0]);
		values[name] = all[0];
	};
	if (isGet) {
		for (const name of Object.keys(req.query)) {
			const value = req.query[name];
			take(name, Array.isArray(value) ? value : [value]);
		}
	} else {
		const contentType = (req.headers['content-type'] ?? '').toLowerCase();
		if (!contentType.startsWith('multipart/form-data'))
			throw new ParamError('body', 'All parameters must be passed in a multipart/form-data body');
		if (req.multipartError) throw new ParamError('body', req.multipartError);
		if (Object.keys(req.query).length)
			throw new ParamError(
				Object.keys(req.query)[0],
				'Parameters must not be passed using the query string in the POST request',
			);
		for (const [name, all] of Object.entries(req.fields)) take(name, all);
		for (const file of req.files) {
			const spec = EDIT_PARAMS[file.field] ?? dynamicSpec(file.field);
			if (!spec) {
				unsupported.push(file.field);
				continue;
			}
			if (spec.t !== 'file')
				throw new ParamError(file.field, `${file.field} must be a text field, not a file`);
			if (files[file.field] || file.field in values)
				throw new ParamError(file.field, `${file.field} must be given once`);
			files[file.field] = file;
		}
	}
	return { values, files, unsupported };
}

/** photoroom.md §3.4 and the image checks; returns what the output needs. */
export function editRules(
	req: RecordedRequest,
	v: Record<string, string>,
	files: Record<string, RecordedFile>,
	{ maxOutputSide, urlImageSize }: EditLimits,
) {
	const { shadowModel } = validateHeaders(req);
	const has = (name: string) => name in v || name in files;
	const removeBackground = v.removeBackground !== 'false';

	const backgrounds = ['background.imageUrl', 'background.imageFile', 'background.prompt'].filter(
		has,
	);
	if (backgrounds.length > 1)
		throw new ParamError(
			backgrounds[1],
			`${backgrounds.join(' and ')} cannot be provided together`,
		);
	if (!removeBackground) {
		for (const name of [
			'background.imageUrl',
			'background.imageFile',
			'background.guidance.imageUrl',
			'background.guidance.imageFile',
			'referenceBox',
			'ignorePaddingAndSnapOnCroppedSides',
		]) {
			if (has(name))
				throw new ParamError(name, `${name} can't be provided if removeBackground is set to false`);
		}
	}
	if (has('background.scaling') && !has('background.imageUrl') && !has('background.imageFile'))
		throw new ParamError(
			'background.scaling',
			'background.scaling can only be provided if background.imageUrl or background.imageFile is provided',
		);
	const mainImage = has('imageUrl') || has('imageFile');
	if (has('scaling') && !mainImage)
		throw new ParamError(
			'scaling',
			'scaling can only be provided if imageUrl or imageFile is provided',
		);
	const outputSize = v.outputSize ?? 'auto';
	for (const name of ['maxWidth', 'maxHeight']) {
		if (has(name) && !['originalImage', 'croppedSubject'].includes(outputSize))
			throw new ParamError(
				name,
				`${name} can only be provided if outputSize is originalImage or croppedSubject`,
			);
	}
	const generated = [
		'imageFromPrompt.prompt',
		'templateId',
		'flatLay.mode',
		'ghostMannequin.mode',
		'virtualModel.mode',
	].find(has);
	if (!mainImage && !generated && !Object.keys(v).some((k) => k.startsWith('layers.')))
		throw new ParamError(
			req.method === 'GET' ? 'imageUrl' : 'imageFile',
			`${req.method === 'GET' ? 'imageUrl' : 'imageFile'} is required`,
		);

	// the AI edits' rules (photoroom-ai-rules.ts)
	aiEditRules(v, has, req.headers);

	// shadows and their model (photoroom.md §3.4 rule 5)
	const mode = v['shadow.mode'];
	const newModel = shadowModel === '2026-04-15';
	if (mode && ['ai.soft', 'ai.hard'].includes(mode) && newModel)
		throw new ParamError(
			'shadow.mode',
			`shadow.mode ${mode} is only compatible with legacy AI Shadows models`,
		);
	if (mode === 'ai.floating' && newModel)
		throw new ParamError(
			'shadow.mode',
			'shadow.mode ai.floating is not compatible with the 2026-04-15 AI Shadows model',
		);
	if ((mode?.startsWith('ai.preset-') ?? false) || mode === 'ai.auto-with-overrides') {
		if (!newModel)
			throw new ParamError(
				'shadow.mode',
				`shadow.mode ${mode} requires the header pr-ai-shadows-model-version: 2026-04-15`,
			);
	}
	for (const name of Object.keys(v).filter((k) => /^shadow\.\w+Override$/.test(k))) {
		if (mode !== 'ai.auto-with-overrides' || !newModel)
			throw new ParamError(
				name,
				`${name} requires shadow.mode ai.auto-with-overrides and the header pr-ai-shadows-model-version: 2026-04-15`,
			);
	}

	// colorSpace=original: pure background removal to PNG only (rule 6)
	if (v.colorSpace === 'original') {
		const allowed = (name: string) =>
			[
				'imageUrl',
				'imageFile',
				'colorSpace',
				'removeBackground',
				'segmentation.mode',
				'segmentation.prompt',
				'segmentation.negativePrompt',
			].includes(name) ||
			(name === 'export.format' && v[name] === 'png') ||
			(name === 'keepExistingAlphaChannel' && v[name] === 'never') ||
			(name === 'preserveMetadata' && ['never', 'xmp'].includes(v[name])) ||
			(name === 'outputSize' && ['auto', 'originalImage'].includes(v[name]));
		const conflict = [...Object.keys(v), ...Object.keys(files)].find((name) => !allowed(name));
		if (conflict)
			throw new ParamError(conflict, `colorSpace original cannot be combined with ${conflict}`);
		if (!removeBackground)
			throw new ParamError('removeBackground', 'colorSpace original requires removeBackground');
	}

	// images: the main one, backgrounds (30 MB each, PNG/JPEG/WEBP)
	for (const [field, file] of Object.entries(files)) {
		if (file.size > 30 * MB) throw new ParamError(field, `${field} is larger than 30MB`);
		if (file.size === 0) throw new ParamError(field, `${field} is empty`);
		if (isHeic(file.head))
			throw new ParamError(field, `${field}: HEIC is not supported by the Image Editing API`);
		if (!['png', 'jpeg', 'webp'].includes(sniff(file.head)))
			throw new ParamError(field, `${field} must be a PNG, JPEG or WEBP image`);
	}
	for (const name of Object.keys(v).filter(
		(k) => EDIT_PARAMS[k]?.t === 'url' || dynamicSpec(k)?.t === 'url',
	)) {
		if (v[name].includes(PHOTOROOM_FAULT.download))
			throw new ParamError(name, `${name} could not be downloaded`);
	}
	const main = files.imageFile;
	const input = main ? (imageSize(main.head) ?? urlImageSize) : urlImageSize;
	const source = main?.filename ?? v.imageUrl ?? '';

	if (v['beautify.onSubjectMismatch'] === 'error') {
		if (v['beautify.mode'] !== 'ai.food')
			throw new ParamError(
				'beautify.onSubjectMismatch',
				`The subject check is not supported for beautify.mode ${v['beautify.mode'] ?? '(none)'}`,
			);
		if (source.includes(PHOTOROOM_FAULT.notFood))
			throw new ParamError('beautify.onSubjectMismatch', 'The image was not detected as food');
	}
	if (v['upscale.mode'] && (v['upscale.downscaleIfNeeded'] ?? 'never') === 'never') {
		const cap = UPSCALE_PIXELS[v['upscale.mode'] === 'ai.fast' ? 'ai.fast' : 'ai.slow'];
		if (mainImage && input.width * input.height > cap)
			throw new ParamError(
				'upscale.mode',
				`upscale.mode ${v['upscale.mode']} accepts at most ${cap} input pixels`,
			);
	}

	// the output
	let out: { width: number; height: number };
	const custom = /^(\d+)x(\d+)$/.exec(outputSize);
	if (custom) out = { width: Number(custom[1]), height: Number(custom[2]) };
	else if (outputSize === 'croppedSubject') out = subjectOf(input);
	else if (mainImage && !['flatLay.mode', 'ghostMannequin.mode', 'virtualModel.mode'].some(has))
		out = upscaled(input, v);
	else {
		const sized =
			v['imageFromPrompt.size'] ??
			v['flatLay.size'] ??
			v['ghostMannequin.size'] ??
			(has('virtualModel.mode') ? (v['virtualModel.size'] ?? 'PORTRAIT_HD_3_2') : 'SQUARE_HD');
		const [width, height] = GENERATED_SIZES[sized] ?? [1024, 1024];
		out = { width, height };
	}
	if (v.maxWidth || v.maxHeight) {
		const scale = Math.min(
			1,
			Number(v.maxWidth ?? Infinity) / out.width,
			Number(v.maxHeight ?? Infinity) / out.height,
		);
		out = {
			width: Math.max(1, Math.floor(out.width * scale)),
			height: Math.max(1, Math.floor(out.height * scale)),
		};
	}
	if (Math.max(out.width, out.height) > maxOutputSide)
		throw new ParamError('outputSize', `outputSize must be at most ${maxOutputSide} pixels a side`);
	const format: Format =
		({ jpg: 'jpeg', jpeg: 'jpeg', webp: 'webp', avif: 'avif' } as const)[
			v['export.format'] as 'jpg'
		] ?? 'png';
	const colour = v['background.color']
		? parseColour(v['background.color'], 'optional')!
		: undefined;
	const fill: Rgba =
		colour ??
		(!removeBackground
			? [128, 128, 128, 255]
			: backgrounds.length || generated
				? [220, 220, 220, 255]
				: [0, 0, 0, 0]);
	return { out, format, fill, removeBackground, source: source || JSON.stringify(v) };
}
