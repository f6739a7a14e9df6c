// This package packed and installed into an n8n user folder the way n8n installs community packages.
// Part of the n8n test library (test/lib/n8n/index.mjs; scripts/n8n-env.mjs re-exports it).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { HARNESS_DIR, REPO_DIR, log, resolveUserFolder } from './harness.mjs';

// ---------------------------------------------------------------------------------------------
// packages

/** `npm pack` of a package folder (default: this repo) into destDir; returns the .tgz path. */
export function packPackage(pkgDir = REPO_DIR, destDir = mkdtempSync(join(tmpdir(), 'n8n-pack-'))) {
	mkdirSync(destDir, { recursive: true });
	const r = spawnSync('npm', ['pack', '--json', '--pack-destination', destDir], {
		cwd: pkgDir,
		encoding: 'utf8',
		env: { ...process.env, npm_config_ignore_scripts: 'true' },
	});
	if (r.status !== 0) throw new Error(`npm pack failed in ${pkgDir}:\n${r.stderr}`);
	const [info] = JSON.parse(r.stdout);
	return join(destDir, info.filename);
}

/**
 * Installs a package tarball into `<userFolder>/.n8n/nodes` exactly the way n8n 2.41.1's
 * CommunityPackagesService.downloadPackage does for a UI install: unpack into
 * nodes/node_modules/<name>, drop devDependencies/peerDependencies/optionalDependencies from its
 * package.json, `npm install --audit=false --fund=false --bin-links=false
 * --install-strategy=shallow --ignore-scripts=true --package-lock=false` inside it, and record
 * it in nodes/package.json. n8n loads every nodes/node_modules/n8n-nodes-* at start.
 */
export function installTarball(userFolder, tgzPath) {
	const uf = resolveUserFolder(userFolder);
	const nodesDir = join(uf, '.n8n', 'nodes');
	const listing = spawnSync('tar', ['-xzOf', tgzPath, 'package/package.json'], { encoding: 'utf8' });
	if (listing.status !== 0) throw new Error(`cannot read package.json from ${tgzPath}: ${listing.stderr}`);
	const { name, version } = JSON.parse(listing.stdout);
	const pkgDir = join(nodesDir, 'node_modules', ...name.split('/'));
	rmSync(pkgDir, { recursive: true, force: true });
	mkdirSync(pkgDir, { recursive: true });
	const tar = spawnSync('tar', ['-xzf', tgzPath, '-C', pkgDir, '--strip-components=1'], { encoding: 'utf8' });
	if (tar.status !== 0) throw new Error(`tar failed: ${tar.stderr}`);
	const pjPath = join(pkgDir, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...pj } = JSON.parse(readFileSync(pjPath, 'utf8'));
	writeFileSync(pjPath, JSON.stringify(pj, null, 2));
	const npm = spawnSync(
		'npm',
		[
			'install',
			'--audit=false',
			'--fund=false',
			'--bin-links=false',
			'--install-strategy=shallow',
			'--ignore-scripts=true',
			'--package-lock=false',
		],
		{ cwd: pkgDir, encoding: 'utf8' },
	);
	if (npm.status !== 0) throw new Error(`npm install in ${pkgDir} failed:\n${npm.stdout}\n${npm.stderr}`);
	const ledgerPath = join(nodesDir, 'package.json');
	let ledger = { name: 'installed-nodes', private: true, dependencies: {} };
	try {
		const old = JSON.parse(readFileSync(ledgerPath, 'utf8'));
		if (old && typeof old.dependencies === 'object') ledger = old;
	} catch {
		// no ledger yet
	}
	ledger.dependencies[name] = version;
	writeFileSync(ledgerPath, JSON.stringify(ledger, null, 2));
	return { name, version, dir: pkgDir };
}

/**
 * Builds (npm run build) and packs a package folder (default: this repo) into
 * .n8n-harness/pack. Needs no n8n, so callers can do it before the long harness install.
 * Returns the .tgz path.
 */
export function buildAndPack({ pkgDir = REPO_DIR, build = true } = {}) {
	if (build) {
		const pj = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
		if (pj.scripts?.build) {
			log(`npm run build in ${pkgDir}`);
			const b = spawnSync('npm', ['run', 'build'], { cwd: pkgDir, stdio: 'inherit' });
			if (b.status !== 0) throw new Error(`npm run build failed (exit ${b.status})`);
		}
	}
	const packDir = join(HARNESS_DIR, 'pack');
	rmSync(packDir, { recursive: true, force: true });
	return packPackage(pkgDir, packDir);
}

/**
 * Builds and packs a package folder (default: this repo), then installs the tarball into
 * `<userFolder>/.n8n/nodes` the way n8n does. Returns { name, version, dir, tgz }.
 */
export function packAndInstall(userFolder, { pkgDir = REPO_DIR, build = true } = {}) {
	const tgz = buildAndPack({ pkgDir, build });
	const installed = installTarball(userFolder, tgz);
	log(`installed ${installed.name}@${installed.version} into ${installed.dir}`);
	return { ...installed, tgz };
}
