/** Photoroom's runs in the secrets suites (test/suites/secrets.ts, test/suites/hardening.ts). */
import type { SecretsRows } from '../suites/secrets';
import { png } from '../suites/secrets';

export const secrets: SecretsRows = {
	scenarios: [
		{
			label: 'image.removeBackground (upload)',
			params: { resource: 'image', operation: 'removeBackground', binaryPropertyName: 'data' },
			items: png,
			first: (path) => path === '/v1/segment',
			errorBody: (_code, text) => ({ error: { message: text, detail: text } }),
		},
		{
			label: 'image.edit (URL, Amazon preset)',
			params: {
				resource: 'image',
				operation: 'edit',
				inputType: 'url',
				imageUrl: 'https://cdn.example.com/shoe.jpg',
				marketplace: 'amazon',
			},
			items: () => [{ json: {} }],
			first: (path) => path === '/v2/edit',
			errorBody: (_code, text) => ({ error: { message: text } }),
		},
	],
	firstRequest: { params: { resource: 'account', operation: 'getCredits' } },
};
