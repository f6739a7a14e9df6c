/** The Synthetic provider's cases in the credential suite (test/suites/credential.ts). */
import type { CredentialRows } from '../suites/credential';

export const credential: CredentialRows = {
	freeRequest: { path: '/v1/account', authHeader: (key) => ['x-api-key', key] },
};
