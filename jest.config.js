/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	// A folder with a folder.group.ts runs its *.test.ts as one test file, one module registry (n8n-core
	// loads once per folder, not once per file: test/harness/group.ts); the sequencer leaves out the
	// files a selected group runs. `npx jest test/x/y.test.ts` runs one file on its own.
	testMatch: ['**/*.test.ts', '**/*.group.ts'],
	testSequencer: '<rootDir>/test/harness/group-sequencer.cjs',
	testPathIgnorePatterns: ['/node_modules/', '/test/e2e/'],
	// Types are checked once by `npm run typecheck` (CI runs it, with isolatedModules: every file
	// compiles on its own): swc only strips the types of each file, as tsconfig.json's target and
	// module would emit it. On a fresh clone (no jest cache) it costs a fraction of ts-jest's
	// transpileModule (whole run: about 25 s less CPU on 2 cores).
	transform: {
		'^.+\\.ts$': [
			'@swc/jest',
			{ jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
		],
	},
	testTimeout: 30000,
	setupFilesAfterEnv: ['<rootDir>/test/harness/jest-setup.ts'],
	// Two cores: one file per core (jest's default would leave one idle).
	maxWorkers: 2,
};
