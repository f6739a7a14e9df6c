// Jest's default order (slowest and failed files first), minus the test files a selected group
// file already runs: a folder with a `folder.group.ts` (test/harness/group.ts) runs its `*.test.ts`
// in one module registry when the group file is selected (npm test, `npx jest test/<folder>`),
// and file by file when only some of them are (`npx jest test/<folder>/x.test.ts`). A file whose
// opening comment says `@own-registry` always runs on its own (the group leaves it out).
const { readFileSync } = require('node:fs');
const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

/** Same test as test/harness/group.ts's. */
const OWN_REGISTRY = /^\s*\*\s*@own-registry\b/m;

class GroupSequencer extends Sequencer {
	sort(tests) {
		const grouped = new Set(
			tests.filter((t) => t.path.endsWith('.group.ts')).map((t) => path.dirname(t.path)),
		);
		const kept = tests.filter(
			(t) =>
				!(t.path.endsWith('.test.ts') && grouped.has(path.dirname(t.path))) ||
				OWN_REGISTRY.test(readFileSync(t.path, 'utf8')),
		);
		return super.sort(kept);
	}
}

module.exports = GroupSequencer;
