/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code reads the repository */
/**
 * providers.manifest.ts covers the repository: every provider folder has an entry, every entry
 * loads (its node, credential and fake agree with it), and README.md has what its package README
 * is made of (a table row and a section under its display name).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { loadProvider, PROVIDERS } from './providers';

const REPO_DIR = path.join(__dirname, '..');

describe('providers.manifest.ts', () => {
	it('has an entry for every provider folder of nodes/', () => {
		const folders = readdirSync(path.join(REPO_DIR, 'nodes'), { withFileTypes: true })
			.filter((e) => e.isDirectory() && e.name !== 'shared')
			.map((e) => e.name)
			.sort();
		expect(PROVIDERS.map((p) => p.folder).sort()).toEqual(folders);
	});

	it.each(PROVIDERS.map((p) => [p.id, p] as const))(
		'%s: its node, credential and fake agree with it',
		(_id, entry) => {
			expect(loadProvider(entry).nodes()).toHaveLength(entry.nodes.length);
		},
	);

	it.each(PROVIDERS.map((p) => [p.id, p] as const))(
		'%s: README.md has its table row and section',
		(_id, entry) => {
			const readme = readFileSync(path.join(REPO_DIR, 'README.md'), 'utf8');
			expect(readme).toContain(`\n| **${entry.displayName}** |`);
			expect(readme).toContain(`\n## ${entry.displayName}\n`);
		},
	);

	it('has unique ids, folders, node and credential types and package names', () => {
		for (const key of ['id', 'folder', 'displayName'] as const) {
			expect(new Set(PROVIDERS.map((p) => p[key])).size).toBe(PROVIDERS.length);
		}
		const types = PROVIDERS.flatMap((p) => [...p.nodes.map((n) => n.type), p.credential.type]);
		expect(new Set(types).size).toBe(types.length);
		expect(new Set(PROVIDERS.map((p) => p.npm.name)).size).toBe(PROVIDERS.length);
	});
});
