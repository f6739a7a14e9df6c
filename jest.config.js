/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '/test/e2e/'],
	// Types are checked once by `npm run typecheck` (CI runs it): ts-jest only transpiles each file,
	// which keeps a cold run (a fresh clone, no cache) well under a minute on 2 cores.
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }] },
	testTimeout: 30000,
	setupFilesAfterEnv: ['<rootDir>/test/harness/jest-setup.ts'],
	// Two cores: one file per core (jest's default would leave one idle).
	maxWorkers: 2,
};
