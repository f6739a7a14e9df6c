/** BackgroundRemoverAI's rows in the contract test (test/contract/suite.ts), one per operation. */
import { makeMp4 } from '../fakes/media';
import type { ProviderEnv } from '../reliability/lib/providers';
import { binaryItem } from '../reliability/lib/providers';
import type { ContractCase } from '../contract/cases';
import { png, SKU, url, WAIT } from '../contract/cases';

const submitConversion = async (env: ProviderEnv) => {
	const { items } = await env.run(
		{
			resource: 'video',
			operation: 'removeBackground',
			binaryPropertyName: 'data',
			model: 'u2net',
			videoFormat: 'mov',
			waitForCompletion: false,
		},
		[binaryItem(makeMp4(), 'clip.mp4', 'video/mp4')],
	);
	return { taskId: items[0].json.taskId };
};

export const cases: ContractCase[] = [
	{
		resource: 'image',
		operation: 'removeBackground',
		params: () => ({
			binaryPropertyName: 'data',
			model: 'u2net',
			backgroundType: 'transparent',
			maxWaitSeconds: 30,
			pollIntervalSeconds: 0.25,
		}),
		items: png,
		source: () => 'shoe.v2',
		bad: {
			params: { binaryPropertyName: 'data', model: 'u2net', alphaMatting: '={{ "yes" }}' },
			field: 'Alpha Matting',
		},
	},
	{
		resource: 'video',
		operation: 'removeBackground',
		params: () => ({ binaryPropertyName: 'data', model: 'u2net', videoFormat: 'mov', ...WAIT }),
		items: () => [binaryItem(makeMp4(), 'clip.mp4', 'video/mp4', SKU)],
		source: () => 'clip',
		bad: { params: { binaryPropertyName: 'data', videoFormat: 'avi' }, field: 'Output Format' },
	},
	{
		resource: 'conversion',
		operation: 'getResult',
		before: async (env) => {
			const { taskId } = await submitConversion(env);
			// Finished after its polls (the fake counts them).
			for (let poll = 0; poll < 3; poll++)
				await env.run({
					resource: 'conversion',
					operation: 'getResult',
					conversionId: taskId,
					downloadResult: false,
				});
			return { taskId };
		},
		params: ({ taskId }) => ({ conversionId: taskId, downloadResult: true }),
		items: url,
		source: ({ taskId }) => String(taskId),
		bad: { params: { conversionId: '={{ "" }}' }, field: 'Conversion ID' },
	},
];
