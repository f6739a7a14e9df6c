#!/usr/bin/env node
// npm run release:repos -- --out=DIR [--only=<package name>]
//
// Writes DIR/<package name>/ for each provider package of providers.manifest.ts: the complete tree
// of that package's own repository, which n8n's verification reads (the scanner takes the attested
// GitHub source at the published commit and lints the folder whose package.json has the package's
// name: its nodes/ and credentials/ must be there, at the root). This repository stays the one place
// where code is written; a tree is regenerated from it for each release and never edited by hand.
//
// A tree holds: package.json at its root (its own name, repository and `n8n` section, no runtime
// dependencies, peer n8n-workflow "*"), package-lock.json (this repository's, for the same dev
// dependencies), nodes/<Provider>/ and nodes/shared/ as sources, its credential and icons, a
// one-entry providers.manifest.ts, its README (its section and the shared parts of README.md),
// LICENSE, CHANGELOG, tsconfig/lint/prettier/jest configs, its own tests with its fake and the
// harness they need (every test of this repository whose imports reach no other provider and which
// names no other provider), and .github/workflows/publish.yml (npm provenance on a version tag).
// Each generated file says so, where its format has comments; GENERATED.md lists every file with
// its source. Generating twice gives the same bytes (no dates, sorted walks).
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import * as prettier from 'prettier';

import { PROVIDER_PACKAGES, REPO_DIR, manifestFor, providerReadme } from './packages.mjs';
import { PROVIDERS } from './providers.mjs';

/** Where each provider package's repository lives (its package.json `repository`). */
export const GITHUB_OWNER = 'n8n-nodes-background-removal';
export const MAIN_REPOSITORY = `${GITHUB_OWNER}/n8n-nodes-background-removal`;
const GENERATOR = 'scripts/release-repos.mjs';

const cache = new Map();
/** A repository file's text (read once: the closures below read the same files many times). */
const read = (rel) => {
	if (!cache.has(rel)) cache.set(rel, readFileSync(join(REPO_DIR, rel), 'utf8'));
	return cache.get(rel);
};
const rootPackage = () => JSON.parse(read('package.json'));

/** Every file under `rel` (repository-relative, posix), sorted; git-ignored build folders skipped. */
function walk(rel) {
	const abs = join(REPO_DIR, rel);
	if (!existsSync(abs)) return [];
	if (statSync(abs).isFile()) return [rel];
	return readdirSync(abs)
		.sort()
		.flatMap((name) => (['node_modules', 'dist', '.tmp'].includes(name) ? [] : walk(posix.join(rel, name))));
}

/** The names by which a provider's files and tests are recognised (issue 27's "own set"). */
export function providerTokens(p) {
	const testDir = posix.dirname(p.contract).split('/').pop();
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
	const own = posix.dirname(p.contract);
	// the synthetic provider proves the main repository's recipe for a new provider, and the reliability
	// figures are the main repository's document of all providers: neither is a package's test
	const notHere = ['test/e2e/', 'test/bench/', 'test/queue/', 'test/synthetic', 'test/reliability/figures'];
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
	// the provider's own test folder whole (rows, scenarios, fixtures), the harness setup and the stubs
	for (const f of [...walk(own), ...walk('test/harness'), ...walk('test/stubs')]) {
		const needs = closure([f], p);
		if (needs) for (const n of needs) files.add(n);
	}
	return { tests: kept.sort(), files: [...files].filter((f) => f !== 'providers.manifest.ts').sort() };
}

// --------------------------------------------------------------------------------- generated files

const banner = {
	ts: (from) => `// Generated by ${GENERATOR} from ${MAIN_REPOSITORY}${from ? `: ${from}` : ''}. Do not edit here.\n`,
	md: (from) => `<!-- Generated by ${GENERATOR} from ${MAIN_REPOSITORY}${from ? `: ${from}` : ''}. Do not edit here. -->\n`,
	yml: (from) => `# Generated by ${GENERATOR} from ${MAIN_REPOSITORY}${from ? `: ${from}` : ''}. Do not edit here.\n`,
};

/** A copied file with the banner its format allows (a shebang stays first; JSON and SVG stay as they are). */
function withBanner(rel, text) {
	const kind = /\.(ts|mjs|js|cjs)$/.test(rel) ? 'ts' : /\.md$/.test(rel) ? 'md' : /\.ya?ml$/.test(rel) ? 'yml' : undefined;
	if (!kind) return text;
	if (text.startsWith('#!')) {
		const nl = text.indexOf('\n') + 1;
		return text.slice(0, nl) + banner[kind](rel) + text.slice(nl);
	}
	return banner[kind](rel) + text;
}

