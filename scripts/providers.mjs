// The provider manifest (providers.manifest.ts) for the .mjs scripts and test runners, which run on
// plain Node without a TypeScript loader: the manifest is plain data, so the repository's
// TypeScript compiles it (types erased) and it is imported from memory.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import ts from 'typescript';

const REPO_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const source = readFileSync(join(REPO_DIR, 'providers.manifest.ts'), 'utf8');
const { outputText } = ts.transpileModule(source, {
	compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
});
const manifest = await import(`data:text/javascript;base64,${Buffer.from(outputText).toString('base64')}`);

/** @type {ReadonlyArray<import('../providers.manifest').ProviderManifestEntry>} */
export const PROVIDERS = manifest.PROVIDERS;

/** The entry of one provider id; throws for an unknown one. */
export function provider(id) {
	const p = PROVIDERS.find((x) => x.id === id);
	if (!p) throw new Error(`no provider "${id}" in providers.manifest.ts (known: ${PROVIDERS.map((x) => x.id).join(', ')})`);
	return p;
}

/** `test/fakes/cutout-pro` → `cutout-pro`: the name the e2e/queue/bench runners' `fake(name)` takes. */
export const fakeName = (p) => p.fake.module.replace(/^test\/fakes\//, '');

/** A node's or credential's file in dist/, as package.json's `n8n` section lists it. */
export const distFile = (entry) => `dist/${entry.file}.js`;

/**
 * A module of a provider's test folder (`p.tests`) that the runs in a real n8n read: `e2e.mjs`
 * (its e2e rows, fake and credentials, example checks), `bench.mjs` (its bench scenario).
 */
export async function providerRunFile(p, file) {
	return await import(pathToFileURL(join(REPO_DIR, p.tests, file)).href);
}

/** Every provider's `e2e` (test/<provider>/e2e.mjs), in manifest order, with its entry as `provider`. */
export async function providerE2e(providers = PROVIDERS) {
	return await Promise.all(providers.map(async (p) => ({ provider: p, ...(await providerRunFile(p, 'e2e.mjs')).e2e })));
}

/**
 * Every provider with a case of its own in the queue tier (`queue` in test/<provider>/queue.mjs, which
 * is optional), in manifest order, with its entry as `provider`.
 */
export async function providerQueue(providers = PROVIDERS) {
	const withFile = providers.filter((p) => existsSync(join(REPO_DIR, p.tests, 'queue.mjs')));
	return await Promise.all(withFile.map(async (p) => ({ provider: p, ...(await providerRunFile(p, 'queue.mjs')).queue })));
}
