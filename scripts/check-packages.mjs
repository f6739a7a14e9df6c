#!/usr/bin/env node
// npm run check:packages: what n8n's verification checks, for the all-in-one package (each provider
// package is checked the same way in its own generated repository: npm run release:check).
//
//   npm run check:packages [-- --no-pack]
//
// 1. packs all six (npm run pack:all; --no-pack uses the tarballs already in .tmp/packages);
// 2. strict lint of this repository (npm run lint);
// 3. the static analysis of @n8n/scan-community-package (installed once into
//    .n8n-harness/scanner with --ignore-scripts): its own ESLint configuration, run on the
//    package's sources (its "source" leg: package.json + nodes/credentials) and on the unpacked
//    tarball (its "tarball" leg: every .js + package.json), exactly as `analyzePackageByName`
//    calls `analyzePackage`. Its other steps need the network and cannot run here: the npm
//    provenance check and attestation lookup (registry), downloading the published tarball
//    (registry) and the attested source commit (GitHub).
// 4. the tarball itself: no runtime dependencies, peer dependency exactly n8n-workflow "*", no
//    install scripts, MIT, keyword, English-only text (ASCII letters) in node descriptions.
// 5. a control: one provider package broken on purpose (in a workspace of its own sources) must
//    fail the strict lint, the tarball leg and the manifest checks.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

import { DEFAULT_OUT_DIR, PROVIDER_PACKAGES, REPO_DIR, packAll, providerLayout } from './packages.mjs';
import { ensureScanner } from './scanner.mjs';

const say = (m) => console.log(m);

function sh(cmd, args, opts = {}) {
	return spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
}

