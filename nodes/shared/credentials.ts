import type { IExecuteFunctions } from 'n8n-workflow';

export interface ApiCredentials {
	/** Without a trailing slash. */
	baseUrl: string;
	/** Values that must never appear in output, errors or logs. */
	secrets: string[];
}

/**
 * Credentials read once per node execution (`ctx` is one execution's context): n8n loads and
 * decrypts a credential from its database on every `getCredentials` call, which cost each item of
 * a batch a database read. Held weakly, so nothing outlives the execution.
 */
const readPerExecution = new WeakMap<IExecuteFunctions, Map<string, Promise<ApiCredentials>>>();

/** Reads an API-key credential with an optional base URL (the shape every provider here uses). */
export async function readApiCredentials(
	ctx: IExecuteFunctions,
	credentialType: string,
	defaultBaseUrl: string,
): Promise<ApiCredentials> {
	let byType = readPerExecution.get(ctx);
	if (!byType) {
		byType = new Map();
		readPerExecution.set(ctx, byType);
	}
	let credentials = byType.get(credentialType);
	if (!credentials) {
		credentials = read(ctx, credentialType, defaultBaseUrl);
		byType.set(credentialType, credentials);
		// A failed read (no credential selected) is not kept: the next item asks again.
		credentials.catch(() => byType.delete(credentialType));
	}
	return await credentials;
}

async function read(
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
