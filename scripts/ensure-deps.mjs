#!/usr/bin/env node
// Installs the dev dependencies (`npm ci`) when node_modules is missing or was installed from
// another package-lock.json, so `npm test` and `npm run dev` work on a fresh clone with nothing
// but Node + npm. Node built-ins only (it runs before anything is installed).
//
// The stamp node_modules/.package-lock-sha256 holds the sha256 of the package-lock.json that
// node_modules was installed from; it lives inside node_modules so deleting that folder also
// forgets it. Called from package.json's "test" and "dev" scripts (not as pre-scripts: .npmrc
// sets ignore-scripts, which also turns npm's pre/post scripts off).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const lockFile = join(repo, 'package-lock.json');
const stampFile = join(repo, 'node_modules', '.package-lock-sha256');

const wanted = createHash('sha256').update(readFileSync(lockFile)).digest('hex');
const have = existsSync(stampFile) ? readFileSync(stampFile, 'utf8').trim() : undefined;
if (have === wanted) process.exit(0);

// npm's own record of the last install (node_modules/.package-lock.json) is newer than
// package-lock.json: a plain `npm ci` / `npm install` ran since the lock last changed (a
// `git pull` that changes the lock makes the lock newer). Adopt it instead of installing again.
const npmRecord = join(repo, 'node_modules', '.package-lock.json');
if (existsSync(npmRecord) && statSync(npmRecord).mtimeMs >= statSync(lockFile).mtimeMs) {
	writeFileSync(stampFile, `${wanted}\n`);
	process.exit(0);
}

const why = existsSync(join(repo, 'node_modules'))
	? have
		? 'package-lock.json changed since the last install'
		: 'node_modules was not installed by this script'
	: 'node_modules is missing';
console.error(`[deps] ${why}: npm ci (the dev dependencies, a few minutes at most)`);
const started = Date.now();
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const r = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: repo, stdio: 'inherit' });
if (r.status !== 0) {
	console.error(`[deps] npm ci failed (exit ${r.status ?? r.signal})`);
	process.exit(r.status || 1);
}
writeFileSync(stampFile, `${wanted}\n`);
console.error(`[deps] installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
