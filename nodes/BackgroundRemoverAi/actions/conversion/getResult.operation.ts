import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { downloadResultField } from '../../../shared/descriptions';
import { readDownloadResult } from '../../../shared/settings';
import type { ItemOperation } from '../../../shared/execute';
import { itemParameters } from '../../../shared/parameters';
import { getConversion } from '../../transport';
import { conversionItem } from '../../helpers/conversion';

export const option = {
	name: 'Get Result',
	description: 'Get the status and files of a conversion',
	action: 'Get the result of a conversion',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Conversion ID',
		name: 'conversionId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 3f0c9a52-6d1e-4b8e-9a8f-2f1d5c7e9b10',
		description: 'The taskId output of Remove Background (BackgroundRemoverAI calls it uuid)',
	},
	downloadResultField({}, 'the result files when the conversion is finished'),
];

interface Params {
	uuid: string;
	download: boolean;
}

export const operation: ItemOperation<Params> = {
	async prepare(ctx: IExecuteFunctions, itemIndex: number) {
		return {
			uuid: itemParameters(ctx, itemIndex).text('conversionId', 'Conversion ID'),
			download: readDownloadResult(ctx, itemIndex),
		};
	},

	async run(ctx: IExecuteFunctions, params: Params, itemIndex: number) {
		const result = await getConversion(ctx, params.uuid, itemIndex);
		// Named after the conversion: the input's name is not known here.
		return await conversionItem(ctx, result, params.uuid, {
			operation: 'conversion.getResult',
			download: params.download,
			itemIndex,
			source: params.uuid,
		});
	},
};
