/** BackgroundRemoverAI's cases in the credential suite (test/suites/credential.ts). */
import type { CredentialRows } from '../suites/credential';

export const credential: CredentialRows = {
	freeRequest: { path: '/v1/convert/', authHeader: (key) => ['authorization', key] },
};
