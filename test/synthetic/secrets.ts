/** The Synthetic provider's runs in the secrets suites (test/suites/secrets.ts, test/suites/hardening.ts). */
import type { SecretsRows } from '../suites/secrets';
import { png } from '../suites/secrets';

export const secrets: SecretsRows = {
	scenarios: [
		{
			label: 'image.removeBackground (upload)',
			params: { resource: 'image', operation: 'removeBackground', binaryPropertyName: 'data' },
			items: png,
			first: (path) => path === '/v1/remove-background',
			errorBody: (code, text) => ({ code: String(code), message: text }),
		},
	],
	firstRequest: {
		params: { resource: 'image', operation: 'removeBackground', binaryPropertyName: 'data' },
		items: png,
	},
};
