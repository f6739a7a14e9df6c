/** Ximilar's rows in the faults suite (test/suites/faults.ts): synchronous, so no status poll and no task rows. */
import type { FaultScenario } from '../suites/faults';
import { png, startsWith } from '../suites/faults';

export const faults: FaultScenario = {
	params: {
		resource: 'image',
		operation: 'removeBackground',
		endpoint: 'precise',
		inputType: 'binary',
		binaryPropertyName: 'data',
		downloadResult: true,
	},
	items: () => png(),
	paths: {
		submit: (r) => r.method === 'POST' && r.path.endsWith('/removebg'),
		download: startsWith('/ximilar-tmp-images/'),
	},
	missingFields: () => ({
		records: [{ _status: { code: 200, text: 'OK' }, _id: 'rec-1' }],
		status: { code: 200, text: 'OK' },
	}),
	errors: { missingFields: 'Ximilar reported success but sent no output URL' },
};
