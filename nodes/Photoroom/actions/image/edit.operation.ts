import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	backgroundColorOption,
	binaryPropertyField,
	imageInputField,
	imageUrlField,
} from '../../../shared/descriptions';
import { storeResult } from '../../../shared/download';
import { inputError } from '../../../shared/errors';
import type { ItemOperation } from '../../../shared/execute';
import type { CheckedImage } from '../../../shared/input';
import { checkInputImage } from '../../../shared/input';
import type { ResultRole } from '../../../shared/naming';
import { sourceName } from '../../../shared/naming';
import { resultItem } from '../../../shared/output';
import type { ItemParameters } from '../../../shared/parameters';
import { itemParameters } from '../../../shared/parameters';
import type { ItemCall } from '../../../shared/run';
import { formFile, StreamingForm } from '../../../shared/upload';
import { checkImageResult } from '../../../shared/imageResult';
import { apiRequestBytes, PROVIDER, PROVIDER_ID } from '../../transport';
import {
	INPUT_FORMATS,
	MAX_EDIT_BYTES,
	sandboxFlags,
	uncertaintyScore,
} from '../../helpers/images';
import type { Marketplace } from '../../helpers/marketplace';
import { MARKETPLACE_PRESETS, MARKETPLACES } from '../../helpers/marketplace';
import type { AiEditRequest } from '../../helpers/aiEdits';
import {
	aiEditsField,
	aiReplyFields,
	makesNewPicture,
	readAiEdits,
	readShadow,
	shadowOptions,
} from '../../helpers/aiEdits';
import { checkEditRules, checkUpscaleInput } from '../../helpers/editRules';

const INPUT_TYPES = ['binary', 'url'] as const;
const SCALINGS = ['fit', 'fill'] as const;
const HORIZONTAL = ['left', 'center', 'right'] as const;
const VERTICAL = ['top', 'center', 'bottom'] as const;
const EXPORT_FORMATS = ['png', 'jpeg', 'webp'] as const;
const REFERENCE_BOXES = ['subjectBox', 'originalImage'] as const;
const OUTPUT_SIZE = /^(auto|[1-9]\d{0,4}x[1-9]\d{0,4}|originalImage|croppedSubject)$/;
const SPACING_HINT =
	'a ratio of the image from 0 to 0.49 (0.1), a percentage up to 49% (10%) or pixels (50px)';

export const option = {
	name: 'Edit',
	description:
		'Make a catalog-ready image: background, padding, size, alignment, shadow, AI edits (Image Editing API)',
	action: 'Edit an image for a catalog',
};

export const description: INodeProperties[] = [
	imageInputField(PROVIDER),
	binaryPropertyField({ show: { inputType: ['binary'] } }, 'PNG, JPG or WEBP, at most 30 MB'),
	imageUrlField({
		placeholder: 'https://example.com/product.jpg',
		description: 'A public URL of a PNG, JPG or WEBP image, at most 30 MB',
	}),
	{
		displayName: 'Marketplace Image',
		name: 'marketplace',
		type: 'options',
		options: [
			{ name: 'None', value: 'none', description: 'Only the options below' },
			...MARKETPLACES.map((value) => ({
				name: MARKETPLACE_PRESETS[value].name,
				value,
				description: MARKETPLACE_PRESETS[value].description,
			})),
		],
		default: 'none',
		description:
			'A set of the options below for a marketplace’s image rules; any option you add overrides it',
	},
	{
		displayName: 'Remove Background',
		name: 'removeBackground',
		type: 'boolean',
		default: true,
		description:
			'Whether to cut out the subject; off, the image is only reframed (padding, size, background colour fills transparent areas)',
	},
	{
		displayName: 'Edit Options',
		name: 'editOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			backgroundColorOption('The background behind the subject (transparent when not set)'),
			{
				displayName: 'DPI',
				name: 'dpi',
				type: 'number',
				typeOptions: { minValue: 72, maxValue: 1200 },
				default: 300,
				description: 'Pixel density written in the file (72–1200)',
			},
			{
				displayName: 'Export Format',
				name: 'exportFormat',
				type: 'options',
				options: [
					{ name: 'JPEG', value: 'jpeg', description: 'Smaller; no transparency' },
					{ name: 'PNG', value: 'png' },
					{ name: 'WEBP', value: 'webp' },
				],
				default: 'png',
			},
			{
				displayName: 'Horizontal Alignment',
				name: 'horizontalAlignment',
				type: 'options',
				options: [
					{ name: 'Left', value: 'left' },
					{ name: 'Center', value: 'center' },
					{ name: 'Right', value: 'right' },
				],
				default: 'center',
			},
			{
				displayName: 'Margin',
				name: 'margin',
				type: 'string',
				default: '0.1',
				placeholder: '0.1, 10% or 50px',
				description: `Space around the subject that is never ignored, as ${SPACING_HINT}`,
			},
			{
				displayName: 'Output Size',
				name: 'outputSize',
				type: 'string',
				default: '1000x1000',
				placeholder: '1000x1000',
				description:
					'WIDTHxHEIGHT in pixels (e.g. 2000x2000), or originalImage, croppedSubject or auto',
			},
			{
				displayName: 'Padding',
				name: 'padding',
				type: 'string',
				default: '0.1',
				placeholder: '0.1, 10% or 50px',
				description: `Space between the subject and the image's edges, as ${SPACING_HINT}`,
			},
			{
				displayName: 'Reference Box',
				name: 'referenceBox',
				type: 'options',
				options: [
					{ name: 'Subject', value: 'subjectBox', description: 'Place the cut-out subject' },
					{
						name: 'Original Image',
						value: 'originalImage',
						description: 'Keep the subject where it was in the photo',
					},
				],
				default: 'subjectBox',
				displayOptions: { show: { '/removeBackground': [true] } },
			},
			{
				displayName: 'Scaling',
				name: 'scaling',
				type: 'options',
				options: [
					{ name: 'Fit', value: 'fit', description: 'The whole subject inside the frame' },
					{ name: 'Fill', value: 'fill', description: 'The subject fills the frame' },
				],
				default: 'fit',
			},
			...shadowOptions,
			{
				displayName: 'Vertical Alignment',
				name: 'verticalAlignment',
				type: 'options',
				options: [
					{ name: 'Top', value: 'top' },
					{ name: 'Center', value: 'center' },
					{ name: 'Bottom', value: 'bottom' },
				],
				default: 'center',
			},
		],
	},
	aiEditsField,
];

