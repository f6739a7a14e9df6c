/**
 * The provider nodes of providers.manifest.ts behind one shape, each against its own fake, for the
 * contract and reliability suites: one fresh random API key per test-file run, a runner per node,
 * and what counts as paid work (the fake's `paidWork`).
 */
import { randomBytes } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import type { FakeServer, FaultKind, RecordedRequest } from '../../fakes/fake-server';
import type { FixtureItem, NodeRun } from '../../harness/n8n';
import { runNode } from '../../harness/n8n';
import type { ProviderId, ProviderManifestEntry } from '../../providers';
import { loadProvider, providerEntry, PROVIDERS } from '../../providers';

export type ProviderKey = ProviderId;

export const PROVIDER_NAMES = Object.fromEntries(
	PROVIDERS.map((p) => [p.id, p.displayName]),
) as Record<ProviderKey, string>;

const PROVIDER_KEYS = PROVIDERS.map((p) => p.id);

/** A fresh key per run, with a recognisable prefix so a leak is easy to spot in a diff. */
export const randomApiKey = (prefix: string) => `${prefix}-${randomBytes(16).toString('hex')}`;

export interface RunOptions {
	continueOnFail?: boolean;
	/** Sent instead of the key the fake accepts (the fake then answers 401). */
	apiKey?: string;
}

export interface ProviderEnv {
	key: string;
	name: string;
	/** The key the fake accepts. */
	apiKey: string;
	fake: FakeServer;
	run(parameters: IDataObject, items?: FixtureItem[], options?: RunOptions): Promise<NodeRun>;
	/** Units of paid work the fake was asked for: tasks, uploaded files or records. */
	paidUnits(): number;
	/** Requests that create paid work. */
	isPaid(request: RecordedRequest): boolean;
}

/**
 * Starts the fakes of the given providers for the enclosing test file (reset before each test)
 * and returns their environments, filled in once `beforeAll` has run.
 */
export function useProviders(keys: readonly ProviderKey[] = PROVIDER_KEYS) {
	return useProviderEntries(keys.map(providerEntry)) as Record<ProviderKey, ProviderEnv>;
}

/** useProviders for any manifest entries (e.g. one that is not in providers.manifest.ts). */
export function useProviderEntries(entries: readonly ProviderManifestEntry[]) {
	const envs: Record<string, ProviderEnv> = {};
	beforeAll(async () => {
		for (const entry of entries) {
			const provider = loadProvider(entry);
			const { isPaid, units } = provider.paidWork;
			const apiKey = randomApiKey(entry.id);
			// Done at the first status poll: every async run costs one poll interval.
			const fake = await provider.startFake({ apiKey, pollsUntilDone: 0 });
			envs[entry.id] = {
				key: entry.id,
				name: entry.displayName,
				apiKey,
				fake,
				isPaid,
				paidUnits: () =>
					fake.requests.filter(isPaid).reduce((sum, request) => sum + units(request), 0),
				run: async (parameters, items = [{ json: {} }], options = {}) =>
					await runNode({
						node: provider.node(),
						credentials: {
							type: provider.credential(),
							data: {
								apiKey: options.apiKey ?? apiKey,
								baseUrl: fake.baseUrl,
							},
						},
						parameters,
						items,
						continueOnFail: options.continueOnFail ?? false,
					}),
			};
		}
	});
	beforeEach(() => {
		for (const entry of entries) envs[entry.id]?.fake.reset();
	});
	afterAll(async () => {
		for (const entry of entries) await envs[entry.id]?.fake.close();
	});
	return envs;
}

/**
 * An injected reply with any status and body. The fake framework sends every status the same
 * way; its type lists only the retryable ones.
 */
export function reply(status: number, body: unknown): FaultKind {
	return { status, body } as unknown as FaultKind;
}

export function binaryItem(
	data: Buffer,
	fileName = 'photo.png',
	mimeType = 'image/png',
	json: IDataObject = {},
	property = 'data',
): FixtureItem {
	return { json, binary: { [property]: { data, fileName, mimeType } } };
}
