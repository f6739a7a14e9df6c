/** Runware's cases in the credential suite (test/suites/credential.ts). */
import type { CredentialRows } from '../suites/credential';

export const credential: CredentialRows = {
	freeRequest: { path: '/v1', authHeader: (key) => ['authorization', `Bearer ${key}`] },
	refusedWith200: [
		{
			label: 'invalidApiKey',
			body: { errors: [{ code: 'invalidApiKey', message: 'Invalid API key.' }] },
		},
		{
			label: 'another error, no data',
			body: { errors: [{ code: 'unauthorized', message: 'Key disabled.' }] },
		},
	],
};
