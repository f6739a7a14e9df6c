#!/usr/bin/env node
// The test and script libraries and their sizes (issue 27): a library is a module of test/ or
// scripts/ that another module imports (a static or literal dynamic import, a literal require) or
// that the shared suites and runners load from a provider's test folder by name
// (test/providers.ts: PROVIDER_ROWS, PROVIDER_RUN_FILES); test files themselves (*.test.ts,
// *.bench.ts, the e2e cases and runners) and generated data are not libraries. None may exceed
// MAX_LIBRARY_LINES (test/provider-units.test.ts checks it).
//
//   node scripts/library-sizes.mjs          every library, largest first, and those over the limit
//   node scripts/library-sizes.mjs --json
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { PROVIDERS } from './providers.mjs';

const REPO_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const MAX_LIBRARY_LINES = 400;
const CODE = /\.(ts|mjs|cjs|js)$/;
const TEST_FILE = /\.(test|bench)\.ts$/;
/** What providers' test folders hold under fixed names (test/providers.ts). */
const BY_NAME = [
	'contract.ts',
	'faults.ts',
	'bad-input.ts',
	'secrets.ts',
	'editor.ts',
	'credential.ts',
	'e2e.mjs',
	'bench.mjs',
	'sandbox.ts',
	'queue.mjs',
	'overhead.ts',
];

function sources() {
	const out = execFileSync(
		'git',
		['ls-files', '--cached', '--others', '--exclude-standard', '-z', 'test', 'scripts'],
		{
			cwd: REPO_DIR,
			encoding: 'utf8',
		},
	);
	return out.split('\0').filter((f) => CODE.test(f) && existsSync(join(REPO_DIR, f)));
}

function resolveImport(from, spec) {
	if (!spec.startsWith('.')) return undefined;
	const base = join(dirname(from), spec);
	for (const candidate of [
		base,
		`${base}.ts`,
		`${base}.mjs`,
		`${base}.js`,
		`${base}.cjs`,
		join(base, 'index.ts'),
		join(base, 'index.mjs'),
	]) {
		if (CODE.test(candidate) && existsSync(join(REPO_DIR, candidate))) return candidate;
	}
	return undefined;
}

/** `[{ file, lines }]` of every library, largest first. */
export function librarySizes() {
	const files = sources();
	const imported = new Set();
	for (const file of files) {
		const text = readFileSync(join(REPO_DIR, file), 'utf8');
		const specs = [
			...text.matchAll(/(?:^|\s)(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/g),
			...text.matchAll(/(?:^|[^\w.])import\s*\(\s*['"]([^'"]+)['"]\s*\)/g),
			...text.matchAll(/(?:^|[^\w.])import\s+['"]([^'"]+)['"]/g),
			...text.matchAll(/(?:^|[^\w.])require\s*\(\s*['"]([^'"]+)['"]\s*\)/g),
		].map((m) => m[1]);
		for (const spec of specs) {
			const target = resolveImport(file, spec);
			if (target) imported.add(target);
		}
	}
	for (const p of PROVIDERS)
		for (const name of BY_NAME)
			if (existsSync(join(REPO_DIR, p.tests, name))) imported.add(join(p.tests, name));
	return [...imported]
		.filter(
			(file) =>
				(file.startsWith('test/') || file.startsWith('scripts/')) &&
				!TEST_FILE.test(basename(file)),
		)
		.map((file) => ({
			file,
			lines: readFileSync(join(REPO_DIR, file), 'utf8').split('\n').length - 1,
		}))
		.sort((a, b) => b.lines - a.lines);
}

if (process.argv[1] && import.meta.url.endsWith(basename(process.argv[1]))) {
	const sizes = librarySizes();
	if (process.argv.includes('--json'))
		process.stdout.write(`${JSON.stringify(sizes, null, '\t')}\n`);
	else {
		for (const { file, lines } of sizes)
			console.log(
				`${String(lines).padStart(5)}  ${file}${lines > MAX_LIBRARY_LINES ? '  (over the limit)' : ''}`,
			);
	}
}