/** providers.manifest.ts with only `p`'s entry (the interfaces kept as they are). */
function oneEntryManifest(p) {
	const text = read('providers.manifest.ts');
	const start = text.indexOf('export const PROVIDERS = [');
	const end = text.indexOf('] as const satisfies');
	if (start < 0 || end < 0) throw new Error('providers.manifest.ts: cannot find the PROVIDERS array');
	const body = text.slice(start + 'export const PROVIDERS = ['.length, end);
	// the entries are the array's top-level { … } blocks
	const entries = [];
	let depth = 0;
	let from = -1;
	for (let i = 0; i < body.length; i += 1) {
		if (body[i] === '{') {
			if (depth === 0) from = i;
			depth += 1;
		} else if (body[i] === '}') {
			depth -= 1;
			if (depth === 0) entries.push(body.slice(from, i + 1));
		}
	}
	const mine = entries.find((e) => e.includes(`id: '${p.id}'`));
	if (!mine) throw new Error(`providers.manifest.ts: no entry with id '${p.id}'`);
	return `${text.slice(0, start)}export const PROVIDERS = [\n\t${mine},\n${text.slice(end)}`;
}

function packageJson(pkg, p) {
	const root = rootPackage();
	const base = manifestFor(pkg);
	const repo = `https://github.com/${GITHUB_OWNER}/${pkg.name}`;
	return {
		'//': `Generated by ${GENERATOR} from ${MAIN_REPOSITORY}. Do not edit here.`,
		name: base.name,
		version: base.version,
		description: base.description,
		keywords: base.keywords,
		license: base.license,
		author: base.author,
		homepage: `${repo}#readme`,
		repository: { type: 'git', url: `git+${repo}.git` },
		bugs: { url: `${repo}/issues` },
		main: 'index.js',
		files: ['dist', '!dist/providers.manifest.*'],
		engines: base.engines,
		scripts: {
			build: 'n8n-node build && node scripts/copy-codex.mjs',
			lint: 'eslint . --max-warnings 0 && prettier --check .',
			'lint:fix': 'eslint . --fix && prettier --write .',
			test: 'jest',
			typecheck: 'tsc -p tsconfig.test.json --noEmit',
		},
		n8n: base.n8n,
		peerDependencies: base.peerDependencies,
		// the same dev dependencies as the main repository, so that its lockfile serves (npm ci)
		devDependencies: root.devDependencies,
	};
}

/** This repository's lockfile with the root entry made the tree's (same dev dependencies). */
function packageLock(pkgJson) {
	const lock = JSON.parse(read('package-lock.json'));
	lock.name = pkgJson.name;
	lock.version = pkgJson.version;
	const rootEntry = lock.packages[''];
	lock.packages[''] = {
		name: pkgJson.name,
		version: pkgJson.version,
		license: pkgJson.license,
		devDependencies: rootEntry.devDependencies,
		engines: rootEntry.engines,
		peerDependencies: rootEntry.peerDependencies,
	};
	return lock;
}

const TSCONFIG_BUILD = (p) => ({
	extends: './tsconfig.base.json',
	compilerOptions: { types: ['node'], rootDir: '.', outDir: './dist/' },
	include: [`nodes/**/*`, 'credentials/**/*'],
	exclude: ['test/**/*'],
});

const JEST_CONFIG = `/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
	testTimeout: 30000,
	setupFilesAfterEnv: ['<rootDir>/test/harness/jest-setup.ts'],
	maxWorkers: 2,
};
`;

const COPY_CODEX = `#!/usr/bin/env node
// n8n-node build copies icons; the codex files (*.node.json: categories, docs links) go beside the
// compiled nodes too, where n8n looks for them.
import { cpSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const walk = (dir) => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
for (const file of walk('nodes').filter((f) => f.endsWith('.node.json'))) cpSync(file, join('dist', file));
`;

