import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import {
	backgroundColorOption,
	binaryPropertyField,
	cropToSubjectOption,
	imageInputField,
	imageOptionsCollection,
	imageUrlField,
} from '../../../shared/descriptions';
import { storeResult } from '../../../shared/download';
import type { ItemOperation } from '../../../shared/execute';
import type { CheckedImage } from '../../../shared/input';
import { checkInputImage } from '../../../shared/input';
import { checkImageResult } from '../../../shared/imageResult';
import { sourceName } from '../../../shared/naming';
import { resultItem } from '../../../shared/output';
import { itemParameters } from '../../../shared/parameters';
import type { ItemCall } from '../../../shared/run';
import { formFile, StreamingForm } from '../../../shared/upload';
import { apiRequest, apiRequestBytes, PROVIDER, PROVIDER_ID } from '../../transport';

const MATTING_TYPES = { general: 6, portrait: 1, object: 2, face: 3 } as const;
type MattingType = keyof typeof MATTING_TYPES;
const INPUT_TYPES = ['binary', 'url'] as const;
const MAX_IMAGE_BYTES = 15 * 1024 * 1024;

export const option = {
	name: 'Remove Background',
	description: 'Cut out the subject of an image',
	action: 'Remove the background of an image',
};

export const description: INodeProperties[] = [
	imageInputField(PROVIDER),
	binaryPropertyField({ show: { inputType: ['binary'] } }, 'PNG, JPG, WEBP or BMP, at most 15 MB'),
	imageUrlField({ placeholder: 'https://example.com/product.jpg' }),
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
	imageOptionsCollection([
		backgroundColorOption(),
		cropToSubjectOption,
		{
			displayName: 'Preview Size',
			name: 'preview',
			type: 'boolean',
			default: false,
			description: 'Whether to return a cheaper preview of at most 500×500 pixels',
		},
	]),
];

type Params =
	| { input: 'binary'; image: CheckedImage; qs: IDataObject }
	| { input: 'url'; imageUrl: string; qs: IDataObject };

export const operation: ItemOperation<Params> = {
	async prepare(ctx: IExecuteFunctions, itemIndex: number): Promise<Params> {
		const read = itemParameters(ctx, itemIndex);
		const mattingType = read.option(
			'mattingType',
			'Matting Type',
			Object.keys(MATTING_TYPES) as MattingType[],
		);
		const qs: IDataObject = { mattingType: MATTING_TYPES[mattingType] };
		read.collection('imageOptions', 'Image Options');
		qs.crop = read.optionalBoolean('imageOptions.crop', 'Crop to Subject');
		qs.preview = read.optionalBoolean('imageOptions.preview', 'Preview Size');
		if (read.has('imageOptions.backgroundColor'))
			qs.bgcolor = read.hexColor('imageOptions.backgroundColor', 'Background Color');
		const input = read.option('inputType', 'Input', INPUT_TYPES);
		if (input === 'url') return { input, qs, imageUrl: read.url('imageUrl', 'Image URL') };
		const image = await checkInputImage(ctx, itemIndex, read.value('binaryPropertyName'), {
			allowed: ['png', 'jpeg', 'webp', 'bmp'],
			maxBytes: MAX_IMAGE_BYTES,
		});
		return { input, qs, image };
	},

	async run(ctx: IExecuteFunctions, params: Params, call: ItemCall) {
		let bytes: Buffer;
		let source: string;
		let contentType: string | undefined;
		if (params.input === 'binary') {
			const { image } = params;
			const reply = await apiRequestBytes(ctx, {
				method: 'POST',
				path: 'matting',
				qs: params.qs,
				form: () => {
					const form = new StreamingForm();
					form.append('file', formFile(image));
					return form;
				},
				call,
				idempotent: false, // each call is charged
			});
			({ bytes, contentType } = reply);
			source = sourceName(image.fileName, 'image');
		} else {
			const { imageBase64 } = await apiRequest(
				ctx,
				{
					method: 'GET',
					path: 'mattingByUrl',
					qs: { ...params.qs, url: params.imageUrl },
					call,
					idempotent: false, // each call is charged
				},
				z.object({ imageBase64: z.string().min(1) }),
			);
			bytes = Buffer.from(imageBase64, 'base64');
			source = sourceName(params.imageUrl, 'image');
		}
		const image = checkImageResult(ctx, PROVIDER, bytes, {
			itemIndex: call.itemIndex,
			contentType,
		});
		return resultItem(
			{
				provider: PROVIDER_ID,
				operation: 'image.removeBackground',
				status: 'done',
				width: image.width,
				height: image.height,
			},
			{ data: await storeResult(ctx, bytes, { source, role: 'nobg' }, image.mimeType) },
		);
	},
};
