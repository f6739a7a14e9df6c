import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { z } from 'zod';

import type { CheckedImage } from '../../../shared/binary';
import { bufferToBinary, checkInputImage, formFile, StreamingForm } from '../../../shared/binary';
import { binaryPropertyField } from '../../../shared/descriptions';
import { providerApiError } from '../../../shared/errors';
import type { ItemOperation } from '../../../shared/execute';
import { extensionForMime, IMAGE_MIME, pngDimensions, sniffImage } from '../../../shared/media';
import { resultItem } from '../../../shared/output';
import {
	requireBoolean,
	requireHexColor,
	requireHttpUrl,
	requireOneOf,
} from '../../../shared/validation';
import {
	cutoutApiRequest,
	cutoutBinaryRequest,
	getCutoutCredentials,
	PROVIDER,
} from '../../transport';

const MATTING_TYPES = { general: 6, portrait: 1, object: 2, face: 3 } as const;
type MattingType = keyof typeof MATTING_TYPES;
const INPUT_TYPES = ['binary', 'url'] as const;
const MAX_IMAGE_BYTES = 15 * 1024 * 1024;

const properties: INodeProperties[] = [
	{
		displayName: 'Input',
		name: 'inputType',
		type: 'options',
		options: [
			{
				name: 'Binary File',
				value: 'binary',
				description: 'An image in a binary property of the item',
			},
			{ name: 'Image URL', value: 'url', description: 'A public URL the provider downloads' },
		],
		default: 'binary',
	},
	binaryPropertyField({ show: { inputType: ['binary'] } }, 'PNG, JPG, WEBP or BMP, at most 15 MB'),
	{
		displayName: 'Image URL',
		name: 'imageUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://example.com/product.jpg',
		displayOptions: { show: { inputType: ['url'] } },
	},
	{
		displayName: 'Matting Type',
		name: 'mattingType',
		type: 'options',
		options: [
			{ name: 'General', value: 'general', description: 'Any subject' },
			{ name: 'Portrait', value: 'portrait', description: 'People, hair-level edges' },
			{ name: 'Object', value: 'object', description: 'Products and things' },
			{ name: 'Face', value: 'face', description: 'Only the face' },
		],
		default: 'general',
	},
	{
		displayName: 'Image Options',
		name: 'imageOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Background Color',
				name: 'backgroundColor',
				type: 'color',
				default: '#FFFFFF',
				description: 'Fill the removed background with this colour instead of transparency',
			},
			{
				displayName: 'Crop to Subject',
				name: 'crop',
				type: 'boolean',
				default: false,
				description: 'Whether to crop the result to the subject, removing empty margins',
			},
			{
				displayName: 'Preview Size',
				name: 'preview',
				type: 'boolean',
				default: false,
				description: 'Whether to return a cheaper preview of at most 500×500 pixels',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['image'], operation: ['removeBackground'] } },
	properties,
);

type Params =
	| { input: 'binary'; image: CheckedImage; qs: IDataObject }
	| { input: 'url'; imageUrl: string; qs: IDataObject };

export const operation: ItemOperation<Params> = {
	async prepare(ctx: IExecuteFunctions, itemIndex: number): Promise<Params> {
		const node = ctx.getNode();
		const mattingType = requireOneOf<MattingType>(
			node,
			itemIndex,
			'Matting Type',
			ctx.getNodeParameter('mattingType', itemIndex),
			Object.keys(MATTING_TYPES) as MattingType[],
		);
		const options = ctx.getNodeParameter('imageOptions', itemIndex, {}) as IDataObject;
		const qs: IDataObject = { mattingType: MATTING_TYPES[mattingType] };
		if (options.crop !== undefined)
			qs.crop = requireBoolean(node, itemIndex, 'Crop to Subject', options.crop);
		if (options.preview !== undefined)
			qs.preview = requireBoolean(node, itemIndex, 'Preview Size', options.preview);
		if (options.backgroundColor !== undefined) {
			qs.bgcolor = requireHexColor(node, itemIndex, 'Background Color', options.backgroundColor);
		}
		const input = requireOneOf(
			node,
			itemIndex,
			'Input',
			ctx.getNodeParameter('inputType', itemIndex),
			INPUT_TYPES,
		);
		if (input === 'url') {
			return {
				input,
				qs,
				imageUrl: requireHttpUrl(
					node,
					itemIndex,
					'Image URL',
					ctx.getNodeParameter('imageUrl', itemIndex),
				),
			};
		}
		const property = ctx.getNodeParameter('binaryPropertyName', itemIndex) as string;
		const image = await checkInputImage(ctx, itemIndex, property, {
			allowed: ['png', 'jpeg', 'webp', 'bmp'],
			maxBytes: MAX_IMAGE_BYTES,
		});
		return { input, qs, image };
	},

	async run(ctx: IExecuteFunctions, params: Params, itemIndex: number) {
		let bytes: Buffer;
		let sourceName: string;
		if (params.input === 'binary') {
			const { image } = params;
			bytes = await cutoutBinaryRequest(ctx, {
				method: 'POST',
				path: 'matting',
				qs: params.qs,
				form: () => {
					const form = new StreamingForm();
					form.append('file', formFile(image));
					return form;
				},
				itemIndex,
				idempotent: false, // each call is charged
			});
			sourceName = image.fileName;
		} else {
			const { imageBase64 } = await cutoutApiRequest(ctx, {
				method: 'GET',
				path: 'mattingByUrl',
				qs: { ...params.qs, url: params.imageUrl },
				itemIndex,
				idempotent: false, // each call is charged
				data: z.object({ imageBase64: z.string().min(1) }),
			});
			bytes = Buffer.from(imageBase64, 'base64');
			sourceName = new URL(params.imageUrl).pathname.split('/').pop() || 'image';
		}
		const kind = sniffImage(bytes);
		if (!kind) {
			const { secrets } = await getCutoutCredentials(ctx);
			throw providerApiError(ctx.getNode(), {
				message: `${PROVIDER} returned a result that is not an image`,
				itemIndex,
				secrets,
			});
		}
		const mimeType = IMAGE_MIME[kind];
		// Appended, not replaced: the stem may contain dots ("shoe.v2").
		const fileName = `${sourceName.replace(/\.[^.]+$/, '')}-cutout.${extensionForMime(mimeType) ?? 'png'}`;
		const size = pngDimensions(bytes);
		return resultItem(
			{
				provider: 'cutoutPro',
				operation: 'image.removeBackground',
				status: 'done',
				width: size?.width,
				height: size?.height,
			},
			{ data: await bufferToBinary(ctx, bytes, fileName, mimeType) },
		);
	},
};
