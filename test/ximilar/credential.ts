/** Ximilar's cases in the credential suite (test/suites/credential.ts). */
import type { CredentialRows } from '../suites/credential';

export const credential: CredentialRows = {
	freeRequest: {
		path: '/account/v2/details/',
		authHeader: (key) => ['authorization', `Token ${key}`],
	},
};
