// Which test files a folder's group file runs (test/harness/group.ts), for it and for the
// sequencer (group-sequencer.cjs) that leaves them out of jest's list: one answer for both.
const { readFileSync, readdirSync } = require('node:fs');
const path = require('node:path');

/** A file that changes what its whole module registry runs under says so and runs on its own. */
const OWN_REGISTRY = /^\s*\*\s*@own-registry\b/m;
const ownRegistry = (file) => OWN_REGISTRY.test(readFileSync(file, 'utf8'));

/** Every `*.test.ts` of `dir` (not its subfolders) but those that run alone, in name order. */
function groupedTestFiles(dir) {
	return readdirSync(dir)
		.filter((name) => name.endsWith('.test.ts'))
		.sort()
		.map((name) => path.join(dir, name))
		.filter((file) => !ownRegistry(file));
}

module.exports = { ownRegistry, groupedTestFiles };
