/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- test code reads the repository and runs its scripts */
/**
 * providers.manifest.ts covers the repository: every provider folder has an entry, every entry
 * loads (its node, credential and fake agree with it), and README.md has what its package README
 * is made of (a table row and a section under its display name).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { loadProvider, PROVIDER_ROWS, PROVIDER_RUN_FILES, PROVIDERS } from './providers';

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

	it.each(PROVIDERS.map((p) => [p.id, p] as const))(
		'%s: its test folder has its rows of every suite and run (PROVIDER_ROWS, PROVIDER_RUN_FILES)',
		(_id, entry) => {
			const files = [
				...Object.values(PROVIDER_ROWS).map((r) => ({
					file: `${r.file}.ts`,
					name: r.export,
					optional: false,
				})),
				...Object.values(PROVIDER_RUN_FILES).map((r) => ({
					file: r.file,
					name: r.export,
					optional: r.optional,
				})),
			];
			const missing = files
				.filter(
					({ file, optional }) => !optional || existsSync(path.join(REPO_DIR, entry.tests, file)),
				)
				.filter(({ file, name }) => {
					const at = path.join(REPO_DIR, entry.tests, file);
					return !existsSync(at) || !readFileSync(at, 'utf8').includes(`export const ${name}`);
				})
				.map(({ file, name }) => `${file} (${name})`);
			expect(missing).toEqual([]);
		},
	);

	// issue 27: a provider is its own unit (scripts/provider-spread.mjs, scripts/library-sizes.mjs)
	const script = (name: string) =>
		JSON.parse(
			execFileSync(process.execPath, [path.join(REPO_DIR, 'scripts', name), '--json'], {
				cwd: REPO_DIR,
				encoding: 'utf8',
			}),
		) as unknown;

	it('names every provider but the reference one in at most 3 files outside its own set', () => {
		const spread = script('provider-spread.mjs') as Record<string, { files: string[] }>;
		expect(Object.keys(spread).sort()).toEqual(PROVIDERS.map((p) => p.id).sort());
		const over = Object.entries(spread)
			.filter(([id, { files }]) => id !== 'cutoutPro' && files.length > 3)
			.map(([id, { files }]) => `${id}: ${files.join(', ')}`);
		expect(over).toEqual([]);
	});

	it('has no test or script library over 400 lines', () => {
		const sizes = script('library-sizes.mjs') as Array<{ file: string; lines: number }>;
		// the list is real: the harness and the suites are in it
		expect(sizes.map((s) => s.file)).toEqual(
			expect.arrayContaining([
				'test/harness/n8n.ts',
				'test/suites/faults.ts',
				'test/lib/n8n/cli.mjs',
			]),
		);
		expect(sizes.filter((s) => s.lines > 400)).toEqual([]);
	});
});