function publishWorkflow(pkg) {
	return `# Publishes ${pkg.name} to npm with provenance when a version tag (1.2.3 or v1.2.3) is pushed.
# n8n's verification requires a package published from a GitHub Action with npm provenance; its
# scanner then lints this repository at the commit the provenance names.
# Set up once: on npmjs.com, trusted publishing for this repository and workflow (or a repository
# secret NPM_TOKEN, an automation token allowed to publish ${pkg.name}).
name: Publish

on:
  push:
    tags: ['*.*.*', 'v*.*.*']

permissions:
  contents: read
  id-token: write # npm provenance (OIDC)

jobs:
  publish:
    runs-on: ubuntu-latest
    timeout-minutes: 20
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          registry-url: https://registry.npmjs.org
      - run: npm ci --no-audit --no-fund
      - name: The tag is the package version
        run: |
          version="$(node -p "require('./package.json').version")"
          if [ "\${GITHUB_REF_NAME#v}" != "$version" ]; then echo "tag $GITHUB_REF_NAME does not match $version"; exit 1; fi
      - run: npm run build
      - run: npm run lint
      - run: npm test
      - name: Publish with provenance
        env:
          NODE_AUTH_TOKEN: \${{ secrets.NPM_TOKEN }}
        run: |
          if [ "$(npm view "$(node -p "require('./package.json').name")@$(node -p "require('./package.json').version")" version 2>/dev/null)" ]; then
            echo "already published"; exit 0
          fi
          npm publish --provenance --access public
`;
}

function changelog(pkg) {
	return `# Changelog of ${pkg.name}

This package is one provider of [${MAIN_REPOSITORY}](https://github.com/${MAIN_REPOSITORY}); its
changes are recorded there (CHANGELOG.md) and each release regenerates this repository.

## ${rootPackage().version}

${changelogEntry(rootPackage().version)}
`;
}

