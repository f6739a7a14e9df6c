import { downloadResultField } from '../../../shared/descriptions';
import { getTaskOperation } from '../../../shared/getTask';
import { readDownloadResult } from '../../../shared/settings';
import { conversionItem, getConversion } from '../../helpers/conversion';

export const { option, description, operation } = getTaskOperation({
	option: {
		name: 'Get Result',
		description: 'Get the status and files of a conversion',
		action: 'Get the result of a conversion',
	},
	idField: {
		displayName: 'Conversion ID',
		name: 'conversionId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 3f0c9a52-6d1e-4b8e-9a8f-2f1d5c7e9b10',
		description: 'The taskId output of Remove Background (BackgroundRemoverAI calls it uuid)',
	},
	fields: [downloadResultField({}, 'the result files when the conversion is finished')],
	operation: 'conversion.getResult',
	read: (ctx, itemIndex) => ({ download: readDownloadResult(ctx, itemIndex) }),
	fetch: getConversion,
	item: conversionItem,
});
