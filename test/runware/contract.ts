/** Runware's rows in the contract test (test/contract/suite.ts), one per operation. */
import type { ContractCase } from '../contract/cases';
import { getCreditsCase, png } from '../contract/cases';

export const cases: ContractCase[] = [
	{
		resource: 'image',
		operation: 'removeBackground',
		params: () => ({
			inputType: 'binary',
			binaryPropertyName: 'data',
			model: 'runware:109@1',
			outputType: 'URL',
			outputFormat: 'PNG',
		}),
		items: png,
		source: () => 'shoe.v2',
		bad: {
			params: {
				inputType: 'binary',
				binaryPropertyName: 'data',
				model: 'custom',
				customModel: 'rembg',
			},
			field: 'Custom Model AIR ID',
		},
	},
	getCreditsCase,
];