/** The main repository's CHANGELOG.md entry for `version`. */
function changelogEntry(version) {
	const text = read('CHANGELOG.md');
	const m = text.split(/^## /m).find((s) => s.startsWith(`${version}`));
	if (!m) throw new Error(`CHANGELOG.md has no "## ${version}" entry`);
	return m.slice(m.indexOf('\n') + 1).trim();
}

function treeReadme(pkg, p, tests) {
	return `${providerReadme(pkg, pkg.name).trimEnd()}

## Development

This repository is generated from [${MAIN_REPOSITORY}](https://github.com/${MAIN_REPOSITORY}) for
each release (\`npm run release:repos\` there); changes are made there. Here:

\`\`\`bash
npm ci           # dev tools (the same as the main repository's)
npm run build    # n8n-node build: TypeScript + icons, then the codex files, into dist/
npm run lint     # n8n's strict community-node lint (@n8n/node-cli config) and prettier
npm test         # jest: the node runs in n8n-core's execution engine against a local fake ${p.displayName} on 127.0.0.1
\`\`\`

The tests (${tests.length} files) are this provider's own and the shared suites it passes: the
output contract, faults, bad input, secrets and hardening rows, run against the fake in
\`test/fakes/\`, which checks what the real API checks.
`;
}

/** Every file of `pkg`'s tree: path → { text, from }. */
export function treeFiles(pkg) {
	const p = pkg.provider;
	const files = new Map();
	const copy = (rel) => files.set(rel, { text: withBanner(rel, read(rel)), from: rel });
	const put = (rel, text, from = 'generated') => files.set(rel, { text, from });

	for (const f of walk(`nodes/${p.folder}`).filter((f) => !f.includes('/npm/'))) copy(f);
	for (const f of walk('nodes/shared')) copy(f);
	const credential = `${p.credential.file}.ts`;
	copy(credential);
	for (const m of read(credential).matchAll(/["']file:([^"']+)["']/g)) copy(`credentials/${m[1]}`);
	put('providers.manifest.ts', banner.ts('providers.manifest.ts, this provider\'s entry') + oneEntryManifest(p), 'providers.manifest.ts (one entry)');

	const { tests, files: testFiles } = providerTests(p);
	for (const f of testFiles) if (!files.has(f)) copy(f);

	const pj = packageJson(pkg, p);
	put('package.json', `${JSON.stringify(pj, null, 2)}\n`, 'package.json + providers.manifest.ts');
	put('package-lock.json', `${JSON.stringify(packageLock(pj), null, 2)}\n`, 'package-lock.json');
	put('README.md', banner.md('README.md') + treeReadme(pkg, p, tests), 'README.md');
	put('CHANGELOG.md', banner.md('CHANGELOG.md') + changelog(pkg), 'CHANGELOG.md');
	files.set('LICENSE', { text: read('LICENSE'), from: 'LICENSE' });
	files.set('eslint.config.mjs', { text: read('eslint.config.mjs'), from: 'eslint.config.mjs (exact, as n8n-node lint requires)' });
	copy('.prettierrc.js');
	put('.prettierignore', read('.prettierignore'), '.prettierignore');
	files.set('.npmrc', { text: read('.npmrc'), from: '.npmrc' });
	put('.gitignore', 'node_modules/\ndist/\ncoverage/\n*.tgz\n');
	put('tsconfig.base.json', `${JSON.stringify({ compilerOptions: JSON.parse(read('tsconfig.json')).compilerOptions }, null, '\t')}\n`, 'tsconfig.json');
	put('tsconfig.json', `${JSON.stringify(TSCONFIG_BUILD(p), null, '\t')}\n`, 'tsconfig.build.json (n8n-node build runs tsc with tsconfig.json)');
	put(
		'tsconfig.test.json',
		`${JSON.stringify({ extends: './tsconfig.base.json', compilerOptions: { isolatedModules: true }, include: ['providers.manifest.ts', 'credentials/**/*', 'nodes/**/*', 'test/**/*'] }, null, '\t')}\n`,
		'tsconfig.json',
	);
	put('jest.config.js', banner.ts('jest.config.js') + JEST_CONFIG, 'jest.config.js');
	put('scripts/copy-codex.mjs', COPY_CODEX.replace('\n', `\n${banner.ts('')}`));
	put('.github/workflows/publish.yml', banner.yml('') + publishWorkflow(pkg));
	const listing = [...files.keys(), 'GENERATED.md'].sort();
	put(
		'GENERATED.md',
		[
			`# Generated files of ${pkg.name}`,
			'',
			`Every file here is generated by \`${GENERATOR}\` of [${MAIN_REPOSITORY}](https://github.com/${MAIN_REPOSITORY});`,
			'change the source there, not here.',
			'',
			'| file | from |',
			'|---|---|',
			...listing.map((f) => `| \`${f}\` | ${f === 'GENERATED.md' ? 'this list' : files.get(f).from} |`),
			'',
		].join('\n'),
	);
	return new Map([...files.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

const PRETTIER_OPTIONS = { ...(await import(join(REPO_DIR, '.prettierrc.js'))).default };
const PRETTIER_SKIP = ['package-lock.json', 'LICENSE', '.npmrc', '.gitignore', '.prettierignore'];

/** The tree's files formatted as its own `prettier --check` expects (this repository's config). */
async function formatted(rel, text) {
	if (PRETTIER_SKIP.includes(rel) || /\.(svg|png|md)$/.test(rel)) return text;
	const info = await prettier.getFileInfo(rel);
	if (info.ignored || !info.inferredParser) return text;
	return await prettier.format(text, { ...PRETTIER_OPTIONS, filepath: rel });
}

/** Writes `pkg`'s tree into `outDir/<name>/` (replacing what was there). Returns its folder. */
export async function writeTree(pkg, outDir) {
	const dir = join(outDir, pkg.name);
	// a regenerated tree keeps only its installed dev tools (node_modules) from before
	if (existsSync(dir)) for (const name of readdirSync(dir)) if (name !== 'node_modules') rmSync(join(dir, name), { recursive: true, force: true });
	const files = treeFiles(pkg);
	for (const [rel, { text }] of files) {
		mkdirSync(dirname(join(dir, rel)), { recursive: true });
		writeFileSync(join(dir, rel), await formatted(rel, text));
	}
	return { dir, files: files.size };
}

export async function releaseRepos({ outDir, only }) {
	const written = [];
	for (const pkg of PROVIDER_PACKAGES) {
		if (only && pkg.name !== only && pkg.provider.id !== only) continue;
		const { dir, files } = await writeTree(pkg, outDir);
		written.push({ name: pkg.name, provider: pkg.provider.id, dir, files, tests: providerTests(pkg.provider).tests });
	}
	return written;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const args = process.argv.slice(2);
	const out = args.find((a) => a.startsWith('--out='))?.slice('--out='.length);
	if (!out) {
		console.error('usage: npm run release:repos -- --out=DIR [--only=<package name>]');
		process.exit(2);
	}
	const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length);
	for (const t of await releaseRepos({ outDir: resolve(out), only })) {
		console.log(`${t.name}: ${relative(process.cwd(), t.dir)}  ${t.files} files, ${t.tests.length} test files`);
		for (const f of t.tests) console.log(`  ${f}`);
	}
}
