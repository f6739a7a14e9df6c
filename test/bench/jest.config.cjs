// Jest settings for the in-process overhead benchmark (npm run bench runs it; npm test does not:
// its testMatch only takes *.test.ts).
const base = require('../../jest.config.js');

module.exports = {
	...base,
	rootDir: '../..',
	testMatch: ['**/test/bench/**/*.bench.ts'],
	testPathIgnorePatterns: ['/node_modules/'],
	// Benchmarks measure real time: no virtual wait clock.
	setupFilesAfterEnv: [],
};