type Params = {
	parameters: Record<string, string>;
	role: ResultRole;
	marketplace?: Marketplace;
	headers: AiEditRequest['headers'];
	files: AiEditRequest['files'];
} & ({ input: 'binary'; image: CheckedImage } | { input: 'url'; imageUrl: string });

/** Padding and margin: a ratio up to 0.49, a percentage up to 49 % or pixels, as Photoroom takes. */
function spacing(read: ItemParameters, name: string, field: string): string | undefined {
	if (!read.has(name)) return undefined;
	const value = read.value(name);
	const text = typeof value === 'number' || typeof value === 'string' ? String(value).trim() : '';
	const ratio = /^(0|0?\.\d+)$/.test(text) ? Number(text) : undefined;
	const percent = /^(\d{1,2}(\.\d+)?)%$/.exec(text);
	if (
		(ratio !== undefined && ratio <= 0.49) ||
		(percent && Number(percent[1]) <= 49) ||
		/^\d{1,5}px$/.test(text)
	)
		return text;
	throw inputError(
		read.node,
		read.itemIndex,
		field,
		`must be ${SPACING_HINT}, got ${JSON.stringify(value)}`,
	);
}

/** The request's parameters: the preset's, then the user's options over them. */
function editParameters(read: ItemParameters, marketplace: Marketplace | undefined) {
	const parameters: Record<string, string> = {
		...(marketplace ? MARKETPLACE_PRESETS[marketplace].parameters : {}),
	};
	const set = (name: string, value: string | number | boolean | undefined) => {
		if (value !== undefined) parameters[name] = String(value);
	};
	const removeBackground = read.boolean('removeBackground', 'Remove Background', true);
	set('removeBackground', removeBackground);
	read.collection('editOptions', 'Edit Options');
	if (read.has('editOptions.backgroundColor'))
		set('background.color', read.hexColor('editOptions.backgroundColor', 'Background Color'));
	set('padding', spacing(read, 'editOptions.padding', 'Padding'));
	set('margin', spacing(read, 'editOptions.margin', 'Margin'));
	const outputSize = read.optionalText('editOptions.outputSize', 'Output Size');
	if (outputSize !== undefined && !OUTPUT_SIZE.test(outputSize))
		throw inputError(
			read.node,
			read.itemIndex,
			'Output Size',
			`must be WIDTHxHEIGHT in pixels (e.g. 2000x2000), originalImage, croppedSubject or auto, got ${JSON.stringify(outputSize)}`,
		);
	set('outputSize', outputSize);
	set('scaling', read.optionalOption('editOptions.scaling', 'Scaling', SCALINGS));
	set(
		'horizontalAlignment',
		read.optionalOption('editOptions.horizontalAlignment', 'Horizontal Alignment', HORIZONTAL),
	);
	set(
		'verticalAlignment',
		read.optionalOption('editOptions.verticalAlignment', 'Vertical Alignment', VERTICAL),
	);
	const shadow = readShadow(read);
	Object.assign(parameters, shadow.parameters);
	set(
		'export.format',
		read.optionalOption('editOptions.exportFormat', 'Export Format', EXPORT_FORMATS),
	);
	set('export.dpi', read.optionalInteger('editOptions.dpi', 'DPI', 72, 1200));
	// Shown (so read) only with Remove Background on: Photoroom refuses it without.
	const referenceBox = read.optionalOption(
		'editOptions.referenceBox',
		'Reference Box',
		REFERENCE_BOXES,
	);
	set('referenceBox', referenceBox);
	return { parameters, headers: shadow.headers };
}