/** A folder laid out like the package's own repository (sources only), for lint and the scanner's source leg. */
function sourceWorkspace(pkgJson, folders) {
	const dir = mkdtempSync(join(tmpdir(), `n8n-src-${pkgJson.name}-`));
	writeFileSync(join(dir, 'package.json'), `${JSON.stringify(pkgJson, null, 2)}\n`);
	// providers.manifest.ts: nodes/shared/output.ts takes the ProviderId type from it (types only)
	for (const f of ['eslint.config.mjs', 'tsconfig.json', 'providers.manifest.ts']) cpSync(join(REPO_DIR, f), join(dir, f));
	// nodes/<Provider>/npm holds the manifest, which is the workspace's package.json here
	const notManifest = (src) => !src.endsWith('/npm') && !src.includes('/npm/');
	for (const folder of folders) cpSync(join(REPO_DIR, 'nodes', folder), join(dir, 'nodes', folder), { recursive: true, filter: notManifest });
	cpSync(join(REPO_DIR, 'nodes/shared'), join(dir, 'nodes/shared'), { recursive: true });
	mkdirSync(join(dir, 'credentials'));
	for (const folder of folders) {
		for (const cred of providerLayout(folder).credentials) {
			const src = cred.replace(/^dist\//, '').replace(/\.js$/, '.ts');
			cpSync(join(REPO_DIR, src), join(dir, src));
			for (const m of readFileSync(join(REPO_DIR, src), 'utf8').matchAll(/["']file:([^"']+)["']/g)) {
				cpSync(join(REPO_DIR, 'credentials', m[1]), join(dir, 'credentials', m[1]));
			}
		}
	}
	symlinkSync(join(REPO_DIR, 'node_modules'), join(dir, 'node_modules'));
	return dir;
}

function unpack(tgz) {
	const dir = mkdtempSync(join(tmpdir(), 'n8n-tgz-'));
	const r = sh('tar', ['-xzf', tgz, '-C', dir, '--strip-components=1']);
	if (r.status !== 0) throw new Error(`tar: ${r.stderr}`);
	return dir;
}

function filesUnder(dir) {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

/** Manifest and text checks on the unpacked tarball. Returns a list of problems. */
function manifestProblems(dir) {
	const pj = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
	const problems = [];
	if (!/^(@[^/]+\/)?n8n-nodes-/.test(pj.name)) problems.push(`name ${pj.name} does not start with n8n-nodes-`);
	if (pj.license !== 'MIT') problems.push(`license ${pj.license}`);
	if (!existsSync(join(dir, 'LICENSE'))) problems.push('no LICENSE file');
	if (!pj.keywords?.includes('n8n-community-node-package')) problems.push('keyword n8n-community-node-package missing');
	if (Object.keys(pj.dependencies ?? {}).length) problems.push(`runtime dependencies: ${Object.keys(pj.dependencies)}`);
	if (JSON.stringify(pj.peerDependencies) !== JSON.stringify({ 'n8n-workflow': '*' })) problems.push(`peerDependencies ${JSON.stringify(pj.peerDependencies)}`);
	for (const s of ['preinstall', 'install', 'postinstall', 'prepare', 'prepublish']) if (pj.scripts?.[s]) problems.push(`lifecycle script ${s}`);
	// node code: no environment or file-system access (the lint rules check the sources; this
	// checks what ships, after compilation)
	for (const file of filesUnder(join(dir, 'dist')).filter((f) => f.endsWith('.js'))) {
		const code = readFileSync(file, 'utf8');
		for (const re of [/\bprocess\.env\b/, /require\(["'](node:)?(fs|fs\/promises|child_process|os|path)["']\)/, /\b__dirname\b/]) {
			if (re.test(code)) problems.push(`${relative(dir, file)} matches ${re}`);
		}
	}
	// English only: every user-facing text of the node/credential descriptions is ASCII or
	// typographic punctuation (a translated UI string would bring other letters)
	for (const file of filesUnder(join(dir, 'dist')).filter((f) => f.endsWith('.js') || f.endsWith('.json'))) {
		const letters = readFileSync(file, 'utf8').match(/[^\x00-\x7F–—…→←≤≥×·’“”°]/g);
		if (letters) problems.push(`${relative(dir, file)} has non-English characters: ${[...new Set(letters)].join('')}`);
	}
	return problems;
}

/**
 * The checks above must be able to fail: one provider package is broken on purpose (a timer,
 * process.env and a file-system require in its node code, a runtime dependency) and every check
 * must report it. Returns true when they all did.
 */
async function controlsFail(p, { analyzePackage, eslintBin }) {
	const tarballDir = unpack(p.tgz);
	const pkgJson = JSON.parse(readFileSync(join(tarballDir, 'package.json'), 'utf8'));
	const srcDir = sourceWorkspace(pkgJson, p.providers);
	try {
		const bad = "\nconst t = setTimeout(() => undefined, 1); const e = process.env.HOME; const fs = require('fs');\n";
		const nodeJs = join(tarballDir, pkgJson.n8n.nodes[0]);
		writeFileSync(nodeJs, readFileSync(nodeJs, 'utf8') + bad);
		writeFileSync(join(tarballDir, 'package.json'), JSON.stringify({ ...pkgJson, dependencies: { axios: '^1.0.0' } }, null, 2));
		const nodeTs = join(srcDir, pkgJson.n8n.nodes[0].replace(/^dist\//, '').replace(/\.js$/, '.ts'));
		writeFileSync(nodeTs, `${readFileSync(nodeTs, 'utf8')}\nexport const timer = setTimeout(() => undefined, 1);\n`);
		const results = {
			'strict lint': sh(process.execPath, [eslintBin, '.', '--max-warnings', '0'], { cwd: srcDir }).status !== 0,
			'scanner tarball leg': !(await analyzePackage(tarballDir, ['**/*.js', 'package.json'])).passed,
			'manifest/env/fs checks': manifestProblems(tarballDir).length >= 3,
		};
		say(`\ncontrol (${p.name} broken on purpose): ${Object.entries(results).map(([k, v]) => `${k} ${v ? 'failed it' : 'MISSED it'}`).join(', ')}`);
		return Object.values(results).every(Boolean);
	} finally {
		rmSync(tarballDir, { recursive: true, force: true });
		rmSync(srcDir, { recursive: true, force: true });
	}
}

async function main() {
	const args = process.argv.slice(2);
	const packed = args.includes('--no-pack')
		? JSON.parse(readFileSync(join(DEFAULT_OUT_DIR, 'packages.json'), 'utf8'))
		: packAll();
	const { analyzePackage, findPackageRoot, SOURCE_FILE_PATTERNS } = await import(pathToFileURL(ensureScanner()).href);
	// the scanner lints "the source the provenance attestation points at": GitHub's archive of the
	// release commit, in which it looks for the package.json carrying the package's name
	const commitDir = mkdtempSync(join(tmpdir(), 'n8n-commit-'));
	const archive = sh('bash', ['-c', `git archive --format=tar HEAD | tar -x -C '${commitDir}'`], { cwd: REPO_DIR });
	if (archive.status !== 0) throw new Error(`git archive: ${archive.stderr}`);
	const eslintBin = join(REPO_DIR, 'node_modules/eslint/bin/eslint.js');
	const rows = [];
	let failed = false;
	// the provider packages are checked in their own generated repositories (npm run release:check)
	for (const p of packed.filter((x) => x.providers.length > 1)) {
		const isAllInOne = p.providers.length > 1;
		const tarballDir = unpack(p.tgz);
		const pkgJson = JSON.parse(readFileSync(join(tarballDir, 'package.json'), 'utf8'));
		// the all-in-one's sources are this repository; a provider's, a folder with only its own
		const srcDir = isAllInOne ? REPO_DIR : sourceWorkspace(pkgJson, p.providers);
		try {
			const lint = isAllInOne
				? sh('npm', ['run', 'lint'], { cwd: REPO_DIR })
				: sh(process.execPath, [eslintBin, '.', '--max-warnings', '0'], { cwd: srcDir });
			const scanSource = await analyzePackage(srcDir, SOURCE_FILE_PATTERNS);
			// the scanner's own source leg on the committed tree: root = the folder of the package.json
			// named like the package (this repository's root)
			const commitRoot = findPackageRoot(commitDir, p.name);
			const scanCommit = commitRoot ? await analyzePackage(commitRoot, SOURCE_FILE_PATTERNS) : { passed: false, message: `no package.json named ${p.name} in HEAD` };
			const scanTarball = await analyzePackage(tarballDir, ['**/*.js', 'package.json']);
			const problems = manifestProblems(tarballDir);
			const row = {
				name: p.name,
				size: `${(p.size / 1024).toFixed(1)} kB`,
				lint: lint.status === 0 ? 'pass' : 'FAIL',
				scanSource: scanSource.passed ? 'pass' : 'FAIL',
				scanCommit: `${scanCommit.passed ? 'pass' : 'FAIL'} (${commitRoot ? relative(commitDir, commitRoot) || '.' : 'not found'})`,
				scanTarball: scanTarball.passed ? 'pass' : 'FAIL',
				manifest: problems.length ? 'FAIL' : 'pass',
			};
			rows.push(row);
			if (lint.status !== 0) say(`\n${p.name}: strict lint\n${lint.stdout}${lint.stderr}`);
			for (const [leg, r] of [['source', scanSource], ['committed source', scanCommit], ['tarball', scanTarball]]) {
				if (!r.passed) say(`\n${p.name}: scanner ${leg} leg: ${r.message}\n${r.details ?? ''}`);
			}
			if (problems.length) say(`\n${p.name}: ${problems.join('\n  ')}`);
			if (Object.values(row).some((v) => v.startsWith('FAIL'))) failed = true;
		} finally {
			rmSync(tarballDir, { recursive: true, force: true });
			if (srcDir !== REPO_DIR) rmSync(srcDir, { recursive: true, force: true });
		}
	}
	rmSync(commitDir, { recursive: true, force: true });
	failed = !(await controlsFail(packed.at(-1), { analyzePackage, eslintBin })) || failed;
	say('\n| package | tarball | strict lint | scanner rules: its sources | scanner source leg: HEAD (root) | scanner tarball leg | manifest, no env/fs, English |');
	say('|---|---|---|---|---|---|---|');
	for (const r of rows) say(`| ${r.name} | ${r.size} | ${r.lint} | ${r.scanSource} | ${r.scanCommit} | ${r.scanTarball} | ${r.manifest} |`);
	say('\nNot run (need the registry or GitHub): npm provenance + attestation, download of the published tarball and of the attested source.');
	process.exit(failed ? 1 : 0);
}

await main();
