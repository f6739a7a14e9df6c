/** Ximilar's rows in the contract test (test/contract/suite.ts), one per operation. */
import type { ContractCase } from '../contract/cases';
import { getCreditsCase, png } from '../contract/cases';

export const cases: ContractCase[] = [
	{
		resource: 'image',
		operation: 'removeBackground',
		params: () => ({
			endpoint: 'precise',
			inputType: 'binary',
			binaryPropertyName: 'data',
			downloadResult: true,
			imageOptions: { binaryMask: false, whiteBackground: true },
		}),
		items: png,
		source: () => 'shoe.v2',
		bad: {
			params: { endpoint: 'precise', inputType: 'url', imageUrl: 'nope' },
			field: 'Image URL',
		},
	},
	getCreditsCase,
];
