/** Cutout.pro's cases in the credential suite (test/suites/credential.ts). */
import type { CredentialRows } from '../suites/credential';

export const credential: CredentialRows = {
	freeRequest: { path: '/api/v1/mySubscription', authHeader: (key) => ['apikey', key] },
	refusedWith200: [
		{ label: 'code 4001, data null', body: { code: 4001, msg: 'Invalid APIKEY', data: null } },
		{ label: 'code 401, no data', body: { code: 401, msg: 'Unauthorized' } },
	],
};
