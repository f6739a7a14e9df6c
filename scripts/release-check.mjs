#!/usr/bin/env node
// npm run release:check [-- --out=DIR] [-- --only=<package name>] [-- --reuse-install]
//
// Regenerates every provider package's repository tree (scripts/release-repos.mjs, twice: the
// second pass must give the same bytes) and checks that each stands alone, as its own repository's
// workflow will run it: `npm ci`, `npm run build` (n8n-node build), `npm run lint` (the
// @n8n/node-cli strict config and prettier), `npm test` (its own tests against its fake), `npm pack`,
// n8n's scanner rules offline on both legs (the tree's sources with inline eslint config off, and
// the tarball's JavaScript), and `npm publish --dry-run`. The trees' tarballs land in
// DIR/tarballs/ (packages.json lists them) for the packages e2e tier (npm run test:e2e:packages).
//
// The trees have the same dev dependencies and lockfile as this repository, so one `npm ci` (in
// DIR/node_modules, which every tree in DIR/trees/ resolves through Node's parent-folder lookup)
// serves them all; --only=<name> installs into that tree itself, as a clean clone would.
// The trees are checked two at a time (RELEASE_CHECK_JOBS=<n> changes it; 1: one after the other).
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

import { ensureScanner } from './scanner.mjs';
import { REPO_DIR } from './packages.mjs';
import { releaseRepos } from './release-repos.mjs';

const args = process.argv.slice(2);
const arg = (name) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const outDir = resolve(arg('out') ?? join(REPO_DIR, '.tmp/release'));
const only = arg('only');
const t0 = Date.now();
const say = (m) => console.log(`[release:check ${String(Math.round((Date.now() - t0) / 1000)).padStart(4)}s] ${m}`);

