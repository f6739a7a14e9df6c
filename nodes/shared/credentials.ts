import type { IExecuteFunctions } from 'n8n-workflow';

export interface ApiCredentials {
	/** Without a trailing slash. */
	baseUrl: string;
	/** Values that must never appear in output, errors or logs. */
	secrets: string[];
}

/** Reads an API-key credential with an optional base URL (the shape every provider here uses). */
export async function readApiCredentials(
	ctx: IExecuteFunctions,
	credentialType: string,
	defaultBaseUrl: string,
): Promise<ApiCredentials> {
	const credentials = await ctx.getCredentials<{ apiKey: string; baseUrl?: string }>(
		credentialType,
	);
	return {
		baseUrl: (credentials.baseUrl || defaultBaseUrl).replace(/\/+$/, ''),
		secrets: [credentials.apiKey],
	};
}
