// Jest's default order (failed files first, then the slowest), minus the test files a selected
// group file already runs: a folder with a `folder.group.ts` (test/harness/group.ts) runs its
// `*.test.ts` in one module registry when the group file is selected (npm test, `npx jest
// test/<folder>`), and file by file when only some of them are (`npx jest test/<folder>/x.test.ts`).
// A file whose opening comment says `@own-registry` always runs on its own (the group leaves it out).
// With no recorded durations (a fresh clone), files are ordered by the code they load (a group: its
// files', with what they import), not by their own size (a group file has four lines), so that the
// biggest start first and the two workers end together.
const { existsSync, readFileSync } = require('node:fs');
const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

const { groupedTestFiles, ownRegistry } = require('./group-members.cjs');

const IMPORT = /\bfrom\s+'(\.{1,2}\/[^']+)'|\brequire\('(\.{1,2}\/[^']+)'\)/g;

/** Bytes of the repository's TypeScript a test file loads (its relative imports, transitively). */
function codeSize(files) {
	const seen = new Set();
	const todo = [...files];
	let bytes = 0;
	while (todo.length) {
		const file = todo.pop();
		if (seen.has(file)) continue;
		seen.add(file);
		const text = readFileSync(file, 'utf8');
		bytes += text.length;
		for (const m of text.matchAll(IMPORT)) {
			const base = path.resolve(path.dirname(file), m[1] ?? m[2]);
			const hit = [`${base}.ts`, path.join(base, 'index.ts')].find((f) => existsSync(f));
			if (hit) todo.push(hit);
		}
	}
	return bytes;
}

/** What a test file runs: a group, its folder's test files (but those that run alone). */
function members(file) {
	return file.endsWith('.group.ts') ? groupedTestFiles(path.dirname(file)) : [file];
}

class GroupSequencer extends Sequencer {
	sort(tests) {
		const grouped = new Set(
			tests.filter((t) => t.path.endsWith('.group.ts')).map((t) => path.dirname(t.path)),
		);
		const kept = tests.filter(
			(t) =>
				!(t.path.endsWith('.test.ts') && grouped.has(path.dirname(t.path))) || ownRegistry(t.path),
		);
		const sorted = super.sort(kept);
		// jest runs the files it has no duration for first
		const untimed = sorted.filter((t) => t.duration == null);
		const bytes = new Map(untimed.map((t) => [t, codeSize(members(t.path))]));
		untimed.sort((a, b) => bytes.get(b) - bytes.get(a));
		return [...untimed, ...sorted.filter((t) => t.duration != null)];
	}
}

module.exports = GroupSequencer;
