/** Photoroom's rows in the contract test (test/contract/suite.ts), one per operation. */
import type { ContractCase } from '../contract/cases';
import { getCreditsCase, png, url } from '../contract/cases';

export const cases: ContractCase[] = [
	{
		resource: 'image',
		operation: 'removeBackground',
		params: () => ({ binaryPropertyName: 'data' }),
		items: png,
		source: () => 'shoe.v2',
		bad: { params: { binaryPropertyName: 'nope' }, field: 'Input Binary Field' },
	},
	{
		resource: 'image',
		operation: 'edit',
		params: () => ({
			inputType: 'url',
			imageUrl: 'https://cdn.example.com/catalog/shoe.v2.jpg',
			marketplace: 'amazon',
		}),
		items: url,
		source: () => 'shoe.v2',
		bad: {
			params: {
				inputType: 'binary',
				binaryPropertyName: 'data',
				editOptions: { padding: '0.6' },
			},
			field: 'Padding',
		},
	},
	getCreditsCase,
];
