/** Photoroom's rows in the faults suite (test/suites/faults.ts): synchronous, the image in the reply. */
import type { FaultScenario } from '../suites/faults';
import { png } from '../suites/faults';

export const faults: FaultScenario = {
	params: { resource: 'image', operation: 'removeBackground', binaryPropertyName: 'data' },
	items: () => png(),
	paths: { submit: (r) => r.method === 'POST' && r.path === '/v1/segment' },
	// A 200 that is JSON, not the image.
	missingFields: () => ({}),
	errors: { missingFields: 'Photoroom sent a reply that is not a valid API response' },
};
