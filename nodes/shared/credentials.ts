import type { IExecuteFunctions } from 'n8n-workflow';

/** What node code needs of a provider credential; the API key itself stays with n8n's helpers. */
export interface ApiCredentials {
	/** The credential's Base URL (or the provider's default), without a trailing slash. */
	baseUrl: string;
	/** Whether the API key starts with `prefix` (e.g. Photoroom's "sandbox_"); the key stays here. */
	keyStartsWith(prefix: string): boolean;
}

interface ExecutionCredentials {
	byType: Map<string, Promise<ApiCredentials>>;
	/** Base URLs read so far, by credential type (for `accountKey`). */
	baseUrls: Map<string, string>;
	/**
	 * Every API key read in this execution, and every bearer token it handed out (signed file
	 * URLs): removed from errors when they leave the node.
	 */
	secrets: Set<string>;
}

/**
 * Credentials read once per node execution (`ctx` is one execution's context): n8n loads and
 * decrypts a credential from its database on every `getCredentials` call, which cost each item of
 * a batch a database read. Held weakly, so nothing outlives the execution.
 */
const readPerExecution = new WeakMap<IExecuteFunctions, ExecutionCredentials>();

function forExecution(ctx: IExecuteFunctions): ExecutionCredentials {
	let entry = readPerExecution.get(ctx);
	if (!entry) {
		entry = { byType: new Map(), baseUrls: new Map(), secrets: new Set() };
		readPerExecution.set(ctx, entry);
	}
	return entry;
}

/** Reads an API-key credential with an optional base URL (the shape every provider here uses). */
export async function readApiCredentials(
	ctx: IExecuteFunctions,
	credentialType: string,
	defaultBaseUrl: string,
): Promise<ApiCredentials> {
	const { byType, baseUrls, secrets } = forExecution(ctx);
	let credentials = byType.get(credentialType);
	if (!credentials) {
		credentials = (async () => {
			const data = await ctx.getCredentials<{ apiKey?: string; baseUrl?: string }>(credentialType);
			if (data.apiKey) secrets.add(data.apiKey);
			const baseUrl = (data.baseUrl || defaultBaseUrl).replace(/\/+$/, '');
			baseUrls.set(credentialType, baseUrl);
			const key = (data.apiKey ?? '').trim();
			return { baseUrl, keyStartsWith: (prefix: string) => key.startsWith(prefix) };
		})();
		byType.set(credentialType, credentials);
		// A failed read (no credential selected) is not kept: the next item asks again.
		credentials.catch(() => byType.delete(credentialType));
	}
	return await credentials;
}

/** A secret this execution made (a signed URL's token): redacted like an API key from now on. */
export function rememberSecret(ctx: IExecuteFunctions, secret: string): void {
	forExecution(ctx).secrets.add(secret);
}

/** The API keys this execution has read, and the tokens it handed out (for redaction). */
export function knownSecrets(ctx: IExecuteFunctions): string[] {
	return [...(readPerExecution.get(ctx)?.secrets ?? [])];
}

/**
 * Which provider account a request goes to: the credential n8n stores (by its id, never by the
 * key's text) and the base URL it points at. Executions with the same account share one limit.
 */
export function accountKey(ctx: IExecuteFunctions, credentialType: string): string {
	const credential = ctx.getNode().credentials?.[credentialType];
	const baseUrl = readPerExecution.get(ctx)?.baseUrls.get(credentialType) ?? '';
	return JSON.stringify([credentialType, credential?.id ?? credential?.name ?? '', baseUrl]);
}

/** The Base URLs this execution's credentials point at (read so far), without a trailing slash. */
export function baseUrlsRead(ctx: IExecuteFunctions): string[] {
	return [...(readPerExecution.get(ctx)?.baseUrls.values() ?? [])];
}
