/* eslint-disable @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-require-imports -- test code: it loads a folder's test files by path */
/**
 * A folder's test files run as one jest test file (`<folder>.group.ts`, see jest.config.js): one
 * module registry, so n8n-core and the harness load once for the folder instead of once per file
 * (about 1.5 s of CPU each). Each file runs inside a describe named after it, so its top-level
 * hooks (beforeAll, afterEach, …) still apply to its own tests only; its module-level code runs
 * when the folder's tests are collected, before any of them runs. `npx jest path/to/x.test.ts`
 * still runs a file on its own (test/harness/group-sequencer.cjs runs a folder's files one by
 * one when its group file is not among the selected tests).
 *
 * A file that changes what its whole module registry runs under (e.g. n8n's log level, read once
 * from the environment) says `@own-registry` in its opening comment: it runs as a test file of its
 * own, as before, and its folder's group leaves it out.
 */
import path from 'node:path';

// The files are chosen as the sequencer chooses them (one answer for both).
const { groupedTestFiles } = require('./group-members.cjs');

/** Every `*.test.ts` of `dir` (not its subfolders), each in its own describe, in name order. */
export function runFolder(dir: string) {
	const files: string[] = groupedTestFiles(dir);
	if (files.length === 0) throw new Error(`${dir} has no *.test.ts to run`);
	for (const file of files) {
		describe(path.basename(file), () => {
			require(file);
		});
	}
}
