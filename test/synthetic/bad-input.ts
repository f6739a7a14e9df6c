/** The Synthetic provider's operation and rows in the bad-input suite (test/suites/bad-input.ts). */
import type { BadInputOperation, BadInputRows } from '../suites/bad-input';
import { binaryRows, MB } from '../suites/bad-input';

const removeBackground: BadInputOperation = {
	label: 'image.removeBackground',
	params: { resource: 'image', operation: 'removeBackground', binaryPropertyName: 'data' },
	good: {},
	file: 'image',
	goodUnits: 1,
};

export const badInput: BadInputRows = {
	rows: binaryRows(removeBackground, 1 * MB),
	notApplicable: [],
};
