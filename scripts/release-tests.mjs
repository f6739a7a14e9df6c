// Which tests ship with a provider package's own repository (scripts/release-repos.mjs writes the
// trees): its own test folder, and every shared test whose imports reach no other provider and whose
// text names no other one; with the files they import. Also the repository reads the generator shares.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';

import { REPO_DIR } from './packages.mjs';
import { PROVIDERS } from './providers.mjs';

const cache = new Map();
/** A repository file's text (read once: the closures below read the same files many times). */
export const read = (rel) => {
	if (!cache.has(rel)) cache.set(rel, readFileSync(join(REPO_DIR, rel), 'utf8'));
	return cache.get(rel);
};
export const rootPackage = () => JSON.parse(read('package.json'));

/** Every file under `rel` (repository-relative, posix), sorted; git-ignored build folders skipped. */
export function walk(rel) {
	const abs = join(REPO_DIR, rel);
	if (!existsSync(abs)) return [];
	if (statSync(abs).isFile()) return [rel];
	return readdirSync(abs)
		.sort()
		.flatMap((name) => (['node_modules', 'dist', '.tmp'].includes(name) ? [] : walk(posix.join(rel, name))));
}

/** The names by which a provider's files and tests are recognised (issue 27's "own set"). */
export function providerTokens(p) {
	const testDir = p.tests.split('/').pop();
	return [p.id, p.folder, testDir, p.folder.toLowerCase(), testDir.replaceAll('-', '')].map((t) => t.toLowerCase());
}

/** Does this repository path belong to another provider than `p`? */
function belongsToOther(rel, p) {
	const lower = rel.toLowerCase();
	return PROVIDERS.some((o) => o.id !== p.id && providerTokens(o).some((t) => lower.includes(t)));
}

/** Does this text name another provider than `p` (by id, folder or display name)? */
function namesOther(text, p) {
	return PROVIDERS.some(
		(o) => o.id !== p.id && [o.id, o.folder, o.displayName, providerTokens(o)[2]].some((t) => text.includes(t)),
	);
}

const IMPORT_RE = /(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g;

/** The repository files `rel` imports by relative path (ts, mjs, js, json; a folder's index). */
function relativeImports(rel) {
	const out = [];
	for (const m of read(rel).matchAll(IMPORT_RE)) {
		const base = posix.normalize(posix.join(posix.dirname(rel), m[1]));
		const candidates = [base, `${base}.ts`, `${base}.mjs`, `${base}.js`, `${base}.json`, `${base}/index.ts`, `${base}/index.js`];
		const hit = candidates.find((c) => existsSync(join(REPO_DIR, c)) && statSync(join(REPO_DIR, c)).isFile());
		if (hit) out.push(hit);
	}
	return out;
}

/** `entries` and every file they import, transitively; undefined when one belongs to another provider. */
function closure(entries, p) {
	const seen = new Set();
	const todo = [...entries];
	while (todo.length) {
		const rel = todo.pop();
		if (seen.has(rel)) continue;
		if (belongsToOther(rel, p)) return undefined;
		seen.add(rel);
		if (/\.(ts|mjs|js)$/.test(rel)) todo.push(...relativeImports(rel));
	}
	return seen;
}

/**
 * The tests that ship with a provider's tree: its own folder's, and every shared suite whose imports
 * reach no other provider and whose text names no other one (the shared suites read their rows
 * through the manifest, which in a tree has one entry). Returns the test files and all they need.
 */
export function providerTests(p) {
	const own = p.tests;
	// the synthetic provider proves the main repository's recipe for a new provider, the reliability
	// figures are the main repository's document of all providers, provider-units runs its scripts, and
	// prose and get-credits check its README, examples and set of providers: none is a package's test
	const notHere = ['test/e2e/', 'test/bench/', 'test/queue/', 'test/synthetic', 'test/reliability/figures', 'test/provider-units.test.ts', 'test/prose.test.ts', 'test/shared/get-credits.test.ts'];
	const tests = walk('test').filter((f) => f.endsWith('.test.ts') && !notHere.some((d) => f.startsWith(d)));
	const kept = [];
	const files = new Set();
	for (const t of tests) {
		if (!t.startsWith(`${own}/`) && (belongsToOther(t, p) || namesOther(read(t), p))) continue;
		const needs = closure([t], p);
		if (!needs) continue;
		// what a shared suite needs must not name another provider either (e.g. a shared table)
		if (!t.startsWith(`${own}/`) && [...needs].some((f) => f.startsWith('test/') && !f.startsWith(`${own}/`) && namesOther(read(f), p))) continue;
		kept.push(t);
		for (const f of needs) files.add(f);
	}
	// the group file of each folder with a kept test (test/harness/group.ts: it runs the folder's
	// test files present in the tree), the provider's own test folder whole (rows, scenarios,
	// fixtures), the harness setup and the stubs
	const groups = [...new Set(kept.map((t) => posix.join(posix.dirname(t), 'folder.group.ts')))];
	for (const f of [...groups.filter((g) => existsSync(join(REPO_DIR, g))), ...walk(own), ...walk('test/harness'), ...walk('test/stubs')]) {
		const needs = closure([f], p);
		if (needs) for (const n of needs) files.add(n);
	}
	return { tests: kept.sort(), files: [...files].filter((f) => f !== 'providers.manifest.ts').sort() };
}
