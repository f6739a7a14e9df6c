/** Runware's runs in the secrets suites (test/suites/secrets.ts, test/suites/hardening.ts). */
import type { SecretsRows } from '../suites/secrets';
import { png } from '../suites/secrets';

export const secrets: SecretsRows = {
	scenarios: [
		{
			label: 'image.removeBackground (tasks, download)',
			params: {
				resource: 'image',
				operation: 'removeBackground',
				inputType: 'binary',
				binaryPropertyName: 'data',
				model: 'runware:109@1',
				outputType: 'URL',
				outputFormat: 'PNG',
			},
			items: png,
			first: (path) => path === '/v1',
			errorBody: (_code, text) => ({
				errors: [{ code: 'serverError', message: text, parameter: text, taskUUID: text }],
			}),
		},
	],
	firstRequest: { params: { resource: 'account', operation: 'getCredits' } },
};
