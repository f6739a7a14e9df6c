/** Ximilar's runs in the secrets suites (test/suites/secrets.ts, test/suites/hardening.ts). */
import type { SecretsRows } from '../suites/secrets';
import { png } from '../suites/secrets';

export const secrets: SecretsRows = {
	scenarios: [
		{
			label: 'image.removeBackground (records, download)',
			params: {
				resource: 'image',
				operation: 'removeBackground',
				endpoint: 'precise',
				inputType: 'binary',
				binaryPropertyName: 'data',
				downloadResult: true,
			},
			items: png,
			first: (path) => path.endsWith('/removebg'),
			errorBody: (code, text) => ({
				status: { code, text, error_description: { headers: { Authorization: text } } },
				detail: text,
			}),
		},
	],
	firstRequest: { params: { resource: 'account', operation: 'getCredits' } },
	// Ximilar shows an excerpt only of a 2xx reply it cannot read.
	echoStatus: 200,
};
