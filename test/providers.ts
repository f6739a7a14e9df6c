/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code, never shipped: it loads modules by path */
/**
 * providers.manifest.ts for the tests: an entry's node, credential, fake and contract rows loaded
 * from the paths it names, and checked against it (the node's type and displayName, the
 * credential's name and default Base URL, the transport's PROVIDER, PROVIDER_ID, CREDENTIAL_TYPE
 * and DEFAULT_BASE_URL). The suites that run every provider take their list from
 * here; test/synthetic-provider.test.ts loads an entry that is not in the manifest the same way.
 */
import path from 'node:path';

import type { ICredentialType, INodeType } from 'n8n-workflow';

import type { ProviderId, ProviderManifestEntry } from '../providers.manifest';
import { PROVIDERS } from '../providers.manifest';
import type { ContractCase } from './contract/cases';
import type { FakeServer } from './fakes/fake-server';
import type { PaidWork } from './fakes/paid-work';
import type { BadInputRows } from './suites/bad-input';
import type { CredentialRows } from './suites/credential';
import type { EditorRows } from './suites/editor';
import type { FaultScenario } from './suites/faults';
import type { SecretsRows } from './suites/secrets';

export { PROVIDERS };
export type { ProviderId, ProviderManifestEntry };

/** What every fake's start function takes (a fake ignores what it does not model). */
export interface FakeStartOptions {
	apiKey: string;
	latencyMs?: number;
	/** Status polls before an async task is done (0: done at the first one). */
	pollsUntilDone?: number;
}

/**
 * A provider's rows in the shared suites: one module per suite in its test folder (`entry.tests`),
 * under a fixed name, exporting one value (test/manifest.test.ts checks that every provider has them).
 */
export const PROVIDER_ROWS = {
	contract: { file: 'contract', export: 'cases' },
	faults: { file: 'faults', export: 'faults' },
	badInput: { file: 'bad-input', export: 'badInput' },
	secrets: { file: 'secrets', export: 'secrets' },
	editor: { file: 'editor', export: 'editor' },
	credential: { file: 'credential', export: 'credential' },
} as const;

/**
 * What the runs in a real n8n read from a real provider's test folder, one export each: its e2e
 * unit (`e2e.mjs`: fake, credentials, operation rows, example checks, optionally its part of the
 * Get Credits workflow), its bench scenario (`bench.mjs`), its stand-in for `npm run dev`
 * (`sandbox.ts`, compiled with the fakes); optionally its queue-tier case (`queue.mjs`) and its CPU
 * overhead scenarios (`overhead.ts`). test/manifest.test.ts checks that every provider has them.
 */
export const PROVIDER_RUN_FILES = {
	e2e: { file: 'e2e.mjs', export: 'e2e', optional: false },
	bench: { file: 'bench.mjs', export: 'bench', optional: false },
	sandbox: { file: 'sandbox.ts', export: 'sandbox', optional: false },
	queue: { file: 'queue.mjs', export: 'queue', optional: true },
	overhead: { file: 'overhead.ts', export: 'overhead', optional: true },
} as const;

export interface ProviderRows {
	contract(): ContractCase[];
	faults(): FaultScenario;
	badInput(): BadInputRows;
	secrets(): SecretsRows;
	editor(): EditorRows;
	credential(): CredentialRows;
}

export interface LoadedProvider {
	entry: ProviderManifestEntry;
	/** The main (action) node. */
	node(): INodeType;
	/** Every node of the provider, the main one first. */
	nodes(): INodeType[];
	credential(): ICredentialType;
	startFake(options: FakeStartOptions): Promise<FakeServer>;
	paidWork: PaidWork;
	contractCases(): ContractCase[];
	/** Its rows in the shared suites (PROVIDER_ROWS). */
	rows: ProviderRows;
}

const REPO_DIR = path.resolve(__dirname, '..');

/** The export `name` of the module at `file` (repository-relative, no extension). */
function exported<T>(file: string, name: string): T {
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- the manifest names modules by path
	const value = (require(path.join(REPO_DIR, file)) as Record<string, unknown>)[name];
	if (value === undefined) throw new Error(`${file} exports no ${name}`);
	return value as T;
}

/** The value a provider's test folder gives one suite (PROVIDER_ROWS). */
function rowsOf<T>(entry: ProviderManifestEntry, suite: keyof typeof PROVIDER_ROWS): T {
	const { file, export: name } = PROVIDER_ROWS[suite];
	return exported<T>(path.posix.join(entry.tests, file), name);
}

type Constructor<T> = new () => T;

/** Loads what `entry` names; throws when a file or export is missing or disagrees with the entry. */
export function loadProvider(entry: ProviderManifestEntry): LoadedProvider {
	const nodeClasses = entry.nodes.map((n) => exported<Constructor<INodeType>>(n.file, n.className));
	const Credential = exported<Constructor<ICredentialType>>(
		entry.credential.file,
		entry.credential.className,
	);
	const start = exported<(options: FakeStartOptions) => Promise<FakeServer>>(
		entry.fake.module,
		entry.fake.start,
	);
	const paidWork = exported<PaidWork>(entry.fake.module, 'paidWork');
	const nodes = () => nodeClasses.map((NodeClass) => new NodeClass());
	nodes().forEach((node, i) => {
		if (node.description.name !== entry.nodes[i].type) {
			throw new Error(
				`${entry.nodes[i].file}: type ${node.description.name}, the manifest says ${entry.nodes[i].type}`,
			);
		}
	});
	const main = nodes()[0];
	if (main.description.displayName !== entry.displayName) {
		throw new Error(
			`${entry.nodes[0].file}: displayName ${main.description.displayName}, the manifest says ${entry.displayName}`,
		);
	}
	const credential = new Credential();
	if (credential.name !== entry.credential.type) {
		throw new Error(
			`${entry.credential.file}: name ${credential.name}, the manifest says ${entry.credential.type}`,
		);
	}
	const baseUrl = credential.properties.find((p) => p.name === 'baseUrl')?.default;
	if (baseUrl !== entry.baseUrl) {
		throw new Error(
			`${entry.credential.file}: default Base URL ${String(baseUrl)}, the manifest says ${entry.baseUrl}`,
		);
	}
	// Every transport (beside the main node: <folder>/transport) names its provider the same way.
	const transport = path.posix.join(path.posix.dirname(entry.nodes[0].file), 'transport');
	const identity = {
		PROVIDER: entry.displayName,
		PROVIDER_ID: entry.id,
		CREDENTIAL_TYPE: entry.credential.type,
		DEFAULT_BASE_URL: entry.baseUrl,
	};
	for (const [name, expected] of Object.entries(identity)) {
		const actual = exported<unknown>(transport, name);
		if (actual !== expected) {
			throw new Error(`${transport}: ${name} is ${String(actual)}, the manifest says ${expected}`);
		}
	}
	return {
		entry,
		node: () => new nodeClasses[0](),
		nodes,
		credential: () => new Credential(),
		startFake: async (options) => await start(options),
		paidWork,
		contractCases: () => rowsOf<ContractCase[]>(entry, 'contract'),
		rows: {
			contract: () => rowsOf(entry, 'contract'),
			faults: () => rowsOf(entry, 'faults'),
			badInput: () => rowsOf(entry, 'badInput'),
			secrets: () => rowsOf(entry, 'secrets'),
			editor: () => rowsOf(entry, 'editor'),
			credential: () => rowsOf(entry, 'credential'),
		},
	};
}

/** The manifest's entry for `id`. */
export function providerEntry(id: ProviderId): ProviderManifestEntry {
	return PROVIDERS.find((p) => p.id === id)!;
}
