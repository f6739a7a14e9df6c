import { createHmac, randomBytes } from 'crypto';
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
	/** A digest of the API key read, by credential type (for `accountKey`; never the key). */
	keyDigests: Map<string, string>;
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
		entry = { byType: new Map(), baseUrls: new Map(), keyDigests: new Map(), secrets: new Set() };
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
	const { byType, baseUrls, keyDigests, secrets } = forExecution(ctx);
	let credentials = byType.get(credentialType);
	if (!credentials) {
		credentials = (async () => {
			const data = await ctx.getCredentials<{ apiKey?: string; baseUrl?: string }>(credentialType);
			if (data.apiKey) secrets.add(data.apiKey);
			const baseUrl = (data.baseUrl || defaultBaseUrl).replace(/\/+$/, '');
			baseUrls.set(credentialType, baseUrl);
			keyDigests.set(credentialType, keyDigest(data.apiKey ?? ''));
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
 * A per-process random salt for `keyDigest`: digests cannot be compared with anything computed
 * elsewhere, nor tested against a list of guessed keys without this process's memory.
 */
const DIGEST_SALT = randomBytes(32);

/** HMAC-SHA-256 of the API key under the per-process salt, shortened: tells keys apart, reveals none. */
function keyDigest(apiKey: string) {
	return createHmac('sha256', DIGEST_SALT).update(apiKey).digest('base64url').slice(0, 22);
}

/** The Base URL without userinfo (`https://user:pass@host` → `https://host`): no secret in the key. */
function withoutUserinfo(baseUrl: string) {
	return baseUrl.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1');
}

/**
 * Which provider account a request goes to, as the limit shared by executions names it: the
 * credential type, the credential n8n stores (its id, never the key's text), the Base URL it
 * points at (userinfo removed), and a digest of the API key this execution resolved. The digest is
 * there because one stored credential can be several real accounts: a key written as an
 * expression (`={{ $json.shopKey }}`) is resolved per execution from its input, so executions with
 * different keys under one credential id must not share one limit. It is an HMAC-SHA-256 under a
 * random salt made when the process starts (never the key, nor a plain hash of it that could be
 * checked against guessed keys); it lives only in this process's memory, like the limit it keys.
 */
export function accountKey(ctx: IExecuteFunctions, credentialType: string): string {
	const credential = ctx.getNode().credentials?.[credentialType];
	const entry = readPerExecution.get(ctx);
	const baseUrl = withoutUserinfo(entry?.baseUrls.get(credentialType) ?? '');
	const digest = entry?.keyDigests.get(credentialType) ?? '';
	return JSON.stringify([
		credentialType,
		credential?.id ?? credential?.name ?? '',
		baseUrl,
		digest,
	]);
}

/** The Base URLs this execution's credentials point at (read so far), without a trailing slash. */
export function baseUrlsRead(ctx: IExecuteFunctions): string[] {
	return [...(readPerExecution.get(ctx)?.baseUrls.values() ?? [])];
}
