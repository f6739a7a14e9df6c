/**
 * The rules between Image → Edit's parameters, checked before the paid call so that Photoroom never
 * charges for (or refuses) a combination its OpenAPI document (2026-06-22) and feature pages rule
 * out. Each rule's source is beside it: "document" for the document's words, "derived" where we
 * refuse a parameter the document says has no effect without another (README lists them).
 */
import type { ItemParameters } from '../../shared/parameters';
import type { CheckedImage } from '../../shared/input';
import { inputError } from '../../shared/errors';
import { jpegDimensions, pngDimensions } from '../../shared/media';
import { readHead } from '../../shared/input';
import { FIELDS, UPSCALE_MAX_PIXELS } from './aiEdits';

/** The assembled request: every parameter by Photoroom's name (files as present), headers. */
export interface EditRequestShape {
	parameters: Record<string, string>;
	headers: Record<string, string>;
	/** Photoroom's names of the file fields besides the main image. */
	fileFields: string[];
}

/** A setting that only acts with its feature's main parameter (derived: refused without it). */
const NEEDS: Array<[string, string[]]> = [
	['beautify.seed', ['beautify.mode']],
	['beautify.onSubjectMismatch', ['beautify.mode']],
	['expand.seed', ['expand.mode']],
	['uncrop.seed', ['uncrop.mode']],
	['upscale.downscaleIfNeeded', ['upscale.mode']],
	['background.guidance.scale', ['background.guidance.imageUrl', 'background.guidance.imageFile']],
	[
		'background.seed',
		['background.prompt', 'background.guidance.imageUrl', 'background.guidance.imageFile'],
	],
	[
		'background.negativePrompt',
		['background.prompt', 'background.guidance.imageUrl', 'background.guidance.imageFile'],
	],
];

const field = (name: string) => FIELDS[name] ?? name;
const list = (names: string[]) => names.map(field).join(' or ');

/** Throws the first broken rule, naming the field and the item. */
export function checkEditRules(read: ItemParameters, shape: EditRequestShape): void {
	const p = shape.parameters;
	const has = (name: string) => name in p || shape.fileFields.includes(name);
	const refuse = (name: string, problem: string) => {
		throw inputError(read.node, read.itemIndex, field(name), problem);
	};
	const removeBackground = p.removeBackground !== 'false';
	const backgroundModel = shape.headers['pr-ai-background-model-version'];

	// document: background.imageUrl / imageFile / prompt exclude each other
	const backgrounds = ['background.prompt', 'background.imageUrl', 'background.imageFile'].filter(
		has,
	);
	if (backgrounds.length > 1)
		refuse(
			backgrounds[1],
			`cannot be used with ${field(backgrounds[0])}: Photoroom takes one background`,
		);
	// document: these "can't be provided if removeBackground is set to false"
	if (!removeBackground)
		for (const name of [
			'background.imageUrl',
			'background.imageFile',
			'background.guidance.imageUrl',
			'background.guidance.imageFile',
		])
			if (has(name)) refuse(name, 'needs Remove Background on');
	for (const [name, needs] of NEEDS)
		if (has(name) && !needs.some(has)) refuse(name, `only acts with ${list(needs)}`);
	// document: the negative prompt works only with model 2, the guidance scale only with the new ones
	if (has('background.negativePrompt') && backgroundModel !== '2')
		refuse('background.negativePrompt', 'only works with AI Background Model Version 2 (Legacy)');
	if (has('background.guidance.scale') && backgroundModel === '2')
		refuse(
			'background.guidance.scale',
			'does not work with AI Background Model Version 2 (Legacy)',
		);
	// document: "the check is only available for beautify.mode ai.food" (400 otherwise)
	if (p['beautify.onSubjectMismatch'] === 'error' && p['beautify.mode'] !== 'ai.food')
		refuse('beautify.onSubjectMismatch', 'Error is only available with Beautify: Food (AI)');
	// document: expand fills from the original background (Remove Background off) or a static one
	if (
		has('expand.mode') &&
		removeBackground &&
		!has('background.imageUrl') &&
		!has('background.imageFile')
	)
		refuse('expand.mode', 'needs Remove Background off or a Background Image to fill from');
	// The shadow overrides need ai.auto-with-overrides: n8n shows (so reads) them only with it.
}

/**
 * document: Upscale refuses inputs above its model's pixels unless it may downscale first. The size
 * of a PNG or JPEG input is read from its first bytes; other inputs (and URLs) are left to Photoroom.
 */
export async function checkUpscaleInput(
	read: ItemParameters,
	parameters: Record<string, string>,
	image: CheckedImage,
): Promise<void> {
	const mode = parameters['upscale.mode'];
	if (mode !== 'ai.fast' && mode !== 'ai.slow') return;
	if ((parameters['upscale.downscaleIfNeeded'] ?? 'never') !== 'never') return;
	const head = await readHead(image, 64 * 1024);
	const size = pngDimensions(head) ?? jpegDimensions(head);
	if (!size || size.width * size.height <= UPSCALE_MAX_PIXELS[mode]) return;
	throw inputError(
		read.node,
		read.itemIndex,
		field('upscale.mode'),
		`"${image.fileName}" is ${size.width} × ${size.height} (${size.width * size.height} pixels), over the ${UPSCALE_MAX_PIXELS[mode].toLocaleString('en-US')} pixels ${mode} takes; set Upscale Downscale If Needed to Always or use a smaller image`,
	);
}
