/**
 * The Photoroom fake's rules for the AI edits of `/v2/edit`, beside the §3.4 rules in photoroom.ts.
 * Each answers 400 `{error: {message}}` naming the parameter, as the spec's 400 does. Where the
 * document says a parameter "only has an effect" with another, or says nothing about a
 * combination, this fake is strict (it refuses): the node must never send such a request. Sources:
 * Photoroom's OpenAPI document (test/photoroom/photoroom-openapi.json) and photoroom.md §3.2.
 *
 * - document: `background.negativePrompt` only with `pr-ai-background-model-version: 2`;
 *   `background.guidance.scale` only with the newer models (not `2`).
 * - document (photoroom.md, C-docs): `background.seed` is a positive integer (0 taken too).
 * - document: `expand.mode` fills from the original background (`removeBackground=false`) or a
 *   static one (`background.imageUrl` / `imageFile`): refused without either.
 * - document: `virtualModel.model` and `virtualModel.scene` are either a preset or a custom image.
 * - derived (strict): a feature's settings without its mode (`beautify.seed`, `expand.seed`,
 *   `uncrop.seed`, `upscale.downscaleIfNeeded`, `flatLay.prompt|size`, `ghostMannequin.*`,
 *   `virtualModel.*`), the guidance scale without a guidance image, the background seed or negative
 *   prompt without a prompt or guidance image, and more than one generated
 *   shot (flat lay, ghost mannequin, virtual model) in one call.
 */
import { ParamError } from './fake-server';

const GENERATORS = ['flatLay', 'ghostMannequin', 'virtualModel'];
const GUIDANCE = ['background.guidance.imageUrl', 'background.guidance.imageFile'];

export function aiEditRules(
	v: Record<string, string>,
	has: (name: string) => boolean,
	headers: Record<string, string | undefined>,
): void {
	const model = headers['pr-ai-background-model-version'];
	const removeBackground = v.removeBackground !== 'false';
	const needs = (name: string, anyOf: string[]) => {
		if (has(name) && !anyOf.some(has))
			throw new ParamError(name, `${name} can only be provided with ${anyOf.join(' or ')}`);
	};

	if (has('background.negativePrompt') && model !== '2')
		throw new ParamError(
			'background.negativePrompt',
			'background.negativePrompt only works with the header pr-ai-background-model-version: 2',
		);
	if (has('background.guidance.scale') && model === '2')
		throw new ParamError(
			'background.guidance.scale',
			'background.guidance.scale does not work with pr-ai-background-model-version: 2',
		);
	needs('background.guidance.scale', GUIDANCE);
	needs('background.seed', ['background.prompt', ...GUIDANCE]);
	needs('background.negativePrompt', ['background.prompt', ...GUIDANCE]);
	if (has('background.seed') && !/^\d+$/.test(v['background.seed']))
		throw new ParamError('background.seed', 'background.seed must be a positive integer');

	for (const [name, mode] of [
		['beautify.seed', 'beautify.mode'],
		['beautify.onSubjectMismatch', 'beautify.mode'],
		['expand.seed', 'expand.mode'],
		['uncrop.seed', 'uncrop.mode'],
		['upscale.downscaleIfNeeded', 'upscale.mode'],
	])
		needs(name, [mode]);
	if (
		has('expand.mode') &&
		removeBackground &&
		!has('background.imageUrl') &&
		!has('background.imageFile')
	)
		throw new ParamError(
			'expand.mode',
			'expand.mode needs removeBackground=false or background.imageUrl / background.imageFile to fill from',
		);

	const generators = GENERATORS.filter((generator) => has(`${generator}.mode`));
	if (generators.length > 1)
		throw new ParamError(
			`${generators[1]}.mode`,
			`${generators.map((g) => `${g}.mode`).join(' and ')} cannot be provided together`,
		);
	for (const name of Object.keys(v)) {
		const generator = GENERATORS.find((g) => name.startsWith(`${g}.`));
		if (generator && name !== `${generator}.mode`) needs(name, [`${generator}.mode`]);
	}
	for (const part of ['model', 'scene']) {
		const prefix = `virtualModel.${part}.`;
		const preset = has(`${prefix}preset.name`);
		const custom = has(`${prefix}custom.imageUrl`) || has(`${prefix}custom.imageFile`);
		if (preset && custom)
			throw new ParamError(
				`${prefix}custom`,
				`virtualModel.${part} takes either preset or custom, not both`,
			);
	}
}
