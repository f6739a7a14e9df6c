#!/usr/bin/env node
// How far each provider spreads outside its own files (issue 27): the files of the repository that
// name a provider although their path does not. A provider's own set is every path that contains
// one of its names (its id, display name, node folder, test folder, fake), case-insensitive; its
// names are searched the same way in every other file. Set aside, as the issue counts: documentation
// (*.md), generated figures and results (test/reliability/figures/, test/bench/results/), the
// example workflows (examples/, user documentation), and the two places that list every provider
// by design: providers.manifest.ts and package.json (whose `n8n` section is written from it).
//
//   node scripts/provider-spread.mjs          per provider: the count and the files
//   node scripts/provider-spread.mjs --json   the same as JSON (test/provider-units.test.ts reads it)
//
// Cutout.pro is the reference provider the shared tests and the bench use as their example: it is
// listed, and not held to the limit (MAX_SPREAD) that test/provider-units.test.ts enforces on the others.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { PROVIDERS } from './providers.mjs';

const REPO_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The reference provider, and the most files outside its own set any other provider may name. */
export const REFERENCE_PROVIDER = 'cutoutPro';
export const MAX_SPREAD = 3;

const ASIDE = [
	/\.md$/i,
	/^test\/reliability\/figures\//,
	/^test\/bench\/results\//,
	/^examples\//,
	/^package(-lock)?\.json$/,
	/^providers\.manifest\.ts$/,
	/\.(png|svg|jpg|jpeg|gif|webp|mp4|mov|tgz)$/i,
];

/** The names a provider goes by in paths and text, lower-cased. */
export function namesOf(p) {
	const names = [p.id, p.displayName, p.folder, basename(p.tests), basename(p.fake.module)];
	return [...new Set(names.map((n) => n.toLowerCase()))];
}

/** Tracked files and new ones not ignored, as the next commit would hold them. */
function repositoryFiles() {
	const out = execFileSync(
		'git',
		['ls-files', '--cached', '--others', '--exclude-standard', '-z'],
		{
			cwd: REPO_DIR,
			encoding: 'utf8',
			maxBuffer: 64 * 1024 * 1024,
		},
	);
	return [...new Set(out.split('\0').filter(Boolean))].sort();
}

/** `{ [id]: { displayName, files: [...] } }`: the files outside each provider's set that name it. */
export function providerSpread(providers = PROVIDERS) {
	const texts = new Map();
	for (const file of repositoryFiles()) {
		if (ASIDE.some((re) => re.test(file))) continue;
		let text;
		try {
			text = readFileSync(join(REPO_DIR, file), 'utf8').toLowerCase();
		} catch {
			continue; // deleted in the work tree
		}
		texts.set(file, text);
	}
	const result = {};
	for (const p of providers) {
		const names = namesOf(p);
		const own = (file) => names.some((n) => file.toLowerCase().includes(n));
		const files = [...texts]
			.filter(([file, text]) => !own(file) && names.some((n) => text.includes(n)))
			.map(([file]) => file);
		result[p.id] = { displayName: p.displayName, files };
	}
	return result;
}

if (process.argv[1] && import.meta.url.endsWith(basename(process.argv[1]))) {
	const spread = providerSpread();
	if (process.argv.includes('--json')) {
		process.stdout.write(`${JSON.stringify(spread, null, '\t')}\n`);
	} else {
		for (const [id, { displayName, files }] of Object.entries(spread)) {
			const limit =
				id === REFERENCE_PROVIDER ? 'reference provider, no limit' : `limit ${MAX_SPREAD}`;
			console.log(`${displayName}: ${files.length} file(s) outside its own set name it (${limit})`);
			for (const file of files) console.log(`  ${file}`);
		}
	}
}
