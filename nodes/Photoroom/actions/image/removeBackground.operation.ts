import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	backgroundColorOption,
	binaryPropertyField,
	cropToSubjectOption,
	imageOptionsCollection,
} from '../../../shared/descriptions';
import { storeResult } from '../../../shared/download';
import type { ItemOperation } from '../../../shared/execute';
import type { CheckedImage } from '../../../shared/input';
import { checkInputImage } from '../../../shared/input';
import { sourceName } from '../../../shared/naming';
import { resultItem } from '../../../shared/output';
import { itemParameters } from '../../../shared/parameters';
import type { ItemCall } from '../../../shared/run';
import { formFile, StreamingForm } from '../../../shared/upload';
import { checkImageResult } from '../../../shared/imageResult';
import { apiRequestBytes, PROVIDER, PROVIDER_ID } from '../../transport';
import {
	INPUT_FORMATS,
	MAX_SEGMENT_BYTES,
	sandboxFlags,
	uncertaintyScore,
} from '../../helpers/images';

const FORMATS = ['png', 'jpg', 'webp'] as const;
const SIZES = ['preview', 'medium', 'hd', 'full'] as const;

export const option = {
	name: 'Remove Background',
	description: 'Cut out the subject of an image (Remove Background API)',
	action: 'Remove the background of an image',
};

export const description: INodeProperties[] = [
	binaryPropertyField({}, 'PNG, JPG or WEBP, at most 50 MB and 6,000 pixels on the widest side'),
	imageOptionsCollection([
		backgroundColorOption(),
		cropToSubjectOption,
		{
			displayName: 'Despill',
			name: 'despill',
			type: 'boolean',
			default: false,
			description:
				'Whether to remove green-screen colour reflections from the subject (can alter colours)',
		},
		{
			displayName: 'Format',
			name: 'format',
			type: 'options',
			options: [
				{ name: 'PNG', value: 'png', description: 'Keeps transparency' },
				{ name: 'JPG', value: 'jpg', description: 'No transparency' },
				{ name: 'WEBP', value: 'webp', description: 'Keeps transparency' },
			],
			default: 'png',
		},
		{
			displayName: 'Mask Only',
			name: 'maskOnly',
			type: 'boolean',
			default: false,
			description:
				'Whether to return only the alpha channel (the mask) instead of the cut-out subject',
		},
		{
			displayName: 'Size',
			name: 'size',
			type: 'options',
			options: [
				{ name: 'Full (up to 36 MP)', value: 'full' },
				{ name: 'HD (4 MP)', value: 'hd' },
				{ name: 'Medium (1.5 MP)', value: 'medium' },
				{ name: 'Preview (0.25 MP, Cheaper)', value: 'preview' },
			],
			default: 'full',
			description: 'The size of the result; Preview costs a quarter of a full image',
		},
	]),
];

interface Params {
	image: CheckedImage;
	fields: Record<string, string>;
	maskOnly: boolean;
}

export const operation: ItemOperation<Params> = {
	async prepare(ctx: IExecuteFunctions, itemIndex: number): Promise<Params> {
		const read = itemParameters(ctx, itemIndex);
		read.collection('imageOptions', 'Image Options');
		const fields: Record<string, string> = {};
		const format = read.optionalOption('imageOptions.format', 'Format', FORMATS);
		if (format) fields.format = format;
		const maskOnly = read.optionalBoolean('imageOptions.maskOnly', 'Mask Only') ?? false;
		// `channels` rgba (the default) or alpha: the mask only.
		if (maskOnly) fields.channels = 'alpha';
		if (read.has('imageOptions.backgroundColor'))
			fields.bg_color = `#${read.hexColor('imageOptions.backgroundColor', 'Background Color')}`;
		const size = read.optionalOption('imageOptions.size', 'Size', SIZES);
		if (size) fields.size = size;
		for (const [name, field] of [
			['crop', 'Crop to Subject'],
			['despill', 'Despill'],
		] as const) {
			const value = read.optionalBoolean(`imageOptions.${name}`, field);
			if (value !== undefined) fields[name] = String(value);
		}
		const image = await checkInputImage(ctx, itemIndex, read.value('binaryPropertyName'), {
			allowed: INPUT_FORMATS.segment,
			maxBytes: MAX_SEGMENT_BYTES,
		});
		return { image, fields, maskOnly };
	},

	async run(ctx: IExecuteFunctions, params: Params, call: ItemCall) {
		const { image, fields } = params;
		const reply = await apiRequestBytes(ctx, {
			api: 'segment',
			method: 'POST',
			path: '/v1/segment',
			form: () => {
				const form = new StreamingForm();
				form.append('image_file', formFile(image));
				for (const [name, value] of Object.entries(fields)) form.append(name, value);
				return form;
			},
			call,
			idempotent: false, // each call is charged
		});
		const result = checkImageResult(ctx, PROVIDER, reply.bytes, {
			itemIndex: call.itemIndex,
			contentType: reply.contentType,
		});
		return resultItem(
			{
				provider: PROVIDER_ID,
				operation: 'image.removeBackground',
				status: 'done',
				width: result.width,
				height: result.height,
				uncertaintyScore: uncertaintyScore(reply.headers),
				...(await sandboxFlags(ctx)),
			},
			{
				data: await storeResult(
					ctx,
					reply.bytes,
					{ source: sourceName(image.fileName, 'image'), role: params.maskOnly ? 'mask' : 'nobg' },
					result.mimeType,
				),
			},
		);
	},
};
