/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code reads the repository */
/**
 * Prose that names or counts the providers, packages and examples is checked against what it
 * describes, so that a new provider or example cannot leave it behind.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { PROVIDERS } from './providers';

const REPO_DIR = path.join(__dirname, '..');
const packageJson = JSON.parse(readFileSync(path.join(REPO_DIR, 'package.json'), 'utf8')) as {
	description: string;
	keywords: string[];
};

describe('package.json', () => {
	it.each(PROVIDERS.map((p) => [p.displayName, p] as const))(
		'names %s in its description and keywords',
		(displayName, entry) => {
			expect(packageJson.description).toContain(displayName);
			// a provider package's own keyword (its second one after n8n's), e.g. "photoroom"
			const own = entry.npm.keywords.filter(
				(k) => !['n8n-community-node-package', 'n8n'].includes(k),
			)[0];
			expect(packageJson.keywords).toContain(own);
		},
	);
});
