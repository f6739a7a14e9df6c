// The slow tiers' and scripts' .mjs checked for names used but never defined or imported (eslint's
// no-undef), by test/provider-units.test.ts: those files do not run in npm test.
import globals from 'globals';

export default [
	{
		files: ['**/*.mjs'],
		languageOptions: { ecmaVersion: 2024, sourceType: 'module', globals: { ...globals.node } },
		rules: { 'no-undef': 'error' },
	},
	// code that runs in the browser page of the screenshots script
	{ files: ['scripts/screenshots.mjs'], languageOptions: { globals: globals.browser } },
];