/** Runs a command (npm without install scripts, audit or fund), its output collected; it does not block, so two trees are checked at a time. */
function sh(cmd, cmdArgs, cwd, env = {}) {
	return new Promise((res) => {
		const child = spawn(cmd, cmdArgs, {
			cwd,
			env: { ...process.env, npm_config_ignore_scripts: 'true', npm_config_audit: 'false', npm_config_fund: 'false', ...env },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const out = [];
		child.stdout.on('data', (d) => out.push(d));
		child.stderr.on('data', (d) => out.push(d));
		child.on('error', (e) => res({ ok: false, out: String(e), status: null }));
		child.on('close', (status) => res({ ok: status === 0, out: Buffer.concat(out).toString('utf8'), status }));
	});
}

function hashTree(dir) {
	const hash = createHash('sha256');
	const walk = (d) => {
		for (const name of readdirSync(d).sort()) {
			if (name === 'node_modules' || name === 'dist') continue;
			const f = join(d, name);
			if (statSync(f).isDirectory()) walk(f);
			else hash.update(`${relative(dir, f)}\0`).update(readFileSync(f));
		}
	};
	walk(dir);
	return hash.digest('hex');
}

const treesDir = join(outDir, 'trees');
mkdirSync(treesDir, { recursive: true });
say(`generating the provider trees into ${relative(process.cwd(), treesDir)}`);
const trees = await releaseRepos({ outDir: treesDir, only });
const first = new Map(trees.map((t) => [t.name, hashTree(t.dir)]));
const again = mkdtempSync(join(tmpdir(), 'release-again-'));
const second = await releaseRepos({ outDir: again, only });
const reproducible = second.every((t) => hashTree(t.dir) === first.get(t.name));
rmSync(again, { recursive: true, force: true });
say(`generated twice: ${reproducible ? 'the same bytes' : 'DIFFERENT bytes'}`);

// one install for all the trees (same package-lock.json), or the single tree's own
const installDir = only ? trees[0].dir : outDir;
if (!existsSync(join(installDir, 'node_modules/.bin/jest')) || !args.includes('--reuse-install')) {
	if (!only) {
		// npm ci needs a package.json + lock where it installs: the first tree's, moved up
		for (const f of ['package.json', 'package-lock.json']) writeFileSync(join(outDir, f), readFileSync(join(trees[0].dir, f)));
	}
	say(`npm ci in ${relative(process.cwd(), installDir)}`);
	const ci = await sh('npm', ['ci', '--prefer-offline'], installDir);
	if (!ci.ok) throw new Error(`npm ci failed:\n${ci.out.slice(-4000)}`);
}

const scanner = await import(pathToFileURL(ensureScanner()).href);
const tarballs = join(outDir, 'tarballs');
rmSync(tarballs, { recursive: true, force: true });
mkdirSync(tarballs, { recursive: true });
// The trees are independent (each its own folder; the shared node_modules is only read): check
// them RELEASE_CHECK_JOBS at a time (default 2: build, lint and jest each keep about one core
// busy, so two trees fill a 2-core machine). The table keeps the trees' order.
const jobs = Math.max(1, Number(process.env.RELEASE_CHECK_JOBS ?? Math.min(2, availableParallelism())));
const results = new Array(trees.length);
let failed = !reproducible;
async function checkTree(t) {
	const row = { name: t.name, files: t.files, testFiles: t.tests.length };
	const log = [];
	const step = async (name, cmd, cmdArgs) => {
		const r = await sh(cmd, cmdArgs, t.dir);
		row[name] = r.ok ? 'pass' : 'FAIL';
		if (!r.ok) {
			failed = true;
			log.push(`\n${t.name}: ${name} failed\n${r.out.slice(-6000)}`);
		}
		return r;
	};
	say(`${t.name}: build, lint, test`);
	await step('build', 'npm', ['run', 'build']);
	await step('lint', 'npm', ['run', 'lint']);
	const test = await step('test', 'npm', ['test', '--', '--ci']);
	row.tests = test.out.match(/Tests:\s+(.*)\n/)?.[1]?.trim() ?? '?';
	const pack = await sh('npm', ['pack', '--json', '--pack-destination', tarballs], t.dir);
	if (!pack.ok) {
		failed = true;
		row.pack = 'FAIL';
		log.push(pack.out);
		return { row, log };
	}
	const [info] = JSON.parse(pack.out.slice(pack.out.indexOf('[')));
	const tgz = join(tarballs, info.filename);
	const packedTree = { name: info.name, version: info.version, tgz, size: info.size, files: info.entryCount, providers: [t.provider] };
	row.tarball = `${(info.size / 1024).toFixed(1)} kB, ${info.entryCount} files`;
	// the scanner's source leg: the tree (its package.json named like the package), inline config off
	const root = scanner.findPackageRoot(t.dir, t.name);
	const source = root ? await scanner.analyzePackage(root, scanner.SOURCE_FILE_PATTERNS) : { passed: false, message: 'no package.json with its name' };
	const unpacked = mkdtempSync(join(tmpdir(), 'release-tgz-'));
	await sh('tar', ['-xzf', tgz, '-C', unpacked, '--strip-components=1'], t.dir);
	const tarball = await scanner.analyzePackage(unpacked, ['**/*.js', 'package.json']);
	rmSync(unpacked, { recursive: true, force: true });
	row.scanSource = source.passed ? 'pass' : 'FAIL';
	row.scanTarball = tarball.passed ? 'pass' : 'FAIL';
	for (const [leg, r] of [['source', source], ['tarball', tarball]]) {
		if (!r.passed) {
			failed = true;
			log.push(`\n${t.name}: scanner ${leg} leg: ${r.message}\n${r.details ?? ''}`);
		}
	}
	await step('publishDryRun', 'npm', ['publish', '--dry-run', '--provenance=false', '--access', 'public', '--tag', 'release-check']);
	say(`${t.name}: done`);
	return { row, log, packed: packedTree };
}
let next = 0;
await Promise.all(
	Array.from({ length: Math.min(jobs, trees.length) }, async () => {
		while (next < trees.length) {
			const i = next++;
			results[i] = await checkTree(trees[i]);
			for (const m of results[i].log) console.log(m);
		}
	}),
);
const rows = results.map((r) => r.row);
const packed = results.filter((r) => r.packed).map((r) => r.packed);
writeFileSync(join(tarballs, 'packages.json'), `${JSON.stringify(packed, null, 2)}\n`);

console.log(`\ngenerated twice, same bytes: ${reproducible ? 'yes' : 'NO'}\n`);
console.log('| tree | files | test files | tests | build | lint | test | tarball | scanner: sources | scanner: tarball | publish --dry-run |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
	console.log(
		`| ${r.name} | ${r.files} | ${r.testFiles} | ${r.tests} | ${r.build} | ${r.lint} | ${r.test} | ${r.tarball ?? '-'} | ${r.scanSource ?? '-'} | ${r.scanTarball ?? '-'} | ${r.publishDryRun ?? '-'} |`,
	);
}
say(failed ? 'FAILED' : 'every tree stands alone');
process.exit(failed ? 1 : 0);
