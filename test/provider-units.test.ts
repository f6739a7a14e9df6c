/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- test code runs the repository's scripts */
/**
 * Issue 27: a provider is its own unit. scripts/provider-spread.mjs lists the files outside each
 * provider's own set that name it; scripts/library-sizes.mjs the test and script libraries. This
 * repository's checks, not a provider package's (scripts/release-tests.mjs leaves them out of the
 * provider trees, which have no scripts/).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { PROVIDER_ROWS, PROVIDER_RUN_FILES, PROVIDERS } from './providers';

const REPO_DIR = path.join(__dirname, '..');
/** The reference provider the shared tests and the bench use as their example: no limit. */
const REFERENCE_PROVIDER = 'cutoutPro';

describe('every provider is its own unit', () => {
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
			.filter(([id, { files }]) => id !== REFERENCE_PROVIDER && files.length > 3)
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

describe('the slow tiers’ scripts (not run by npm test)', () => {
	it('use no name they do not define or import (rows moved beside their provider included)', () => {
		// a row that lost an import fails here, not 20 minutes into CI's e2e tier
		const eslint = path.join(REPO_DIR, 'node_modules', 'eslint', 'bin', 'eslint.js');
		const config = path.join(REPO_DIR, 'test', 'lib', 'tiers.eslint.config.mjs');
		let out: string;
		try {
			out = execFileSync(
				process.execPath,
				[eslint, '-c', config, '--no-ignore', '--format', 'json', 'test/**/*.mjs', 'scripts/*.mjs'],
				{ cwd: REPO_DIR, encoding: 'utf8' },
			);
		} catch (error) {
			out = (error as { stdout: string }).stdout;
		}
		const results = JSON.parse(out) as Array<{
			filePath: string;
			messages: Array<{ line: number; message: string }>;
		}>;
		const problems = results.flatMap((r) =>
			r.messages.map((m) => `${path.relative(REPO_DIR, r.filePath)}:${m.line} ${m.message}`),
		);
		expect(results.length).toBeGreaterThan(20);
		expect(problems).toEqual([]);
	});
});