/** What the result file is: the subject on white, without its background, or a reframed image. */
function roleOf(parameters: Record<string, string>, files: AiEditRequest['files']): ResultRole {
	if (makesNewPicture([...Object.keys(parameters), ...files.map((file) => file.field)]))
		return 'edited';
	if (parameters['background.color'] === 'FFFFFF') return 'whitebg';
	return parameters.removeBackground === 'true' ? 'nobg' : 'edited';
}

export const operation: ItemOperation<Params> = {
	async prepare(ctx: IExecuteFunctions, itemIndex: number): Promise<Params> {
		const read = itemParameters(ctx, itemIndex);
		const preset = read.option(
			'marketplace',
			'Marketplace Image',
			['none', ...MARKETPLACES],
			'none',
		);
		const marketplace = preset === 'none' ? undefined : preset;
		const options = editParameters(read, marketplace);
		const input = read.option('inputType', 'Input', INPUT_TYPES);
		const imageUrl = input === 'url' ? read.url('imageUrl', 'Image URL') : undefined;
		const image =
			input === 'binary'
				? await checkInputImage(ctx, itemIndex, read.value('binaryPropertyName'), {
						allowed: INPUT_FORMATS.edit,
						maxBytes: MAX_EDIT_BYTES,
					})
				: undefined;
		// AI Edits (n8n shows them only without a preset), then the rules between all parameters.
		const ai = await readAiEdits(ctx, read);
		const parameters = { ...options.parameters, ...ai.parameters };
		const headers = { ...options.headers, ...ai.headers };
		checkEditRules(read, { parameters, headers, fileFields: ai.files.map((file) => file.field) });
		if (image) await checkUpscaleInput(read, parameters, image);
		const base = {
			parameters,
			headers,
			files: ai.files,
			role: roleOf(parameters, ai.files),
			marketplace,
		};
		if (imageUrl !== undefined) return { ...base, input: 'url', imageUrl };
		if (image) return { ...base, input: 'binary', image };
		throw new Error('unreachable: the input is an image URL or a binary file');
	},

	async run(ctx: IExecuteFunctions, params: Params, call: ItemCall) {
		const { parameters, headers, files } = params;
		// A URL goes by GET with every parameter in the query; a file by POST, every parameter in
		// the multipart body (Photoroom refuses query parameters on POST).
		const reply = await apiRequestBytes(ctx, {
			api: 'imageEditing',
			path: '/v2/edit',
			call,
			idempotent: false, // each call is charged
			headers,
			...(params.input === 'url'
				? { method: 'GET', qs: { imageUrl: params.imageUrl, ...parameters } as IDataObject }
				: {
						method: 'POST',
						form: () => {
							const form = new StreamingForm();
							form.append('imageFile', formFile(params.image));
							for (const file of files) form.append(file.field, formFile(file.image));
							for (const [name, value] of Object.entries(parameters)) form.append(name, value);
							return form;
						},
					}),
		});
		const result = checkImageResult(ctx, PROVIDER, reply.bytes, {
			itemIndex: call.itemIndex,
			contentType: reply.contentType,
		});
		const source =
			params.input === 'url'
				? sourceName(params.imageUrl, 'image')
				: sourceName(params.image.fileName, 'image');
		return resultItem(
			{
				provider: PROVIDER_ID,
				operation: 'image.edit',
				status: 'done',
				width: result.width,
				height: result.height,
				marketplace: params.marketplace,
				uncertaintyScore: uncertaintyScore(reply.headers),
				...aiReplyFields(reply.headers),
				...(await sandboxFlags(ctx)),
			},
			{ data: await storeResult(ctx, reply.bytes, { source, role: params.role }, result.mimeType) },
		);
	},
};
