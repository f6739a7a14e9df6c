/** The Synthetic provider's rows in the contract test (test/contract/suite.ts). */
import type { ContractCase } from '../contract/cases';
import { png } from '../contract/cases';

export const cases: ContractCase[] = [
	{
		resource: 'image',
		operation: 'removeBackground',
		params: () => ({ binaryPropertyName: 'data' }),
		items: png,
		source: () => 'shoe.v2',
		bad: { params: { binaryPropertyName: 'nope' }, field: 'Input Binary Field' },
	},
];
