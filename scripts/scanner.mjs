// n8n's community-package scanner (@n8n/scan-community-package), installed once into the harness
// folder: its own dependencies pin eslint 9.29 and typescript 7, so it lives apart from ours.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import { REPO_DIR } from './packages.mjs';

export const SCANNER_VERSION = '0.32.0';
const SCANNER_DIR = join(process.env.N8N_HARNESS_DIR ?? join(REPO_DIR, '.n8n-harness'), 'scanner');

/** The scanner's entry module (scanner/scanner.mjs), installed first when missing. */
export function ensureScanner() {
	const entry = join(SCANNER_DIR, 'node_modules/@n8n/scan-community-package/scanner/scanner.mjs');
	if (existsSync(entry)) return entry;
	mkdirSync(SCANNER_DIR, { recursive: true });
	writeFileSync(join(SCANNER_DIR, 'package.json'), JSON.stringify({ name: 'scanner-harness', private: true }));
	console.log(`installing @n8n/scan-community-package@${SCANNER_VERSION} into ${relative(REPO_DIR, SCANNER_DIR)}`);
	const r = spawnSync('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', `@n8n/scan-community-package@${SCANNER_VERSION}`], {
		cwd: SCANNER_DIR,
		encoding: 'utf8',
	});
	if (r.status !== 0) throw new Error(`scanner install failed:\n${r.stdout}\n${r.stderr}`);
	return entry;
}
