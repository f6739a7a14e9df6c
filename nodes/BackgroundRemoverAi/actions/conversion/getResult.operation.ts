import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { downloadResultField } from '../../../shared/descriptions';
import type { ItemOperation } from '../../../shared/execute';
import { requireNonEmptyString } from '../../../shared/validation';
import { getConversion } from '../../transport';
import { conversionItem } from '../common';

const properties: INodeProperties[] = [
	{
		displayName: 'Conversion ID',
		name: 'conversionId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 3f0c9a52-6d1e-4b8e-9a8f-2f1d5c7e9b10',
		description: 'The uuid returned by Remove Background (field taskId)',
	},
	downloadResultField({}, 'the result files when the conversion is finished'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['conversion'], operation: ['getResult'] } },
	properties,
);

interface Params {
	uuid: string;
	download: boolean;
}

export const operation: ItemOperation<Params> = {
	async prepare(ctx: IExecuteFunctions, itemIndex: number) {
		return {
			uuid: requireNonEmptyString(
				ctx.getNode(),
				itemIndex,
				'Conversion ID',
				ctx.getNodeParameter('conversionId', itemIndex),
			),
			download: ctx.getNodeParameter('downloadResult', itemIndex, true) as boolean,
		};
	},

	async run(ctx: IExecuteFunctions, params: Params, itemIndex: number) {
		const result = await getConversion(ctx, params.uuid, itemIndex);
		return await conversionItem(ctx, result, params.uuid, {
			operation: 'conversion.getResult',
			download: params.download,
			itemIndex,
			baseName: `conversion-${params.uuid}`,
		});
	},
};
