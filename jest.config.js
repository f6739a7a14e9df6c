/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	// A folder with a folder.group.ts runs its *.test.ts as one test file, one module registry (n8n-core
	// loads once per folder, not once per file: test/harness/group.ts); the sequencer leaves out the
	// files a selected group runs. `npx jest test/x/y.test.ts` runs one file on its own.
	testMatch: ['**/*.test.ts', '**/*.group.ts'],
	testSequencer: '<rootDir>/test/harness/group-sequencer.cjs',
	testPathIgnorePatterns: ['/node_modules/', '/test/e2e/'],
	// Types are checked once by `npm run typecheck` (CI runs it): ts-jest only transpiles each file,
	// which keeps a cold run (a fresh clone, no cache) well under a minute on 2 cores.
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }] },
	testTimeout: 30000,
	setupFilesAfterEnv: ['<rootDir>/test/harness/jest-setup.ts'],
	// Two cores: one file per core (jest's default would leave one idle).
	maxWorkers: 2,
};
